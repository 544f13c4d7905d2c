/**
 * The after-paint file (issue 21 item 5) in real Chromium: the script tag
 * asks for dist/slotwise.later.js beside itself once the first decisions are
 * made; with it, track() is recorded, re-decides and is stored. When its
 * request fails (404), the page still decides and swaps, every track() is
 * kept in memory (recorded if the file comes after all), and the fault is
 * reported once (LATER_FAILED).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import { REPO_ROOT, type TestServer } from "./support/server.js";
import { expectSilence, openSession, slotStates, whenReady } from "./support/session.js";

const RULES = {
  version: 1,
  slots: {
    hero: [{ name: "Everyone", show: "Hi" }],
    clicks: [{ name: "Clicked", when: { fact: "events.cta.count", operator: "greaterThanInclusive", value: 1 }, show: "Count" }],
  },
  variants: { Hi: { text: "Hello" }, Count: { text: "cta={{events.cta.count}} pageviews={{visitor.pageviews}}" } },
};
const BODY = [slot("hero"), slot("clicks")].join("\n");

type Sw = { instance: { track(name: string): void; on(event: string, listener: (e: { code: string; message: string }) => void): () => void; context(): { events: Record<string, { count: number }> } } };

describe.skipIf(!hasChromium)("the after-paint file of the script tag", () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
    server.route("/later.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY }) });
    // The script tag deployed alone: its later file is missing beside it.
    server.route("/lone/slotwise.global.js", { headers: { "content-type": "text/javascript" }, body: readFileSync(join(REPO_ROOT, "dist/slotwise.global.js"), "utf8") });
    server.route("/lone.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY, sdk: { src: "/lone/slotwise.global.js" } }) });
  });

  it("loads after the first decisions, records track(), re-decides and stores it", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/later.html`);
    await whenReady(page);
    expect((await slotStates(page)).hero).toMatchObject({ state: "variant", variant: "Hi" });
    await page.evaluate(() => {
      const sw = (window as unknown as { Slotwise: Sw }).Slotwise.instance;
      sw.track("cta");
      sw.track("cta");
    });
    await page.waitForFunction(() => document.querySelector('[data-slot="clicks"]')?.textContent?.includes("cta=2"), undefined, { timeout: 5000 });
    expect(server.hits.get("/dist/slotwise.later.js")).toBe(1);
    // Leaving the page writes the entry: the next view reads both events and both page views.
    await page.goto(`${server.origin}/later.html`);
    await whenReady(page);
    expect((await slotStates(page)).clicks?.text).toBe("cta=2 pageviews=2");
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("slotwise") ?? "null") as { profiles: Array<{ events: Record<string, { count: number }> }> });
    expect(stored.profiles[0]?.events.cta?.count).toBe(2);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it("a failed request (404): decisions and swaps stand, track() calls are kept, the fault is reported once", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    // Listening and tracking from the page's queue, before the first decisions.
    await page.addInitScript(() => {
      const w = window as unknown as { seen: string[]; slotwiseQueue: Array<(sw: Sw["instance"]) => void> };
      localStorage.clear(); // the first test's visitor is on the same origin
      w.seen = [];
      w.slotwiseQueue = [
        (sw) => {
          sw.on("error", (e) => w.seen.push(e.code));
          for (let i = 0; i < 3; i++) sw.track("cta");
        },
      ];
    });
    await page.goto(`${server.origin}/lone.html`);
    await whenReady(page);
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length > 0, undefined, { timeout: 5000 });
    await page.evaluate(() => (window as unknown as { Slotwise: Sw }).Slotwise.instance.track("cta"));
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(["LATER_FAILED"]);
    expect(server.hits.get("/lone/slotwise.later.js")).toBe(1);
    expect(session.messages).toEqual([`warning: [slotwise] LATER_FAILED: ${server.origin}/lone/slotwise.later.js`]);
    expect(await slotStates(page)).toMatchObject({ hero: { state: "variant", variant: "Hi", text: "Hello" }, clicks: { state: "default" } });
    // The four calls were kept: once the file comes after all, each is recorded.
    await page.addScriptTag({ url: "/dist/slotwise.later.js" });
    await page.waitForFunction(() => document.querySelector('[data-slot="clicks"]')?.textContent?.includes("cta=4"), undefined, { timeout: 5000 });
    expect(session.messages).toHaveLength(1);
    await expectSilence(session);
    await page.close();
  });
});
