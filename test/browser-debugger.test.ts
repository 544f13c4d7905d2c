/**
 * The on-page debugger in real Chromium under the strict CSP: opened from
 * the address (kept for the tab, ended by ?slotwise_debug=0) and from
 * data-debug; each slot with its reason in explain's words, a broken rule
 * file's sentences, hover outlines, a fact edited and re-decided; the page's
 * layout and focus order untouched while it is closed; and a page that does
 * not ask for it requests no debug file.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, STRICT_CSP, type SdkTag } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession, whenReady } from "./support/session.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";

const RULES = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" }],
  },
  variants: { BangaloreOffer: { text: "Namaste Bangalore" }, LoyaltyOffer: { text: "Welcome back" } },
};
const BROKEN = {
  ...RULES,
  slots: { ...RULES.slots, offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equals", value: "repeat_customer" }] }, show: "LoyaltyOffer" }] },
};
const BODY = '<a id="first-link" href="#top">First link</a>\n<section data-slot="hero">Default hero</section>\n<aside data-slot="offer">Default offer</aside>';
const DEBUG_FILE = "/dist/slotwise.debug.js";

/** CSP violations, as the page reports them, collected before any page script. */
function watchViolations(): void {
  const w = window as unknown as { __violations: string[] };
  w.__violations = [];
  document.addEventListener("securitypolicyviolation", (event) => w.__violations.push(`${event.violatedDirective} ${event.blockedURI}`), true);
}

interface PanelView {
  slots: { name: string; badges: string[]; words: string }[];
  errors: string[];
  warnings: string[];
  open: boolean;
}

async function panel(page: Page): Promise<PanelView> {
  await page.waitForFunction(() => (window as unknown as { SlotwiseDebug?: { panel?: unknown } }).SlotwiseDebug?.panel !== undefined, undefined, { timeout: LOADED_MACHINE_WAIT });
  await page.waitForFunction(() => document.querySelector("[data-slotwise-debug]")?.shadowRoot?.querySelector("li.slot, p.empty") != null, undefined, { timeout: LOADED_MACHINE_WAIT });
  return page.evaluate(() => {
    const root = document.querySelector("[data-slotwise-debug]")!.shadowRoot!;
    return {
      slots: Array.from(root.querySelectorAll("li.slot")).map((item) => ({
        name: item.querySelector(".name")!.textContent!,
        badges: Array.from(item.querySelectorAll(".badge")).map((badge) => badge.textContent!),
        words: item.querySelector("pre")!.textContent!,
      })),
      errors: Array.from(root.querySelectorAll("li.error")).map((item) => item.textContent!),
      warnings: Array.from(root.querySelectorAll("li.warning")).map((item) => item.textContent!),
      open: document.querySelector("[data-slotwise-debug]")!.hasAttribute("open"),
    };
  });
}

