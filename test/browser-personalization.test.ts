/**
 * The personalization walkthrough of issue 6 in real Chromium, through the
 * built script tag and `track()` calls as a site would make them: a visitor
 * views the product page twice, clicks an email, replies on WhatsApp, then
 * abandons checkout. Slotwise recommends the WhatsApp checkout reminder; the
 * page hears it (`action` event, `slotwise:action` DOM event), and the beacon
 * reaches the server exactly once within the cooldown, even after more
 * events and a reload. With consent denied nothing is sent and nothing is
 * stored.
 *
 * "Nothing more was sent" is shown without waiting on a clock: a second,
 * sentinel action is triggered afterwards, and beacons leave in order, so once
 * the sentinel's beacon has arrived any duplicate would have too.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS, jsonScript, pageHtml, PERSONALIZE_SDK_PATH, slot } from "./support/pages.js";
import { serveProbes } from "./support/probes.js";
import { serveLandingPatiently } from "./support/landing.js";
import { startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession, readWitness, slotStates, whenReady, type Session } from "./support/session.js";

const REMINDER = "send_personalized_checkout_reminder";
const SENTINEL = "send_demo_invite";

const RULES = {
  version: 1,
  scores: {
    intent: {
      signals: [
        { event: "product_page_viewed", points: 20 },
        { event: "email_clicked", points: 15 },
        { event: "whatsapp_replied", points: 25 },
      ],
      cap: 100,
      halfLife: "7d",
    },
  },
  stages: [
    { name: "high_intent_lead", when: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 60 }] } },
    { name: "anonymous" },
  ],
  actions: [
    {
      name: "Asked for a demo",
      when: { all: [{ fact: "events.demo_requested.count", operator: "greaterThan", value: 0 }] },
      action: SENTINEL,
      channel: "email",
      timing: "next_visit",
      cooldown: "7d",
    },
    {
      name: "Abandoned checkout",
      when: {
        all: [
          { fact: "scores.intent", operator: "greaterThanInclusive", value: 60 },
          { fact: "events.checkout_abandoned.count", operator: "greaterThan", value: 0 },
        ],
      },
      action: REMINDER,
      channel: { fact: "user.preferredChannel", fallback: "email" },
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      cooldown: "24h",
    },
  ],
  slots: {
    reminder: [
      { name: "Checkout reminder", when: { all: [{ fact: "nextBestAction.action", operator: "equal", value: REMINDER }] }, show: "Reminder" },
    ],
  },
  variants: { Reminder: { text: "Your cart is waiting: complete your order" } },
};

/**
 * Runs before Slotwise (first in <head>): records the instance's `action`
 * events and the document's `slotwise:action` events, and counts calls of
 * navigator.sendBeacon (still calling it).
 */
function journeyProbe(): void {
  const w = window as unknown as Record<string, any>;
  const record = { actions: [] as unknown[], domActions: [] as unknown[], beacons: 0 };
  w.__journey = record;
  const original = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    record.beacons += 1;
    return original(url, data);
  };
  document.addEventListener("slotwise:action", (event) => record.domActions.push((event as CustomEvent).detail));
  (w.slotwiseQueue = w.slotwiseQueue || []).push((sw: any) => sw.on("action", (payload: unknown) => record.actions.push(payload)));
}

interface Journey {
  actions: Record<string, unknown>[];
  domActions: Record<string, unknown>[];
  beacons: number;
}

function page(consent: "granted" | "denied"): string {
  return pageHtml({
    title: "Checkout",
    probes: ["witness"],
    // The script tag written out: its beacon attribute is what is under test.
    head: [
      '<script src="/probe/journey.js"></script>',
      jsonScript("data-slotwise-rules", RULES),
      `<script src="${PERSONALIZE_SDK_PATH}" data-consent="${consent}" data-beacon-url="/beacon" data-datalayer></script>`,
    ].join("\n"),
    sdk: null,
    body: slot("reminder", "Free delivery on every order"),
  });
}

