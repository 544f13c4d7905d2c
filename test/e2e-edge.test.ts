/**
 * The edge example (examples/edge/: the landing page behind the Worker, on
 * workerd) in real Chromium: the hero is final in the HTML the browser
 * parses, so it is what the first contentful paint shows; no slot the edge
 * decided is hidden or touched by the browser runtime, which agrees with the
 * edge; then set() re-decides it, back to the default the edge kept.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT } from "./support/server.js";
import { expectSilence, openSession, slotStates, whenReady } from "./support/session.js";

interface Example {
  url: string;
  stop(): Promise<void>;
}

/**
 * Before any page script: from the end of parsing on, counts mutations of
 * every slot the edge decided, and notes, at the first contentful paint,
 * each such slot's text and whether it was visible.
 */
function watchEdgeSlots(): void {
  const w = window as unknown as { __edgeMutations: number; __atPaint: Record<string, { text: string; visible: boolean }> | null };
  w.__edgeMutations = 0;
  w.__atPaint = null;
  const edgeSlots = () => Array.from(document.querySelectorAll<HTMLElement>("[data-slot-edge]"));
  document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const observer = new MutationObserver((records) => (w.__edgeMutations += records.length));
    for (const slot of edgeSlots()) observer.observe(slot, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  new PerformanceObserver((list) => {
    if (w.__atPaint || !list.getEntries().some((entry) => entry.name === "first-contentful-paint")) return;
    w.__atPaint = {};
    for (const slot of edgeSlots()) {
      const style = getComputedStyle(slot);
      w.__atPaint[slot.getAttribute("data-slot") ?? ""] = { text: slot.innerText.trim(), visible: style.visibility !== "hidden" && style.opacity !== "0" };
    }
  }).observe({ type: "paint", buffered: true });
}

describe.skipIf(!hasChromium)("the landing page decided at the edge, in Chromium", () => {
  let browser: Browser;
  let example: Example;

  beforeAll(async () => {
    const { startEdgeExample } = (await import(pathToFileURL(join(REPO_ROOT, "examples/edge/run.mjs")).href)) as { startEdgeExample(port: number): Promise<Example> };
    [browser, example] = await Promise.all([launchChromium(), startEdgeExample(0)]);
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})(); (${String(watchEdgeSlots)})();` });
    // A cold isolate fetches the rule file within 1 s or keeps the defaults (as it should); on a
    // loaded test machine that first fetch can miss it, so warm the Worker's cache first.
    for (let attempt = 0; attempt < 10; attempt++) {
      if ((await (await fetch(`${example.url}/examples/landing/?city=Bangalore`)).text()).includes("data-slot-edge")) break;
    }
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await example?.stop();
  });

  async function edgeRecord(page: Page): Promise<{ mutations: number; atPaint: Record<string, { text: string; visible: boolean }> | null }> {
    return page.evaluate(() => {
      const w = window as unknown as { __edgeMutations: number; __atPaint: Record<string, { text: string; visible: boolean }> | null };
      return { mutations: w.__edgeMutations, atPaint: w.__atPaint };
    });
  }

  it("paints the final hero and offer first, swaps nothing, then set() re-decides the hero", async () => {
    const session = await openSession(browser.context);
    const page = session.page;
    await page.goto(`${example.url}/examples/landing/?city=Bangalore&customer=repeat_customer&name=Asha`);
    await whenReady(page);
    await page.waitForFunction(() => (window as unknown as { __atPaint: unknown }).__atPaint !== null);
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));

    const record = await edgeRecord(page);
    expect(record.atPaint).toEqual({
      "hero-banner": { text: "Namaste Bangalore: 20% off this week", visible: true },
      offer: { text: "Thanks for coming back, Asha: free shipping on every order", visible: true },
    });
    expect(record.mutations, "mutations of edge-decided slots by the browser").toBe(0);
    // The browser runtime decided the same (and says so), without rendering anything.
    const states = await slotStates(page);
    expect(states["hero-banner"]).toEqual({ state: "variant", variant: "BangaloreOffer", text: "Namaste Bangalore: 20% off this week" });
    expect(states.offer).toMatchObject({ state: "variant", variant: "LoyaltyOffer" });
    expect(await page.locator("#why").textContent()).toContain("hero-banner → BangaloreOffer");

    await page.evaluate(() => (window as unknown as { Slotwise: { instance: { set(facts: unknown): void } } }).Slotwise.instance.set({ geo: { city: "Pune" } }));
    await expect
      .poll(async () => (await slotStates(page))["hero-banner"])
      .toEqual({ state: "default", variant: null, text: "Default offer: free delivery on orders over ₹999" });
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it("leaves to the browser what only the browser knows, and the browser decides it", async () => {
    const session = await openSession(browser.context);
    const html = await (await fetch(`${example.url}/examples/landing/`)).text();
    // cta reads visitor.* (stored state): untouched by the edge, cloaked by the browser until decided.
    expect(html).toContain('<a class="button" href="#shop" data-slot="cta">Start shopping</a>');
    await session.page.goto(`${example.url}/examples/landing/`);
    await whenReady(session.page);
    expect((await slotStates(session.page)).cta).toEqual({ state: "default", variant: null, text: "Start shopping" });
    await session.page.reload();
    await whenReady(session.page);
    // A returning visitor now: the browser knows it, the edge never could.
    await expect.poll(async () => (await slotStates(session.page)).cta?.variant, { timeout: 10_000 }).toBe("WelcomeBackCta");
    await expectSilence(session);
    await session.page.close();
  });
});