describe.skipIf(!hasChromium)("the on-page debugger, in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  function route(path: string, rules: unknown, sdk: SdkTag = {}): string {
    server.route(path, {
      headers: { ...HTML_HEADERS, "content-security-policy": STRICT_CSP },
      body: pageHtml({ probes: ["witness"], rules, context: { geo: { city: "Bangalore" } }, sdk, body: BODY }),
    });
    return `${server.origin}${path}`;
  }

  async function open() {
    const session = await openSession(browser.context);
    await session.page.addInitScript({ content: `(${String(watchViolations)})();` });
    return session;
  }

  it("opens from the address, lists each slot with its reason in explain's words, and holds under the strict CSP", async () => {
    const url = route("/debug/address", RULES);
    const session = await open();
    const { page } = session;
    const before = server.hits.get(DEBUG_FILE) ?? 0;
    await page.goto(url);
    await whenReady(page);
    expect(server.hits.get(DEBUG_FILE) ?? 0).toBe(before);

    await page.goto(`${url}?slotwise_debug=1`);
    await whenReady(page);
    const view = await panel(page);
    expect(view.open).toBe(true);
    expect(view.slots.map(({ name, badges }) => ({ name, badges }))).toEqual([
      { name: "hero", badges: ["BangaloreOffer", "MATCH"] },
      { name: "offer", badges: ["default", "DEFAULT"] },
    ]);
    expect(view.slots[0]!.words).toContain("slot 'hero': shows 'BangaloreOffer' (rule 'Bangalore visitors' matched)");
    expect(view.slots[1]!.words).toContain("slot 'offer': keeps its default content (no rule matched)");
    expect(view.slots[1]!.words).toContain("no  user.type equal 'repeat_customer' (this visitor: missing)");
    expect(view.errors).toEqual([]);

    // Kept for the tab: the next page opens it too, until ?slotwise_debug=0.
    await page.goto(`${url}?page=2`);
    await whenReady(page);
    expect((await panel(page)).slots).toHaveLength(2);
    const hits = server.hits.get(DEBUG_FILE) ?? 0;
    await page.goto(`${url}?slotwise_debug=0`);
    await whenReady(page);
    await page.goto(url);
    await whenReady(page);
    expect(server.hits.get(DEBUG_FILE) ?? 0).toBe(hits);
    expect(await page.evaluate(() => document.querySelector("[data-slotwise-debug]"))).toBeNull();

    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it("opens from data-debug and shows a broken rule file's sentences; a preview is marked", async () => {
    const url = route("/debug/broken", BROKEN, { debug: true });
    const session = await open();
    const { page } = session;
    await page.goto(`${url}?slotwise_preview=hero:default`);
    await whenReady(page);
    const view = await panel(page);
    expect(view.errors).toEqual(["slots.offer[0].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?"]);
    expect(view.slots.find((slot) => slot.name === "offer")!.badges).toEqual(["default", "ERROR"]);
    expect(view.slots.find((slot) => slot.name === "hero")!.badges).toEqual(["default", "DEFAULT", "preview"]);
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
    await page.close();
  });

  it("outlines a hovered slot, re-decides an edited fact, and leaves layout and focus order alone when closed", async () => {
    const plain = route("/debug/plain", RULES);
    const session = await open();
    const { page } = session;
    await page.goto(plain);
    await whenReady(page);
    const layout = () => page.evaluate(() => ["first-link", "hero"].map((id) => JSON.stringify((document.getElementById(id) ?? document.querySelector(`[data-slot="${id}"]`))!.getBoundingClientRect())));
    const without = await layout();

    await page.goto(`${plain}?slotwise_debug=1`);
    await whenReady(page);
    await panel(page);
    expect(await layout()).toEqual(without);

    await page.hover('[data-slotwise-debug] li[data-slot-name="hero"]');
    const outlines = () => page.evaluate(() => document.querySelector("[data-slotwise-debug]")!.shadowRoot!.querySelectorAll(".outline").length);
    expect(await outlines()).toBe(1);

    await page.fill('[data-slotwise-debug] input[name="path"]', "geo.city");
    await page.fill('[data-slotwise-debug] input[name="value"]', "Pune");
    await page.click('[data-slotwise-debug] form button');
    await page.waitForFunction(() => document.querySelector('[data-slot="hero"]')!.textContent === "Default hero");
    await expect.poll(async () => (await panel(page)).slots[0]!.badges, { timeout: LOADED_MACHINE_WAIT }).toEqual(["default", "DEFAULT"]);

    // Closed: the launcher is out of the tab order, so Tab from the top reaches the page's own first link.
    await page.click('[data-slotwise-debug] header button');
    expect((await panel(page)).open).toBe(false);
    // It stays closed on the next page of the tab, out of the tab order and the layout.
    await page.reload();
    await whenReady(page);
    expect((await panel(page)).open).toBe(false);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("first-link");
    expect(await layout()).toEqual(without);
    await page.keyboard.press("Alt+Shift+D");
    expect((await panel(page)).open).toBe(true);
    await expectSilence(session);
    await page.close();
  });
});
