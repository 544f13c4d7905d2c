/**
 * The Chromium test of a framework example (examples/vue, examples/svelte),
 * the same visit as test/e2e-react.test.ts: rendered on the server, hydrated
 * in the browser, built with Vite against the built package. The final hero
 * is in the server's HTML, hydration reports nothing and touches nothing in
 * the hero, and the app then follows clicks, route changes, set() and reloads.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./chromium.js";
import { PROBES } from "./probes.js";
import { REPO_ROOT } from "./server.js";
import { expectSilence, openSession, type Session } from "./session.js";

const run = promisify(execFile);

export type Shown = { state: string | null; variant: string | null; text: string };
type Example = { url: string; stop(): Promise<void> };

/** Each `[data-slotwise-slot]` of the page: its state, variant and text as shown. */
export async function slots(page: Page): Promise<Record<string, Shown>> {
  return page.evaluate(() => {
    const out: Record<string, Shown> = {};
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("[data-slotwise-slot]"))) {
      out[element.getAttribute("data-slotwise-slot") ?? ""] = {
        state: element.getAttribute("data-slot-state"),
        variant: element.getAttribute("data-slot-variant"),
        text: element.innerText.replace(/\s+/g, " ").trim(),
      };
    }
    return out;
  });
}

export const shows = (variant: string, text: string): Shown => ({ state: "variant", variant, text });
export const def = (text: string): Shown => ({ state: "default", variant: null, text });
export const BANGALORE = shows("BangaloreHero", "Namaste Bangalore: 20% off this week Claim the offer");
export const LOYALTY = shows("LoyaltyOffer", "Welcome back, Asha: free shipping on every order");
export const PROMO = def("Every plan includes a free domain for a year");
export const PRICING = shows("PricingPromo", "Pricing week: the first month of any plan is free");

/**
 * Installed before any page script: records, from the end of parsing (before
 * the app's module runs), every mutation inside the hero, and the console's
 * errors and warnings (a hydration mismatch is one).
 */
