/**
 * The single-page app example (examples/spa/) in real Chromium: built with
 * Vite against the built package (dist/index.js, imported as "slotwise"),
 * served with a history fallback like `vite preview`, and used as a person
 * would: click through the routes, add plans to the cart, go back, reload,
 * open a deep link, press "Forget me".
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS } from "./support/pages.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT, startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession, type Session } from "./support/session.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";

const run = promisify(execFile);

/** The app's routes: each answers with the app's index.html (the history fallback). */
const APP_ROUTES = ["/", "/pricing", "/checkout"];

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

type Shown = { state: string | null; variant: string | null; text: string };

/** Every slot on the page, by name: its state, its variant, and the text a person reads (whitespace collapsed). */
async function slots(page: Page): Promise<Record<string, Shown>> {
  return page.evaluate(() => {
    const out: Record<string, Shown> = {};
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("[data-slot]"))) {
      out[element.getAttribute("data-slot") ?? ""] = {
        state: element.getAttribute("data-slot-state"),
        variant: element.getAttribute("data-slot-variant"),
        text: element.innerText.replace(/\s+/g, " ").trim(),
      };
    }
    return out;
  });
}

async function expectSlots(page: Page, expected: Record<string, Shown>): Promise<void> {
  await expect.poll(() => slots(page), { timeout: LOADED_MACHINE_WAIT }).toEqual(expected);
}

const def = (text: string): Shown => ({ state: "default", variant: null, text });
const shows = (variant: string, text: string): Shown => ({ state: "variant", variant, text });

const PROMO = def("Every plan includes a free domain for a year");
const PRICING_PROMO = shows("PricingPromo", "Pricing week: the first month of any plan is free");
const CHECKOUT_PROMO = shows("CheckoutPromo", "Free returns for 30 days on every order");
const EMPTY_CART = def("Your cart is empty");
const CHECKOUT_HELP = shows("CheckoutHelp", "Questions before you pay? Chat with us, we answer in minutes");
const cart = (count: number): Shown => shows("CartReminder", `Plans added to your cart: ${count}. Check out when you are ready`);
const HOME_HERO = def("Hosting that grows with you Deploy in minutes, scale without thinking about it.");
const PRICING_REMINDER = shows("PricingReminder", "Still comparing plans? Pro is 2 months free this week.");
const CHECKOUT_OFFER = def("Secure checkout: pay by card or UPI.");
const DECIDE_TODAY = shows("DecideTodayOffer", "Still deciding? Code DECIDE10 takes 10% off today");

