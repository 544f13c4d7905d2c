/**
 * Single-page apps in real Chromium: a route change made with
 * history.pushState / replaceState / back re-decides the slots that read
 * `page.path`, through the Navigation API where Chromium has it, and through
 * the history-wrapping fallback when `window.navigation` is deleted before
 * Slotwise loads (as in browsers without it). Slots the app renders later are
 * decided too.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import type { ProbeName } from "./support/probes.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession, readWitness, whenReady } from "./support/session.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";

const RULES = {
  version: 1,
  slots: {
    banner: [{ name: "Pricing page", when: { all: [{ fact: "page.path", operator: "equal", value: "/shop/pricing" }] }, show: "PricingOffer" }],
    where: [{ name: "Everyone", show: "WhereLine" }],
  },
  variants: {
    PricingOffer: { text: "Pricing: 2 months free" },
    WhereLine: { text: "You are on {{page.path}}" },
  },
};

/** What the route-dependent slots show: every `banner` slot, then the `where` line. */
async function shown(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("[data-slot]")).map((element) => `${element.getAttribute("data-slot")}: ${(element.textContent ?? "").trim()}`),
  );
}

/** Waits until the slots show `expected`. */
async function expectShown(page: Page, expected: string[]): Promise<void> {
  await page
    .waitForFunction(
      (want) => JSON.stringify(Array.from(document.querySelectorAll("[data-slot]")).map((e) => `${e.getAttribute("data-slot")}: ${(e.textContent ?? "").trim()}`)) === JSON.stringify(want),
      expected,
      { timeout: LOADED_MACHINE_WAIT },
    )
    .catch(() => {});
  expect(await shown(page)).toEqual(expected);
}

describe.skipIf(!hasChromium)("route changes of a single-page app in Chromium", () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it.each<[string, ProbeName[]]>([
    ["the Navigation API", ["witness"]],
    ["wrapped history methods (window.navigation deleted)", ["witness", "no-navigation"]],
  ])("re-decides slots that read page.path on pushState, back and replaceState, through %s", async (_, probes) => {
    server.route(`/shop/home`, { headers: HTML_HEADERS, body: pageHtml({ probes, rules: RULES, body: [slot("banner"), slot("where")].join("\n") }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/shop/home`);
    await whenReady(page);

    // Which mechanism is in place: the Navigation API, or Slotwise's wrappers around history.
    const mechanism = await page.evaluate(() => ({
      navigation: typeof (window as unknown as { navigation?: unknown }).navigation,
      pushStateNative: Function.prototype.toString.call(history.pushState).includes("[native code]"),
    }));
    expect(mechanism).toEqual(
      probes.includes("no-navigation") ? { navigation: "undefined", pushStateNative: false } : { navigation: "object", pushStateNative: true },
    );

    await expectShown(page, ["banner: Default copy of banner", "where: You are on /shop/home"]);

    await page.evaluate(() => history.pushState({}, "", "/shop/pricing"));
    await expectShown(page, ["banner: Pricing: 2 months free", "where: You are on /shop/pricing"]);

    // The app renders another block for this route: decided as it appears.
    await page.evaluate(() => {
      const late = document.createElement("div");
      late.setAttribute("data-slot", "banner");
      late.innerHTML = "<p>Late default</p>";
      document.body.append(late);
    });
    await expectShown(page, ["banner: Pricing: 2 months free", "where: You are on /shop/pricing", "banner: Pricing: 2 months free"]);

    await page.evaluate(() => history.pushState({}, "", "/shop/about"));
    await expectShown(page, ["banner: Default copy of banner", "where: You are on /shop/about", "banner: Late default"]);

    await page.evaluate(() => history.back()); // popstate
    await expectShown(page, ["banner: Pricing: 2 months free", "where: You are on /shop/pricing", "banner: Pricing: 2 months free"]);

    await page.evaluate(() => history.replaceState({}, "", "/shop/home?tab=1"));
    await expectShown(page, ["banner: Default copy of banner", "where: You are on /shop/home", "banner: Late default"]);

    const decisions = (await readWitness(page)).decisions.filter((decision) => decision.slot === "banner").map((decision) => decision.variant);
    expect(decisions).toEqual([null, "PricingOffer", null, "PricingOffer", null]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it.each(["granted", "pending"] as const)(
    "sends one exposure per slot and page view from the script tag, to window.dataLayer only with consent granted (consent %s)",
    async (consent) => {
      server.route(`/shop/exposures-${consent}`, {
        headers: HTML_HEADERS,
        body: pageHtml({ rules: RULES, sdk: { consent, dataLayer: true }, body: [slot("banner"), slot("where")].join("\n") }),
      });
      const session = await openSession(browser.context);
      const { page } = session;
      // Listening before any script of the page runs, as a tag manager's own listener would.
      await page.addInitScript(() => {
        const heard: unknown[] = [];
        (window as unknown as { heard: unknown[] }).heard = heard;
        document.addEventListener("slotwise:exposure", (event) => heard.push((event as CustomEvent).detail));
      });
      await page.goto(`${server.origin}/shop/exposures-${consent}`);
      await whenReady(page);
      const read = () =>
        page.evaluate(() => ({
          heard: (window as unknown as { heard: { slot: string; variant: string | null }[] }).heard.map((e) => `${e.slot}:${e.variant}`),
          pushed: ((window as unknown as { dataLayer?: { event: string; slot: string }[] }).dataLayer ?? []).filter((e) => e.event === "slotwise_exposure").map((e) => e.slot),
        }));
      const views = consent === "granted" ? 1 : 0;
      expect(await read()).toEqual({ heard: ["banner:null", "where:WhereLine"], pushed: views ? ["banner", "where"] : [] });

      await page.evaluate(() => history.pushState({}, "", "/shop/pricing"));
      await expectShown(page, ["banner: Pricing: 2 months free", "where: You are on /shop/pricing"]);
      await page.waitForFunction(() => (window as unknown as { heard: unknown[] }).heard.length >= 4, null, { timeout: LOADED_MACHINE_WAIT }).catch(() => {});
      const after = await read();
      expect(after.heard.slice(2).sort()).toEqual(["banner:PricingOffer", "where:WhereLine"]);
      expect(after.pushed).toHaveLength(4 * views);
      expect(session.messages).toEqual([]);
      await page.close();
    },
  );
});