describe.skipIf(!hasChromium)("the personalization walkthrough in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  let session: Session;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    serveProbes(server);
    server.route("/probe/journey.js", { headers: { "content-type": "text/javascript" }, body: `(${String(journeyProbe)})();\n` });
    server.route("/shop/granted.html", { headers: HTML_HEADERS, body: page("granted") });
    server.route("/shop/denied.html", { headers: HTML_HEADERS, body: page("denied") });
    server.route("/shop/blank.html", { headers: HTML_HEADERS, body: "<!doctype html><title>blank</title>" });
    server.route("/beacon", { status: 204 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    // A first-time visitor each time, and no beacon from the test before.
    server.posts.clear();
    session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/shop/blank.html`);
    await session.page.evaluate(() => localStorage.clear());
    return async () => {
      await session.page.close();
    };
  });

  async function open(path: string): Promise<Page> {
    await session.page.goto(`${server.origin}${path}`);
    await whenReady(session.page);
    return session.page;
  }

  /** `track()` (and `set()`) calls, as the site's own code makes them. */
  async function act(target: Page, calls: ([string, string] | ["set", Record<string, unknown>])[]): Promise<void> {
    await target.evaluate((list) => {
      const sw = (window as unknown as { Slotwise: { instance: { track(name: string): void; set(facts: unknown): void } } }).Slotwise.instance;
      for (const [method, argument] of list) {
        if (method === "set") sw.set(argument);
        else sw.track(argument as string);
      }
    }, calls);
  }

  async function journey(target: Page): Promise<Journey> {
    return target.evaluate(() => (window as unknown as { __journey: Journey }).__journey);
  }

  const beacons = (): Record<string, unknown>[] => (server.posts.get("/beacon") ?? []).map((body) => JSON.parse(body) as Record<string, unknown>);

  const WALKTHROUGH: ([string, string] | ["set", Record<string, unknown>])[] = [
    ["track", "product_page_viewed"],
    ["track", "product_page_viewed"],
    ["track", "email_clicked"],
    ["set", { user: { preferredChannel: "whatsapp" } }],
    ["track", "whatsapp_replied"],
    ["track", "checkout_abandoned"],
  ];

  it("recommends the WhatsApp checkout reminder, and the beacon reaches the server once within the cooldown", async () => {
    const shop = await open("/shop/granted.html");
    await act(shop, WALKTHROUGH);

    await expect.poll(async () => (await journey(shop)).actions.length).toBe(1);
    const { actions, domActions } = await journey(shop);
    expect(actions[0]).toMatchObject({
      action: REMINDER,
      channel: "whatsapp",
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      rule: "Abandoned checkout",
      facts: { "scores.intent": 80, "events.checkout_abandoned.count": 1, "user.preferredChannel": "whatsapp" },
    });
    expect(domActions).toEqual(actions);
    // The slot for the action showed at once.
    expect((await slotStates(shop)).reminder).toEqual({ state: "variant", variant: "Reminder", text: "Your cart is waiting: complete your order" });
    // The opt-in dataLayer push, for a tag manager.
    // Exposures go there too (one per slot shown), each under its own event name.
    const layer = await shop.evaluate(() => (window as unknown as { dataLayer: { event: string; action?: string; slot?: string }[] }).dataLayer);
    expect(layer.filter((item) => item.event === "slotwise_action").map((item) => item.action)).toEqual([REMINDER]);
    expect(layer.filter((item) => item.event === "slotwise_exposure").map((item) => item.slot)).toContain("reminder");
    expect(layer.every((item) => item.event === "slotwise_action" || item.event === "slotwise_exposure")).toBe(true);

    await expect.poll(() => beacons().length).toBe(1);
    const body = beacons()[0] as Record<string, unknown>;
    expect(body).toEqual(actions[0]);
    expect(body.visitorId).toBe(await shop.evaluate(() => (window as unknown as { Slotwise: { instance: { context(): { visitor: { id: string } } } } }).Slotwise.instance.context().visitor.id));

    // More events on this page, then a reload (the profile is read back from storage), then more again.
    await act(shop, [["track", "checkout_abandoned"], ["track", "whatsapp_replied"]]);
    await shop.reload();
    await whenReady(shop);
    expect((await slotStates(shop)).reminder?.state).toBe("variant");
    await act(shop, [["track", "checkout_abandoned"], ["track", "product_page_viewed"], ["track", "demo_requested"]]);

    // The sentinel action arrives: anything sent before it has arrived too.
    await expect.poll(() => beacons().map((item) => item.action)).toEqual([REMINDER, SENTINEL]);
    expect((await journey(shop)).beacons).toBe(1); // on this page view: the sentinel only
    expect((await readWitness(shop)).sdkErrors).toEqual([]);
    await expectSilence(session);
  });

  it("with consent denied still tells the page, but sends nothing and stores nothing", async () => {
    const shop = await open("/shop/denied.html");
    await act(shop, WALKTHROUGH);
    await expect.poll(async () => (await journey(shop)).actions.length).toBe(1);
    await act(shop, [["track", "demo_requested"]]);
    await expect.poll(async () => (await journey(shop)).actions.length).toBe(2);
    const seen = await journey(shop);
    expect(seen.actions.map((action) => action.action)).toEqual([REMINDER, SENTINEL]);
    expect(seen.actions[0]).toMatchObject({ action: REMINDER, channel: "whatsapp" });
    expect(seen.domActions).toHaveLength(2);
    // sendBeacon would have been called in the same task as the action event.
    expect(seen.beacons).toBe(0);
    expect(await shop.evaluate(() => (window as unknown as { dataLayer?: unknown }).dataLayer)).toBeUndefined();
    await expectSilence(session);

    // Leaving the page is when pending writes happen: still nothing in storage.
    await shop.goto(`${server.origin}/shop/blank.html`);
    expect(await shop.evaluate(() => localStorage.length)).toBe(0);
    expect(server.posts.get("/beacon")).toBeUndefined();
  });
});

describe.skipIf(!hasChromium)("the landing page's journey panel in Chromium", () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    serveLandingPatiently(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows the score, stage and next best action as a marketer clicks through the journey", async () => {
    const session = await openSession(browser.context);
    const { page: landing } = session;
    await landing.goto(`${server.origin}/examples/landing/index.html`);
    await landing.evaluate(() => localStorage.clear());
    await landing.reload();
    await landing.waitForFunction(() => (window as unknown as { Slotwise?: { instance?: unknown } }).Slotwise?.instance !== undefined);
    await landing.evaluate(async () => {
      await (window as unknown as { Slotwise: { instance: { ready: Promise<unknown> } } }).Slotwise.instance.ready;
    });
    const profileText = async (): Promise<string> => (await landing.locator("#profile").textContent()) ?? "";
    await expect.poll(profileText).toContain("lifecycle_stage: anonymous");

    for (const name of ["View the product page", "View the product page", "Click the email", "Reply on WhatsApp", "Abandon checkout"]) {
      await landing.getByRole("button", { name, exact: true }).click();
    }
    await expect.poll(profileText).toContain("intent_score: 80");
    expect(await profileText()).toContain("lifecycle_stage: high_intent_lead");
    expect(await profileText()).toContain("segments: highIntent");
    expect(await profileText()).toContain("preferred_channel: whatsapp");
    expect(await landing.locator("#actions").textContent()).toBe(
      [
        "send_demo_invite via email (next_visit) from rule 'Warm leads'",
        "send_personalized_checkout_reminder via whatsapp (immediate; risk=checkout_abandonment) from rule 'Abandoned checkout'",
      ].join("\n"),
    );
    expect(session.messages).toEqual([]);
    expect(session.pageErrors).toEqual([]);
    await landing.close();
  });
});