describe.skipIf(!hasChromium)("the single-page app example in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  let session: Session;
  let outDir: string;

  beforeAll(async () => {
    // Built into a temporary folder, so the test never touches a newcomer's examples/spa/dist.
    outDir = mkdtempSync(join(tmpdir(), "slotwise-spa-"));
    const vite = join(REPO_ROOT, "node_modules/vite/bin/vite.js");
    const built = run(process.execPath, [vite, "build", "examples/spa", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: REPO_ROOT });
    [browser, server] = await Promise.all([launchChromium(), startServer(), built]);

    const index = readFileSync(join(outDir, "index.html"), "utf8");
    for (const path of APP_ROUTES) server.route(path, { headers: HTML_HEADERS, body: index });
    for (const file of readdirSync(outDir, { recursive: true, encoding: "utf8" })) {
      const type = CONTENT_TYPES[extname(file)];
      if (!type || file === "index.html") continue;
      server.route(`/${relative(outDir, join(outDir, file)).split("\\").join("/")}`, { headers: { "content-type": type }, body: readFileSync(join(outDir, file), "utf8") });
    }
    server.route("/blank.html", { headers: HTML_HEADERS, body: "<!doctype html><title>blank</title>" });
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})();` });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    // Each test is a first-time visitor.
    session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/blank.html`);
    await session.page.evaluate(() => localStorage.clear());
    return async () => {
      await session.page.close();
    };
  });

  async function open(path: string): Promise<Page> {
    await session.page.goto(`${server.origin}${path}`);
    return session.page;
  }

  async function click(page: Page, role: "link" | "button", name: string): Promise<void> {
    await page.getByRole(role, { name, exact: true }).click();
  }

  /** The exposure events the app lists, newest first. */
  async function exposures(page: Page): Promise<string[]> {
    return page.locator("#exposures li").allTextContents();
  }

  async function expectNoFaults(): Promise<void> {
    await expectSilence(session);
    expect(session.messages, "Slotwise console messages").toEqual([]);
    expect((await exposures(session.page)).filter((line) => line.startsWith("error")), "on('error')").toEqual([]);
  }

  it("re-decides the header and route slots as the visitor clicks through routes, adds to cart and goes back", async () => {
    const page = await open("/");
    await expectSlots(page, { promo: PROMO, "cart-nudge": EMPTY_CART, "home-hero": HOME_HERO });

    await click(page, "link", "See pricing");
    await page.waitForURL("**/pricing");
    // The hero left with the home route; the promo reads page.path.
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": EMPTY_CART });
    await expect(page.getByRole("heading", { name: "Pricing", exact: true }).isVisible()).resolves.toBe(true);

    // The tracked interaction: each click is an add_to_cart event, and the nudge counts them.
    await click(page, "button", "Add Pro to cart");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": cart(1) });
    await click(page, "button", "Add Starter to cart");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": cart(2) });

    // Back home after one pricing view: the hero the app renders again is decided on arrival.
    await click(page, "link", "Home");
    await page.waitForURL(`${server.origin}/`);
    await expectSlots(page, { promo: PROMO, "cart-nudge": cart(2), "home-hero": PRICING_REMINDER });

    // The browser's back button: pricing again, a second pricing view.
    await page.goBack();
    await page.waitForURL("**/pricing");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": cart(2) });

    await click(page, "link", "Go to checkout");
    await page.waitForURL("**/checkout");
    await expectSlots(page, { promo: CHECKOUT_PROMO, "cart-nudge": CHECKOUT_HELP, "checkout-offer": DECIDE_TODAY });
    expect(await exposures(page)).toContain("checkout-offer → DecideTodayOffer (rule 'Compared plans more than once')");
    await expectNoFaults();
  });

  it("keeps the behaviour counts across a reload", async () => {
    const page = await open("/pricing");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": EMPTY_CART });
    await click(page, "button", "Add Pro to cart");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": cart(1) });

    await page.reload();
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": cart(1) });

    // Two pricing views now (one before the reload, one after): the checkout offer for visitors still deciding.
    await click(page, "link", "Go to checkout");
    await expectSlots(page, { promo: CHECKOUT_PROMO, "cart-nudge": CHECKOUT_HELP, "checkout-offer": DECIDE_TODAY });
    await page.reload();
    await expectSlots(page, { promo: CHECKOUT_PROMO, "cart-nudge": CHECKOUT_HELP, "checkout-offer": DECIDE_TODAY });
    await expectNoFaults();
  });

  it("shows a new visitor who opens the checkout link directly its default offer", async () => {
    const page = await open("/checkout");
    await expectSlots(page, { promo: CHECKOUT_PROMO, "cart-nudge": CHECKOUT_HELP, "checkout-offer": CHECKOUT_OFFER });
    await expect(page.title()).resolves.toBe("Checkout · Acme Cloud");
    await expectNoFaults();
  });

  it("never paints a header slot's default before it is decided when a deep link loads cold", async () => {
    const { page } = session;
    // At every rendering update, whether the promo was visible while still undecided.
    await page.addInitScript(() => {
      const w = window as unknown as { __promoFrames: { state: string | null; visible: boolean }[] };
      w.__promoFrames = [];
      const tick = (): void => {
        const promo = document.querySelector('[data-slot="promo"]');
        if (promo) w.__promoFrames.push({ state: promo.getAttribute("data-slot-state"), visible: getComputedStyle(promo).visibility === "visible" });
        if (w.__promoFrames.length < 30) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await open("/pricing");
    await expectSlots(page, { promo: PRICING_PROMO, "cart-nudge": EMPTY_CART });
    const frames = await page.evaluate(() => (window as unknown as { __promoFrames: { state: string | null; visible: boolean }[] }).__promoFrames);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.filter((frame) => frame.state === null && frame.visible), "frames showing the undecided default").toEqual([]);
    await expectNoFaults();
  });

  it("shows the header's default content anyway when the app's script never loads", async () => {
    const { page } = session;
    await page.route("**/assets/*.js", (route) => route.abort());
    await open("/pricing");
    await expect
      .poll(() => page.locator('[data-slot="promo"]').evaluate((element) => [element.getAttribute("data-slot-state"), getComputedStyle(element).visibility, element.textContent]), { timeout: 5000 })
      .toEqual([null, "visible", PROMO.text]);
    await page.unroute("**/assets/*.js");
  });

  it("makes the visitor new again on 'Forget me': the slots that read their behaviour go back to their defaults", async () => {
    const page = await open("/pricing");
    await click(page, "button", "Add Pro to cart");
    await click(page, "link", "Home");
    await expectSlots(page, { promo: PROMO, "cart-nudge": cart(1), "home-hero": PRICING_REMINDER });

    await click(page, "button", "Forget me");
    await expectSlots(page, { promo: PROMO, "cart-nudge": EMPTY_CART, "home-hero": HOME_HERO });
    await page.reload();
    await expectSlots(page, { promo: PROMO, "cart-nudge": EMPTY_CART, "home-hero": HOME_HERO });
    await expectNoFaults();
  });
  it.each([360, 390, 1280])("fits a %i px wide screen on every route: no sideways scroll, the heading readable, the panel reachable", async (width) => {
    const { page } = session;
    await page.setViewportSize({ width, height: 800 });
    try {
      for (const path of ["/", "/pricing", "/checkout"]) {
        await open(path);
        await page.waitForFunction(() => document.querySelector("main h1") !== null);
        const layout = await page.evaluate(() => {
          const heading = document.querySelector("main h1")!;
          const panel = document.querySelector(".panel")!.getBoundingClientRect();
          return {
            scrollWidth: document.documentElement.scrollWidth,
            viewport: window.innerWidth,
            font: parseFloat(getComputedStyle(heading).fontSize),
            right: heading.getBoundingClientRect().right,
            panelLeft: panel.left,
            panelRight: panel.right,
          };
        });
        expect(layout.scrollWidth, `document width of ${path}`).toBeLessThanOrEqual(layout.viewport);
        expect(layout.font).toBeGreaterThanOrEqual(24);
        expect(layout.right).toBeLessThanOrEqual(width);
        expect(layout.panelLeft).toBeGreaterThanOrEqual(0);
        expect(layout.panelRight).toBeLessThanOrEqual(width);
      }
      await expectNoFaults();
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
