/**
 * The landing-page example (examples/landing/) in real Chromium, used the way
 * a marketer tries it: open the page, pick a visitor in the "Try a visitor"
 * panel, reload, press "Forget me"; and read what is on screen. It loads the
 * built script tag (dist/slotwise.global.js) and its rules from
 * examples/landing/rules.json, as `npm start` serves them (with a longer
 * data-timeout: test/support/landing.ts).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS } from "./support/pages.js";
import { PROBES } from "./support/probes.js";
import { LANDING, serveLandingPatiently } from "./support/landing.js";
import { startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession, readWitness, slotStates, whenReady, type Session } from "./support/session.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";


type Shown = { state: string; variant: string | null; text: string };

/** What each slot shows to a visitor no rule picks out (the page's own markup). */
const DEFAULTS: Record<string, Shown> = {
  "hero-banner": { state: "default", variant: null, text: "Default offer: free delivery on orders over ₹999" },
  headline: { state: "default", variant: null, text: "Everything you need, delivered tomorrow" },
  offer: { state: "default", variant: null, text: "Join Acme today and get our weekly deals." },
  cta: { state: "default", variant: null, text: "Start shopping" },
};

const BANGALORE: Shown = { state: "variant", variant: "BangaloreOffer", text: "Namaste Bangalore: 20% off this week" };
const RETURNING_CTA: Shown = { state: "variant", variant: "WelcomeBackCta", text: "Welcome back: pick up where you left off" };

/** Every slot's state, variant and visible text, once they match `expected` (or after LOADED_MACHINE_WAIT, to show the difference). */
async function expectSlots(page: Page, expected: Record<string, Shown>): Promise<void> {
  await expect.poll(() => slotStates(page), { timeout: LOADED_MACHINE_WAIT }).toEqual(expected);
}

/** The "Why does this visitor see this?" box of the panel. */
async function whyText(page: Page): Promise<string> {
  return (await page.locator("#why").textContent()) ?? "";
}

