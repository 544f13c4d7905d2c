/**
 * Weighted splits and exposures in real Chromium (script tag): the arm is the
 * one `evaluate` draws in Node for the browser's visitor id (or the host's
 * user.id), kept in the stored profile so changed weights move no one already
 * shown an arm, nothing stored without consent; with `data-expose="seen"` a
 * slot below the fold is exposed only once scrolled into view, once per view,
 * with the same fields on the DOM event and the dataLayer.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { evaluate } from "../src/index.js";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, frames, openSession, whenReady } from "./support/session.js";

const split = (weights: Record<string, number>) => ({
  version: 1,
  slots: {
    top: [{ name: "Everyone", experiment: "top-offer", split: weights }],
    below: [{ name: "Everyone", experiment: "below-offer", split: { control: 1, Winter: 1 } }],
  },
  variants: { Spring: { text: "Spring sale" }, Winter: { text: "Winter sale" } },
});
const BODY = '<section data-slot="top">Default top</section>\n<div style="height: 3000px"></div>\n<section data-slot="below">Default below</section>';

function collectExposures(): void {
  const w = window as unknown as { __exposures: unknown[] };
  w.__exposures = [];
  document.addEventListener("slotwise:exposure", (event) => w.__exposures.push((event as CustomEvent).detail));
}
type Seen = { exposures: Record<string, unknown>[]; layer: Record<string, unknown>[] };
const seen = (page: Page): Promise<Seen> =>
  page.evaluate(() => {
    const w = window as unknown as { __exposures: Record<string, unknown>[]; dataLayer?: Record<string, unknown>[] };
    return { exposures: w.__exposures, layer: (w.dataLayer ?? []).filter((item) => item["event"] === "slotwise_exposure") };
  });
const state = (page: Page) =>
  page.evaluate(() => {
    const sw = (window as unknown as { Slotwise: { instance: { context(): { visitor: { id: string } } } } }).Slotwise.instance;
    const slot = document.querySelector('[data-slot="top"]')!;
    return { id: sw.context().visitor.id, variant: slot.getAttribute("data-slot-variant"), state: slot.getAttribute("data-slot-state"), stored: (dispatchEvent(new Event("pagehide")), localStorage.getItem("slotwise")) };
  });
const armOf = (variant: string | null) => variant ?? "control";

describe.skipIf(!hasChromium)("weighted splits and exposures in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it("exposes a slot below the fold only once it is scrolled into view, once per view, with its experiment and arm", async () => {
    server.route("/exp/seen", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: split({ control: 1, Spring: 1 }), sdk: { expose: "seen", dataLayer: true }, body: BODY }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.addInitScript({ content: `(${String(collectExposures)})();` });
    await page.goto(`${server.origin}/exp/seen`);
    await whenReady(page);
    await frames(page, 4);
    const first = await seen(page);
    expect(first.exposures.map((x) => x["slot"])).toEqual(["top"]);
    expect(first.exposures[0]).toMatchObject({ slot: "top", reason: "MATCH", rule: "Everyone", experiment: "top-offer" });
    expect(["control", "Spring"]).toContain(first.exposures[0]!["arm"]);

    await page.evaluate(() => document.querySelector('[data-slot="below"]')!.scrollIntoView());
    await page.waitForFunction(() => (window as unknown as { __exposures: unknown[] }).__exposures.length === 2, undefined, { timeout: 3000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames(page, 3);
    await page.evaluate(() => document.querySelector('[data-slot="below"]')!.scrollIntoView());
    await frames(page, 3);
    const after = await seen(page);
    expect(after.exposures.map((x) => x["slot"])).toEqual(["top", "below"]);
    expect(after.exposures[1]).toMatchObject({ slot: "below", experiment: "below-offer" });
    // The dataLayer push carries the same fields as the DOM event.
    expect(after.layer).toEqual(after.exposures.map((x) => ({ event: "slotwise_exposure", ...x })));
    await expectSilence(session);
    await page.close();
  });

  it("draws the arm Node draws for the visitor id, keeps it when the weights change, and stores nothing without consent", async () => {
    server.route("/exp/v1", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: split({ control: 50, Spring: 50 }), body: BODY }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/exp/v1`);
    await whenReady(page);
    const first = await state(page);
    const node = evaluate(split({ control: 50, Spring: 50 }), { visitor: { id: first.id } }).decisions[0]!;
    expect(armOf(first.variant)).toBe(node.arm);
    expect(JSON.parse(first.stored!).profiles[0].arms).toEqual({ "top-offer": node.arm, "below-offer": expect.any(String) });

    // New weights under which a fresh draw gives this visitor the other arm, whatever its bucket b (0…9,999):
    // control under 50/50 means b < 5,000, and Spring first with 9,999 of 10,000 takes every b below 9,999;
    // Spring means b >= 5,000, and Spring first with 1 of 10,000 takes only b = 0.
    const moved = node.arm === "control" ? { Spring: 9999, control: 1 } : { Spring: 1, control: 9999 };
    expect(evaluate(split(moved), { visitor: { id: first.id } }).decisions[0]!.arm).not.toBe(node.arm);
    server.route("/exp/v2", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: split(moved), body: BODY }) });
    await page.goto(`${server.origin}/exp/v2`);
    await whenReady(page);
    const second = await state(page);
    expect(second.id).toBe(first.id);
    expect(armOf(second.variant)).toBe(node.arm);

    // Without consent nothing is stored: the draw alone decides.
    await page.evaluate(() => localStorage.clear());
    server.route("/exp/denied", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: split(moved), sdk: { consent: "denied" }, body: BODY }) });
    await page.goto(`${server.origin}/exp/denied`);
    await whenReady(page);
    const denied = await state(page);
    expect(denied.stored).toBeNull();
    expect(armOf(denied.variant)).toBe(evaluate(split(moved), { visitor: { id: denied.id } }).decisions[0]!.arm);
    await expectSilence(session);
    await page.close();
  });

  it("draws from the host's user.id as the edge and Node do", async () => {
    const rules = split({ control: 50, Spring: 30, Winter: 20 });
    const session = await openSession(browser.context);
    const { page } = session;
    for (let i = 0; i < 6; i++) {
      const uid = `site-cookie-${i}`;
      server.route(`/exp/host-${i}`, { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules, context: { user: { id: uid } }, sdk: { consent: "denied" }, body: BODY }) });
      await page.goto(`${server.origin}/exp/host-${i}`);
      await whenReady(page);
      // Consent denied: no arm kept from an earlier page, the host's id alone decides.
      expect(armOf((await state(page)).variant)).toBe(evaluate(rules, { user: { id: uid } }).decisions[0]!.arm);
    }
    await expectSilence(session);
    await page.close();
  });
});
