/**
 * Preview by address with the script tag, in real Chromium under the strict
 * CSP: ?slotwise_preview= and ?slotwise_visitor= show the asked variants and
 * leave localStorage and exposures untouched; hostile values (markup,
 * unknown ids, 10,000 characters) change nothing and throw nothing.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, STRICT_CSP } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession, slotStates, whenReady } from "./support/session.js";

const RULES = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" }],
  },
  variants: { BangaloreOffer: { text: "Namaste Bangalore" }, LoyaltyOffer: { html: "<strong>Welcome back</strong>" } },
};
const BODY = '<section data-slot="hero">Default hero</section>\n<aside data-slot="offer">Default offer</aside>';

/** Exposures as the page hears them, collected before any page script. */
function collectExposures(): void {
  const w = window as unknown as { __exposures: unknown[] };
  w.__exposures = [];
  document.addEventListener("slotwise:exposure", (event) => w.__exposures.push((event as CustomEvent).detail));
}

async function visit(page: Page, url: string) {
  await page.goto(url);
  await whenReady(page);
  return page.evaluate(() => ({
    // pagehide is when the store writes what it kept: after it, localStorage holds all this view would store.
    flushed: window.dispatchEvent(new Event("pagehide")),
    exposures: (window as unknown as { __exposures: unknown[] }).__exposures,
    stored: localStorage.getItem("slotwise"),
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
  }));
}

describe.skipIf(!hasChromium)("preview by address, script tag, in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it("shows the asked variants and a simulated visitor's, storing and exposing nothing, under the strict CSP", async () => {
    server.route("/preview/page", { headers: { ...HTML_HEADERS, "content-security-policy": STRICT_CSP }, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.addInitScript({ content: `(${String(collectExposures)})();` });
    const violations: string[] = [];
    page.on("console", (message) => message.text().includes("Content Security Policy") && violations.push(message.text()));

    const first = await visit(page, `${server.origin}/preview/page`);
    expect(first.exposures).toHaveLength(2);
    const stored = first.stored;
    expect(stored).toContain('"pageviews":1');

    const previewed = await visit(page, `${server.origin}/preview/page?slotwise_preview=hero:BangaloreOffer,offer:LoyaltyOffer`);
    expect(await slotStates(page)).toMatchObject({
      hero: { variant: "BangaloreOffer", text: "Namaste Bangalore" },
      offer: { variant: "LoyaltyOffer", text: "Welcome back" },
    });
    expect(previewed).toMatchObject({ exposures: [], stored });

    // Kept for the tab: the next page still previews, and still stores nothing.
    expect(await visit(page, `${server.origin}/preview/page?p=2`)).toMatchObject({ exposures: [], stored });
    expect((await slotStates(page)).hero?.variant).toBe("BangaloreOffer");

    const simulated = await visit(page, `${server.origin}/preview/page?slotwise_preview=&slotwise_visitor=geo.city:Bangalore`);
    expect(await slotStates(page)).toMatchObject({ hero: { variant: "BangaloreOffer" }, offer: { variant: null, text: "Default offer" } });
    expect(simulated).toMatchObject({ exposures: [], stored });

    await visit(page, `${server.origin}/preview/page?slotwise_visitor=`);
    expect((await slotStates(page)).hero?.variant).toBeNull();
    expect(violations).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it("changes nothing and throws nothing for hostile preview values", async () => {
    server.route("/preview/hostile", { headers: { ...HTML_HEADERS, "content-security-policy": STRICT_CSP }, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.addInitScript({ content: `(${String(collectExposures)})();` });
    const hostile = [
      encodeURIComponent('hero:<img src=x onerror="window.__pwned=1">'),
      "hero:LoyaltyOffer,offer:Nope,nothing:BangaloreOffer",
      "x".repeat(10_000),
      `hero:${"BangaloreOffer".repeat(700)}`,
      encodeURIComponent("__proto__:BangaloreOffer,hero"),
    ];
    for (const value of hostile) {
      const result = await visit(page, `${server.origin}/preview/hostile?slotwise_preview=${value}&slotwise_visitor=${encodeURIComponent('<script>:1,__proto__.x:1,' + "y".repeat(3000))}`);
      expect(await slotStates(page)).toMatchObject({ hero: { variant: null, text: "Default hero" }, offer: { variant: null, text: "Default offer" } });
      expect(result.exposures).toHaveLength(2);
      expect(result.pwned).toBeUndefined();
    }
    expect(session.pageErrors).toEqual([]);
    await expectSilence(session);
    await page.close();
  });
});
