/**
 * The `matches` engine of the script tags, in real Chromium with the built
 * tag: dist/slotwise.matches.js is requested beside the tag only for a rule
 * file that uses `matches`, and the first decisions wait for it (the slot
 * stays hidden: its default is never painted, even when the file comes 400
 * ms late). When the file is missing (404), slots whose rules use `matches`
 * (directly or through an audience) keep their default, the other slots
 * decide as usual, and MATCHES_FAILED is reported once. A rule file without
 * `matches` never asks for it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import type { FrameRecord } from "./support/probes.js";
import { REPO_ROOT, type TestServer } from "./support/server.js";
import { expectSilence, frames, openSession, readFrames, readWitness, slotStates, whenReady } from "./support/session.js";

const RULES = {
  version: 1,
  audiences: {
    blog: { fact: "page.path", operator: "matches", value: "(?i)^/blog/\\d{4}/" },
    // An audience of an audience that uses matches.
    blogDeep: { all: [{ audience: "blog" }, { fact: "page.host", operator: "exists" }] },
    anyone: { fact: "page.path", operator: "exists" },
  },
  slots: {
    hero: [{ name: "Blog readers", when: { fact: "page.path", operator: "matches", value: "^/(blog|news)/" }, show: "Blog" }],
    side: [{ name: "Blog by audience", when: { audience: "blog" }, show: "Side" }],
    deep: [{ name: "Blog by audience of audience", when: { audience: "blogDeep" }, show: "Side" }],
    plain: [{ name: "Everyone", when: { audience: "anyone" }, show: "Plain" }],
  },
  variants: { Blog: { text: "From the blog" }, Side: { text: "Side note" }, Plain: { text: "Hello" } },
};
const PLAIN_RULES = { version: 1, slots: { plain: [{ name: "Everyone", show: "Plain" }] }, variants: { Plain: { text: "Hello" } } };
const BODY = [slot("hero"), slot("side"), slot("deep"), slot("plain")].join("\n");
const dist = (file: string): string => readFileSync(join(REPO_ROOT, "dist", file), "utf8");
const JS = { "content-type": "text/javascript" };
/** A TT-enforcing page: the README's policy list (the engine comes through `slotwise-later`). */
const TT_HEADERS = { ...HTML_HEADERS, "content-security-policy": "require-trusted-types-for 'script'; trusted-types slotwise slotwise-later" };

