/**
 * The React example (examples/react/) in real Chromium, rendered on the
 * server by React (renderToString in examples/react/server.mjs) and hydrated
 * in the browser, built with Vite against the built package: the final hero
 * is in the server's HTML, hydration reports nothing and swaps nothing, and
 * the app then follows clicks, route changes, set() and reloads.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT } from "./support/server.js";
import { expectSilence, openSession, type Session } from "./support/session.js";
// The page reads and the hydration watch shared with the Vue and Svelte examples' tests.
import { BANGALORE, def, LOYALTY, PRICING, PROMO, shows, slots, watchHydration } from "./support/framework-example.js";

const run = promisify(execFile);

describe.skipIf(!hasChromium)("the React example, rendered on the server and hydrated in Chromium", () => {
  let browser: Browser;
  let example: { url: string; stop(): Promise<void> };
  let session: Session;

  beforeAll(async () => {
    const built = run(process.execPath, ["examples/react/build.mjs"], { cwd: REPO_ROOT });
    [browser] = await Promise.all([launchChromium(), built]);
    const { startReactExample } = (await import(pathToFileURL(join(REPO_ROOT, "examples/react/server.mjs")).href)) as {
      startReactExample(port: number): Promise<{ url: string; stop(): Promise<void> }>;
    };
    example = await startReactExample(0);
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})(); (${String(watchHydration)})();` });
  }, 60_000);
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
    // The app says how the hero was decided once its provider runs in the browser.
    await page.waitForFunction(() => document.querySelector(".why")?.textContent?.startsWith("Hero: "));
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  }

  it("serves the final hero in the HTML, hydrates without a warning or a swap, then set() updates it", async () => {
    const served = await (await fetch(`${example.url}/?city=Bangalore`)).text();
    expect(served).toContain('data-slot-variant="BangaloreHero"');
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
    const page = session.page;
    await page.goto(`${example.url}/`);
    await hydrated(page);
    expect((await slots(page)).offer).toEqual(LOYALTY);
    expect(await page.locator('[data-slotwise-slot="offer"] strong').textContent()).toBe("Welcome back, Asha:");
    expect(await page.evaluate(() => (window as unknown as { __consoleProblems: string[] }).__consoleProblems)).toEqual([]);
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