export function watchHydration(): void {
  const w = window as unknown as { __heroMutations: number; __heroNode: Element | null; __consoleProblems: string[] };
  w.__heroMutations = 0;
  w.__consoleProblems = [];
  for (const kind of ["error", "warn"] as const) {
    const original = console[kind].bind(console);
    console[kind] = (...args: unknown[]) => {
      w.__consoleProblems.push(`${kind}: ${args.map(String).join(" ")}`);
      original(...args);
    };
  }
  document.addEventListener("readystatechange", () => {
    if (document.readyState !== "interactive") return;
    const hero = document.querySelector('[data-slotwise-slot="hero"]');
    w.__heroNode = hero;
    if (hero) new MutationObserver((records) => (w.__heroMutations += records.length)).observe(hero, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/**
 * @param framework "Vue" or "Svelte"
 * @param dir the example's folder under examples/
 * @param start the name of the function its server.mjs exports
 */
export function describeFrameworkExample(framework: string, dir: string, start: string): void {
  describe.skipIf(!hasChromium)(`the ${framework} example, rendered on the server and hydrated in Chromium`, () => {
    let browser: Browser;
    let example: Example;
    let session: Session;

    beforeAll(async () => {
      const built = run(process.execPath, [`examples/${dir}/build.mjs`], { cwd: REPO_ROOT });
      [browser] = await Promise.all([launchChromium(), built]);
      const server = (await import(pathToFileURL(join(REPO_ROOT, `examples/${dir}/server.mjs`)).href)) as Record<string, (port: number) => Promise<Example>>;
      example = await server[start]!(0);
      await browser.context.addInitScript({ content: `(${String(PROBES.witness)})(); (${String(watchHydration)})();` });
    }, 90_000);
    afterAll(async () => {
      await browser?.close();
      await example?.stop();
    });

    beforeEach(async () => {
      session = await openSession(browser.context);
      await session.page.goto(`${example.url}/assets/blank`); // same origin, no app: start each test as a first-time visitor
      await session.page.evaluate(() => localStorage.clear());
      await browser.context.clearCookies();
      return async () => {
        await session.page.close();
      };
    });

    async function hydrated(page: Page): Promise<void> {
      // The example's browser entry marks the page once it has hydrated.
      await page.waitForFunction(() => document.documentElement.hasAttribute("data-hydrated"));
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    }

    it("serves the final hero in the HTML, hydrates without a warning or a swap, then set() updates it", async () => {
      const served = await (await fetch(`${example.url}/?city=Bangalore`)).text();
      expect(served).toMatch(/data-slot-state="variant" data-slot-variant="BangaloreHero"/);
      expect(served).toContain("Namaste Bangalore: 20% off this week");

      const page = session.page;
      await page.goto(`${example.url}/?city=Bangalore`);
      await hydrated(page);
      const after = await page.evaluate(() => {
        const w = window as unknown as { __heroMutations: number; __heroNode: Element | null; __consoleProblems: string[] };
        return { mutations: w.__heroMutations, sameNode: w.__heroNode === document.querySelector('[data-slotwise-slot="hero"]'), problems: w.__consoleProblems };
      });
      expect(after).toEqual({ mutations: 0, sameNode: true, problems: [] });
      expect((await slots(page)).hero).toEqual(BANGALORE);

      // The hero's own component is live after hydration.
      await page.getByRole("button", { name: "Claim the offer" }).click();
      await expect.poll(async () => (await slots(page)).hero?.text).toBe("Namaste Bangalore: 20% off this week Offer claimed");

      await page.getByRole("button", { name: "I am in Pune now" }).click();
      await expect.poll(async () => (await slots(page)).hero).toEqual(def("Build your shop in a weekend"));
      await expect.poll(() => page.locator(".why").textContent()).toBe("Hero: default (DEFAULT)");
      await expectSilence(session);
    });

    it("renders the customer's offer from a cookie on the server, html sanitized", async () => {
      await browser.context.addCookies([{ name: "customer", value: "repeat_customer", url: example.url }]);
      const served = await (await fetch(`${example.url}/`, { headers: { cookie: "customer=repeat_customer" } })).text();
      expect(served).toContain('data-slot-variant="LoyaltyOffer"');
      const page = session.page;
      await page.goto(`${example.url}/`);
      await hydrated(page);
      expect((await slots(page)).offer).toEqual(LOYALTY);
      expect(await page.locator('[data-slotwise-slot="offer"] strong').textContent()).toBe("Welcome back, Asha:");
      expect(await page.evaluate(() => (window as unknown as { __consoleProblems: string[] }).__consoleProblems)).toEqual([]);
    });

    it("fits a phone: one column, nothing wider than the screen, buttons big enough to tap", async () => {
      const page = session.page;
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${example.url}/?city=Bangalore`);
      await hydrated(page);
      const layout = await page.evaluate(() => ({
        overflow: document.documentElement.scrollWidth - innerWidth,
        smallestButton: Math.min(...Array.from(document.querySelectorAll("button"), (button) => button.getBoundingClientRect().height)),
      }));
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.smallestButton).toBeGreaterThanOrEqual(44);
    });

    it("follows route changes and the cart as a person clicks, and keeps the cart across a reload", async () => {
      const page = session.page;
      await page.goto(`${example.url}/`);
      await hydrated(page);
      expect(await slots(page)).toMatchObject({ promo: PROMO, "cart-cta": def("Keep shopping") });

      await page.getByRole("link", { name: "Pricing" }).click();
      await page.waitForURL("**/pricing");
      await expect.poll(async () => (await slots(page)).promo).toEqual(PRICING);

      await page.getByRole("button", { name: "Add to cart (0)" }).click();
      await expect.poll(async () => (await slots(page))["cart-cta"]).toEqual(shows("CheckoutNow", "Check out now"));

      await page.goBack();
      await page.waitForURL(`${example.url}/`);
      await expect.poll(async () => (await slots(page)).promo).toEqual(PROMO);

      // Events are the browser's: the server renders the default, the browser decides after hydration.
      await page.reload();
      await hydrated(page);
      await expect.poll(async () => (await slots(page))["cart-cta"]).toEqual(shows("CheckoutNow", "Check out now"));
      expect(await page.evaluate(() => (window as unknown as { __consoleProblems: string[] }).__consoleProblems)).toEqual([]);
      await expectSilence(session);
    });
  });
}