describe.skipIf(!hasChromium)("the landing-page example in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  let session: Session;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    server.route("/blank.html", { headers: HTML_HEADERS, body: "<!doctype html><title>blank</title>" });
    serveLandingPatiently(server);
    // The witness probe first in every page: uncaught errors, rejections, Slotwise's error events.
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})();` });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    // Each test is a first-time visitor: nothing stored from the test before.
    session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/blank.html`);
    await session.page.evaluate(() => localStorage.clear());
    return async () => {
      await session.page.close();
    };
  });

  /** Opens the landing page (with a query string) and waits for the first decisions. */
  async function open(query = ""): Promise<Page> {
    const { page } = session;
    await page.goto(`${server.origin}${LANDING}${query}`);
    await whenReady(page);
    return page;
  }

  /** Clicks a link of the "Try a visitor" panel, as a person would, and waits for the new page's decisions. */
  async function pickVisitor(page: Page, name: string): Promise<void> {
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name, exact: true }).click()]);
    await whenReady(page);
  }

  async function expectNoFaults(): Promise<void> {
    await expectSilence(session);
    expect((await readWitness(session.page)).sdkErrors, "on('error')").toEqual([]);
    expect(session.messages, "Slotwise console messages").toEqual([]);
  }

  it("shows every slot's default content to a first-time anonymous visitor, and says why in the panel", async () => {
    const page = await open();
    await expectSlots(page, DEFAULTS);
    await expect.poll(() => whyText(page)).toBe(
      ["hero-banner → default (no rule matched)", "headline → default (no rule matched)", "offer → default (no rule matched)", "cta → default (no rule matched)"].join("\n"),
    );
    await expect(page.locator("header.hero h1").isVisible()).resolves.toBe(true);
    await expectNoFaults();
  });

  it.each<[string, Record<string, Shown>]>([
    ["Visitor from Bangalore", { ...DEFAULTS, "hero-banner": BANGALORE }],
    [
      "New customer",
      { ...DEFAULTS, offer: { state: "variant", variant: "WelcomeDiscount", text: "Welcome! 10% off your first order with code HELLO10" } },
    ],
    [
      "Repeat customer Asha",
      { ...DEFAULTS, offer: { state: "variant", variant: "LoyaltyOffer", text: "Thanks for coming back, Asha: free shipping on every order" } },
    ],
    ["From the spring campaign", { ...DEFAULTS, headline: { state: "variant", variant: "SpringHeadline", text: "Spring sale: everything 30% off" } }],
    [
      "Newsletter reader in Bangalore, repeat customer",
      {
        ...DEFAULTS,
        "hero-banner": BANGALORE,
        headline: { state: "variant", variant: "NewsletterHeadline", text: "Thanks for reading, here is what's new" },
        offer: { state: "variant", variant: "LoyaltyOffer", text: "Thanks for coming back, friend: free shipping on every order" },
      },
    ],
  ])("shows the %s what the rules pick for them after a click in the panel", async (visitor, expected) => {
    const page = await open();
    await pickVisitor(page, visitor);
    await expectSlots(page, expected);
    await expectNoFaults();
  });

  it("puts the Bangalore hero in place of the default heading, not beside it", async () => {
    const page = await open("?city=Bangalore");
    await expectSlots(page, { ...DEFAULTS, "hero-banner": BANGALORE });
    await expect(page.locator("header.hero h1").allTextContents()).resolves.toEqual(["Namaste Bangalore: 20% off this week"]);
    await expect(page.getByText("Default offer", { exact: false }).count()).resolves.toBe(0);
    await expectNoFaults();
  });

  it("shows the loyalty offer as formatted text with the customer's name, and keeps a name with markup as text", async () => {
    const page = await open("?customer=repeat_customer&name=%3Cimg%20src%3Dx%3EAsha");
    await expect.poll(() => page.locator('[data-slot="offer"] strong').textContent()).toBe("Thanks for coming back, <img src=x>Asha:");
    await expect(page.locator('[data-slot="offer"] img').count()).resolves.toBe(0);
    await expectNoFaults();
  });

  it("remembers the spring campaign on later views without utm parameters (last touch is kept)", async () => {
    const page = await open("?utm_source=spring_sale&utm_medium=cpc");
    await expectSlots(page, { ...DEFAULTS, headline: { state: "variant", variant: "SpringHeadline", text: "Spring sale: everything 30% off" } });
    // A later view of the site, as the host would render it for a new customer (the panel's links start a new visitor instead).
    await page.goto(`${server.origin}${LANDING}?customer=new_customer`);
    await whenReady(page);
    await expectSlots(page, {
      ...DEFAULTS,
      headline: { state: "variant", variant: "SpringHeadline", text: "Spring sale: everything 30% off" },
      offer: { state: "variant", variant: "WelcomeDiscount", text: "Welcome! 10% off your first order with code HELLO10" },
    });
    await expectNoFaults();
  });

  it("shows each visitor link as exactly what its name says, even as the third view of a returning visitor", async () => {
    const page = await open("?utm_source=spring_sale&utm_medium=cpc");
    await page.reload();
    await whenReady(page);
    await page.reload();
    await whenReady(page);
    await expectSlots(page, { ...DEFAULTS, headline: { state: "variant", variant: "SpringHeadline", text: "Spring sale: everything 30% off" }, cta: RETURNING_CTA });
    await pickVisitor(page, "New customer");
    await expectSlots(page, { ...DEFAULTS, offer: { state: "variant", variant: "WelcomeDiscount", text: "Welcome! 10% off your first order with code HELLO10" } });
    await expectNoFaults();
  });

  it("changes the page, not only the panel, when the simulated journey makes the visitor ready to buy", async () => {
    const page = await open();
    await expectSlots(page, DEFAULTS);
    for (const name of ["View the product page", "View the product page", "Click the email", "Reply on WhatsApp"]) {
      await page.getByRole("button", { name, exact: true }).click();
    }
    await expectSlots(page, { ...DEFAULTS, cta: { state: "variant", variant: "ReadyToBuyCta", text: "Your basket is saved: check out in one tap" } });
    await expectNoFaults();
  });

  it.each([360, 390, 1280])("fits a %i px wide screen: no sideways scroll, the hero readable, the visitor panel reachable", async (width) => {
    const { page } = session;
    await page.setViewportSize({ width, height: 800 });
    try {
      // The longest copy: Bangalore hero, newsletter headline, the loyalty offer.
      await open("?utm_source=weekly&utm_medium=email&city=Bangalore&customer=repeat_customer&name=Asha");
      await expectSlots(page, {
        ...DEFAULTS,
        "hero-banner": BANGALORE,
        headline: { state: "variant", variant: "NewsletterHeadline", text: "Thanks for reading, here is what's new" },
        offer: { state: "variant", variant: "LoyaltyOffer", text: "Thanks for coming back, Asha: free shipping on every order" },
      });
      const layout = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const hero = document.querySelector("header.hero h1")!;
        return {
          scrollWidth: document.documentElement.scrollWidth,
          viewport: window.innerWidth,
          heroFont: parseFloat(getComputedStyle(hero).fontSize),
          heroRight: hero.getBoundingClientRect().right,
          heroTop: hero.getBoundingClientRect().top,
          panelLeft: box("#try").left,
          panelRight: box("#try").right,
        };
      });
      expect(layout.scrollWidth, "document width").toBeLessThanOrEqual(layout.viewport);
      expect(layout.heroFont).toBeGreaterThanOrEqual(24);
      expect(layout.heroRight).toBeLessThanOrEqual(width);
      expect(layout.heroTop).toBeLessThan(400); // above the fold
      expect(layout.panelLeft).toBeGreaterThanOrEqual(0);
      expect(layout.panelRight).toBeLessThanOrEqual(width);
      // Reachable: the bar at the top links to it.
      await page.getByRole("link", { name: "Try a visitor" }).first().click();
      await expect.poll(() => page.locator("#try h2").first().evaluate((element) => element.getBoundingClientRect().top)).toBeLessThan(800);
      await expectNoFaults();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it("welcomes a visitor back on the third view, and 'Forget me' makes them a first-time visitor again", async () => {
    const page = await open();
    await expectSlots(page, DEFAULTS);
    const firstId = await page.evaluate(() => (window as unknown as { Slotwise: { instance: { context(): { visitor: { id: string } } } } }).Slotwise.instance.context().visitor.id);

    await page.reload();
    await whenReady(page);
    await expectSlots(page, DEFAULTS);

    await page.reload();
    await whenReady(page);
    await expectSlots(page, { ...DEFAULTS, cta: RETURNING_CTA });
    await expect.poll(() => whyText(page)).toContain("cta → WelcomeBackCta (rule 'Returning visitors' matched)");
    const sameId = await page.evaluate(() => (window as unknown as { Slotwise: { instance: { context(): { visitor: { id: string } } } } }).Slotwise.instance.context().visitor.id);
    expect(sameId).toBe(firstId);

    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Forget me" }).click()]);
    await whenReady(page);
    await expectSlots(page, DEFAULTS);
    const visitor = await page.evaluate(() => (window as unknown as { Slotwise: { instance: { context(): { visitor: { id: string; pageviews: number } } } } }).Slotwise.instance.context().visitor);
    expect(visitor.id).not.toBe(firstId);
    expect(visitor.pageviews).toBe(1);
    await expectNoFaults();
  });
});
