/**
 * Rules from `data-rules-url` in real Chromium: every way the URL can fail
 * leaves the defaults, visible by the timeout, with the slots (never the page)
 * hidden meanwhile, one clear warning and one `error` event per fault, and
 * nothing thrown into the page. Late rules are dropped unread (not parsed,
 * not cached); a failed fetch never replaces good cached rules.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot, variantTemplate } from "./support/pages.js";
import type { FrameRecord } from "./support/probes.js";
import { type Route, type TestServer } from "./support/server.js";
import { expectSilence, frames, messagesOf, openSession, readFrames, readWitness, slotStates, whenReady, type Session } from "./support/session.js";

const TIMEOUT_MS = 300;
const NEVER_TIMEOUT_MS = 2000;
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

const RULES = {
  version: 1,
  audiences: { bangalore: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] } },
  slots: {
    hero: [{ name: "Bangalore visitors", when: { audience: "bangalore" }, show: "BangaloreOffer" }],
    offer: [{ name: "Everyone", show: "Welcome" }],
  },
  variants: { Welcome: { text: "Welcome! 10% off your first order" } },
};
/** The marketer's typo: `equals` for `equal`. */
const INVALID_RULES = {
  ...RULES,
  slots: { ...RULES.slots, hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equals", value: "Bangalore" }] }, show: "BangaloreOffer" }] },
};
const BODY = [
  "<p id=\"page-copy\">The page's own copy, never hidden.</p>",
  slot("hero"),
  slot("offer"),
  variantTemplate("BangaloreOffer", "<h1>Namaste Bangalore: 20% off</h1>"),
].join("\n");
const DEFAULTS = {
  hero: { state: "default", variant: null, text: "Default copy of hero" },
  offer: { state: "default", variant: null, text: "Default copy of offer" },
};
const VARIANTS = {
  hero: { state: "variant", variant: "BangaloreOffer", text: "Namaste Bangalore: 20% off" },
  offer: { state: "variant", variant: "Welcome", text: "Welcome! 10% off your first order" },
};

/** ms since navigation start of the first rendering update showing `slot`'s default, if any. */
function firstShown(frames: FrameRecord[], slotName: string): number | undefined {
  return frames.find((frame) => frame.shown.includes(slotName))?.t;
}

describe.skipIf(!hasChromium)("rules from a URL in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  const revealedAt: string[] = [];

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });
  afterAll(() => {
      console.info(`[remote rules figures] defaults first visible at (ms since navigation start, timeout ${NEVER_TIMEOUT_MS} ms for the one never answering, 3000 ms for the others): ${revealedAt.join("; ")}`);
  });

  /** A page whose script tag points at `rulesPath`, answered by `rules`. */
  async function visit(name: string, rulesPath: string, rules: Route, timeoutMs = TIMEOUT_MS): Promise<Session> {
    server.route(rulesPath, rules);
    server.route(`/${name}.html`, {
      headers: HTML_HEADERS,
      body: pageHtml({
        probes: ["witness", "frames"],
        context: { geo: { city: "Bangalore" } },
        sdk: { rulesUrl: rulesPath, timeout: timeoutMs },
        body: BODY,
      }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/${name}.html`);
    await whenReady(session.page);
    await frames(session.page, 2); // the frame probe sees what the decisions left on screen
    return session;
  }

  /** The slots were hidden while waiting, the page never was, and the page's own copy showed. */
  function expectOnlySlotsHidden(frames: FrameRecord[]): void {
    expect(frames.some((frame) => frame.hidden.includes("hero") && frame.hidden.includes("offer"))).toBe(true);
    expect(frames.filter((frame) => frame.pageHidden)).toEqual([]);
  }

  it("counts the timeout from when Slotwise starts: a main thread busy past it never shows a hidden slot", async () => {
    // The deadline bounds what Slotwise adds (data-timeout from the script's start,
    // not navigation start). A page script right after it keeps the main thread busy
    // until 3 × the timeout past that start; the rules URL never answers. Whatever the
    // load, every rendering update that has the slots must show their defaults.
    server.route("/busy.js", { headers: { "content-type": "text/javascript" }, body: `while (performance.now() < window.__swStart + ${3 * TIMEOUT_MS}) {}` });
    server.route("/rules-busy.json", { delayMs: Infinity });
    server.route("/busy.html", {
      headers: HTML_HEADERS,
      body: pageHtml({
        probes: ["witness", "frames"],
        head: "<script>window.__swStart = performance.now()</script>",
        sdk: { rulesUrl: "/rules-busy.json", timeout: TIMEOUT_MS },
        body: `<script src="/busy.js"></script>${BODY}`,
      }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/busy.html`);
    await whenReady(session.page);
    await frames(session.page, 3);
    const records = (await readFrames(session.page)).filter((frame) => frame.shown.length > 0 || frame.hidden.length > 0);
    expect(records.length).toBeGreaterThan(0);
    expect(records.filter((frame) => frame.hidden.length > 0)).toEqual([]);
    expect(await slotStates(session.page)).toEqual(DEFAULTS);
    await session.page.close();
  });

  it("shows the variants when the rules answer slowly but within the timeout", async () => {
    // 100 ms late against a 3 s timeout: "slow" must not race the timeout on a loaded CI machine
    // (a cold script start alone can take a few hundred ms there).
    const session = await visit("slow", "/rules-slow.json", { delayMs: 100, headers: JSON_HEADERS, body: JSON.stringify(RULES) }, 3000);
    expect(await slotStates(session.page)).toEqual(VARIANTS);
    const frames = await readFrames(session.page);
    expectOnlySlotsHidden(frames);
    // Hidden, then the variant: the defaults never showed.
    expect(frames.filter((frame) => frame.shown.length > 0)).toEqual([]);
    expect(session.messages).toEqual([]);
    expect((await readWitness(session.page)).sdkErrors).toEqual([]);
    await expectSilence(session);
    await session.page.close();
  });

  it.each<[label: string, path: string, route: Route, code: string, message: RegExp]>([
    ["answers 404", "/rules-404.json", { status: 404, body: "not found" }, "RULES_FETCH_FAILED", /rules URL \/rules-404\.json answered 404/],
    ["answers 500", "/rules-500.json", { status: 500, body: "oops" }, "RULES_FETCH_FAILED", /rules URL \/rules-500\.json answered 500/],
    ["answers malformed JSON", "/rules-malformed.json", { body: '{"version": 1, "slots": {', headers: JSON_HEADERS }, "RULES_FETCH_FAILED", /rules at \/rules-malformed\.json are not valid JSON/],
    ["answers invalid rules", "/rules-invalid.json", { body: JSON.stringify(INVALID_RULES), headers: JSON_HEADERS }, "RULES_INVALID", /RULES_INVALID: UNKNOWN_OPERATOR at slots\.hero\[0\]\.when\.all\[0\]\.operator/],
    ["never answers", "/rules-never.json", { delayMs: Infinity }, "RULES_TIMEOUT", /RULES_TIMEOUT: \/rules-never\.json after 2000 ms/],
  ])("keeps the defaults, reported once, when the rules URL %s", async (label, path, route, code, message) => {
    // Errors answer after 100 ms too, so the page waits (hidden slots) as it would on a real network.
    // Answers that do come get a roomy timeout, so a loaded machine cannot turn them into a timeout.
    // The one that never answers gets 2 s: the slots must be seen hidden in a frame before the
    // deadline, and a loaded machine can paint its first frame after 300 ms (measured at load 30).
    const timeout = route.delayMs === Infinity ? NEVER_TIMEOUT_MS : 3000;
    const session = await visit(path.slice(1, -".json".length), path, { delayMs: 100, ...route }, timeout);
    const states = await slotStates(session.page);
    // An invalid slot never takes the valid one down.
    expect(states).toEqual(code === "RULES_INVALID" ? { ...DEFAULTS, offer: VARIANTS.offer } : DEFAULTS);

    const frames = await readFrames(session.page);
    expectOnlySlotsHidden(frames);
    const shownAt = firstShown(frames, "hero");
    expect(shownAt).toBeDefined(); // the default became visible
    if (route.delayMs === Infinity) {
      // Revealed while the request was still open: by the timeout, never before it.
      expect(shownAt).toBeGreaterThanOrEqual(NEVER_TIMEOUT_MS);
      revealedAt.push(`never answering ${Math.round(shownAt ?? NaN)}`);
    } else {
      revealedAt.push(`${label.replace("answers ", "")} ${Math.round(shownAt ?? NaN)}`);
    }

    const warnings = messagesOf(session, "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(message);
    expect(session.messages).toEqual(warnings);
    const witness = await readWitness(session.page);
    expect(witness.sdkErrors.map((error) => error.code)).toEqual([code]);
    await expectSilence(session);
    await session.page.close();
  });

  async function cachedRules(page: Page): Promise<{ url?: string; rules?: unknown } | null> {
    return page.evaluate(() => JSON.parse(localStorage.getItem("slotwise:rules") ?? "null") as { url?: string; rules?: unknown } | null);
  }

  it("drops late rules unread, caches rules that came in time, and never lets a failed fetch replace them", async () => {
    const path = "/rules-late.json";
    const good = { headers: JSON_HEADERS, body: JSON.stringify(RULES) };

    // View 1: a body that would not parse arrives after the timeout: dropped unread (no parse, so no
    // second fault), nothing cached, the defaults stay.
    const first = await visit("late-1", path, { headers: JSON_HEADERS, body: "{ nope", delayMs: TIMEOUT_MS + 300 });
    expect(await slotStates(first.page)).toEqual(DEFAULTS);
    await first.page.waitForTimeout(TIMEOUT_MS + 600);
    expect(await slotStates(first.page)).toEqual(DEFAULTS);
    expect((await cachedRules(first.page))?.url).not.toBe(path); // (an earlier test's URL may be there)
    expect(messagesOf(first, "warning")).toHaveLength(1);
    expect(messagesOf(first, "warning")[0]).toMatch(/RULES_TIMEOUT: \/rules-late\.json after 300 ms/);
    expect((await readWitness(first.page)).sdkErrors.map((error) => error.code)).toEqual(["RULES_TIMEOUT"]);
    await expectSilence(first);
    await first.page.close();

    // View 1b: the rules come in time: shown, and cached for the next view.
    const timely = await visit("late-1b", path, { ...good, delayMs: 50 }, 3000);
    expect(await slotStates(timely.page)).toEqual(VARIANTS);
    expect((await cachedRules(timely.page))?.rules).toEqual(RULES);
    await timely.page.close();

    // View 2: the URL never answers now; the cached rules decide at once, before any paint of a default.
    const second = await visit("late-2", path, { delayMs: Infinity });
    expect(await slotStates(second.page)).toEqual(VARIANTS);
    const frames = await readFrames(second.page);
    expect(frames.filter((frame) => frame.shown.length > 0)).toEqual([]);
    expect(second.messages).toEqual([]);
    await expectSilence(second);
    await second.page.close();

    // Views 3–5: a failing refresh is reported once and leaves the good rules in the cache.
    const failures: [string, Route, RegExp][] = [
      ["500", { status: 500, body: "oops" }, /answered 500/],
      ["malformed", { headers: JSON_HEADERS, body: "{ nope" }, /not valid JSON/],
      ["invalid", { headers: JSON_HEADERS, body: JSON.stringify(INVALID_RULES) }, /RULES_INVALID: \/rules-late\.json/],
    ];
    for (const [label, route, message] of failures) {
      const view = await visit(`late-${label}`, path, route, 3000);
      expect(await slotStates(view.page), label).toEqual(VARIANTS);
      await view.page.waitForFunction(() => (window as unknown as { __witness: { sdkErrors: unknown[] } }).__witness.sdkErrors.length > 0);
      expect(messagesOf(view, "warning"), label).toHaveLength(1);
      expect(messagesOf(view, "warning")[0], label).toMatch(message);
      expect(await cachedRules(view.page), label).toMatchObject({ url: path, rules: RULES });
      await expectSilence(view);
      await view.page.close();
    }
  }, 60_000); // six page views
});