describe.skipIf(!hasChromium)("the matches engine of the script tag", () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
    const page = (rules: unknown, src: string, timeout?: number) => pageHtml({ probes: ["witness", "frames"], rules, body: BODY, sdk: { src, ...(timeout ? { timeout } : {}) } });
    // The engine comes 400 ms after it is asked for (within the default 1,000 ms timeout).
    for (const dir of ["slow", "tt", "late"]) {
      server.route(`/${dir}/slotwise.global.js`, { headers: JS, body: dist("slotwise.global.js") });
      server.route(`/${dir}/slotwise.later.js`, { headers: JS, body: dist("slotwise.later.js") });
      server.route(`/${dir}/slotwise.matches.js`, { headers: JS, body: dist("slotwise.matches.js"), delayMs: 400 });
    }
    server.route("/blog/2026/spring", { headers: HTML_HEADERS, body: page(RULES, "/slow/slotwise.global.js") });
    // Later than the page's timeout: decided without it.
    server.route("/blog/2026/late", { headers: HTML_HEADERS, body: page(RULES, "/late/slotwise.global.js", 150) });
    server.route("/blog/2026/tt", { headers: TT_HEADERS, body: page(RULES, "/tt/slotwise.global.js") });
    // Deployed without the engine beside it.
    server.route("/lone/slotwise.global.js", { headers: JS, body: dist("slotwise.global.js") });
    server.route("/lone/slotwise.later.js", { headers: JS, body: dist("slotwise.later.js") });
    server.route("/blog/2026/lone", { headers: HTML_HEADERS, body: page(RULES, "/lone/slotwise.global.js") });
    server.route("/plain", { headers: HTML_HEADERS, body: page(PLAIN_RULES, "/dist/slotwise.global.js") });
  });

  /** Slots whose default copy some rendering update showed. */
  const flashed = (seen: FrameRecord[], slots: string[]): string[] => slots.filter((name) => seen.some((f) => f.shown.includes(name)));

  it.each([
    ["a plain page", "/blog/2026/spring", "/slow/slotwise.matches.js"],
    ["a page enforcing Trusted Types", "/blog/2026/tt", "/tt/slotwise.matches.js"],
  ])("on %s: asks for the engine once, and the first decisions wait for it (no default painted first)", async (_, path, file) => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}${path}`);
    await whenReady(page);
    expect(await slotStates(page)).toMatchObject({
      hero: { state: "variant", variant: "Blog", text: "From the blog" },
      side: { state: "variant", variant: "Side", text: "Side note" },
      deep: { state: "variant", variant: "Side", text: "Side note" },
      plain: { state: "variant", variant: "Plain", text: "Hello" },
    });
    await frames(page, 2);
    expect(flashed(await readFrames(page), ["hero", "side", "deep", "plain"])).toEqual([]);
    expect(server.hits.get(file)).toBe(1);
    const witness = await readWitness(page);
    expect(witness.sdkErrors).toEqual([]);
    expect(witness.violations).toEqual([]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });

  it("without the file (404): slots using matches keep their default, the others decide, one MATCHES_FAILED", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/blog/2026/lone`);
    await whenReady(page);
    expect(await slotStates(page)).toMatchObject({
      hero: { state: "default", text: "Default copy of hero" },
      side: { state: "default", text: "Default copy of side" },
      deep: { state: "default", text: "Default copy of deep" },
      plain: { state: "variant", variant: "Plain" },
    });
    // Facts change, slots are decided again: still the defaults, still one fault.
    await page.evaluate(() => (window as unknown as { Slotwise: { instance: { set(f: unknown): void } } }).Slotwise.instance.set({ user: { type: "x" } }));
    await frames(page, 2);
    const witness = await readWitness(page);
    expect(witness.sdkErrors).toEqual([{ code: "MATCHES_FAILED", message: `MATCHES_FAILED: ${server.origin}/lone/slotwise.matches.js` }]);
    expect(witness.decisions.filter((d) => d.slot !== "plain")).toEqual([
      { slot: "hero", variant: null, reason: "ERROR" },
      { slot: "side", variant: null, reason: "ERROR" },
      { slot: "deep", variant: null, reason: "ERROR" },
    ]);
    expect(server.hits.get("/lone/slotwise.matches.js")).toBe(1);
    // The control: the frame probe does see a default that is shown.
    expect(flashed(await readFrames(page), ["hero", "side", "deep", "plain"])).toEqual(["hero", "side", "deep"]);
    expect(session.messages).toEqual([`warning: [slotwise] MATCHES_FAILED: ${server.origin}/lone/slotwise.matches.js`]);
    await expectSilence(session);
    await page.close();
  });

  it("later than the timeout: those slots keep their default for the page view, even once the engine arrives", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/blog/2026/late`);
    await whenReady(page);
    expect(await slotStates(page)).toMatchObject({ hero: { state: "default" }, side: { state: "default" }, deep: { state: "default" }, plain: { state: "variant", variant: "Plain" } });
    // The engine arrives (400 ms after it was asked for); a change of facts decides again: the defaults stay.
    await page.waitForTimeout(600);
    await page.evaluate(() => (window as unknown as { Slotwise: { instance: { set(f: unknown): void } } }).Slotwise.instance.set({ user: { type: "x" } }));
    await frames(page, 2);
    expect(await slotStates(page)).toMatchObject({ hero: { state: "default" }, side: { state: "default" } });
    expect((await readWitness(page)).sdkErrors.map((e) => e.code)).toEqual(["MATCHES_FAILED"]);
    expect(session.messages).toHaveLength(1);
    await expectSilence(session);
    await page.close();
  });

  it("a rule file without matches never asks for the file", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/plain`);
    await whenReady(page);
    expect((await slotStates(page)).plain).toMatchObject({ state: "variant", variant: "Plain" });
    await frames(page, 2);
    expect(server.hits.get("/dist/slotwise.matches.js")).toBeUndefined();
    expect((await readWitness(page)).sdkErrors).toEqual([]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });
});
