/**
 * Issue 25 at the render edge, in Chromium with the built script tag:
 * - big content: a 1 MB html variant renders (no spread of a child list, no
 *   recursion), 10,000 levels of nesting are cut at MAX_DEPTH in linear time,
 *   a variant over MAX_HTML keeps the default with RENDER_FAILED;
 * - Trusted Types: under `require-trusted-types-for 'script'` the fallback
 *   sanitizer renders html variants through the `slotwise` policy, with 0
 *   violations, and the XSS corpus still runs nothing;
 * - the reveal: a slot first styled after the deadline (its container shown
 *   by a page script that kept the main thread busy past the deadline) is not
 *   hidden in any frame drawn after the deadline;
 * - the rules URL: a body over 512 KB is stopped while it streams (RULES_FETCH_FAILED).
 */
import { describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import type { ProbeName } from "./support/probes.js";
import type { TestServer } from "./support/server.js";
import { openSession, readWitness, slotStates, whenReady } from "./support/session.js";
import { loadXssPayloads } from "./support/xss.js";

const TT_HEADERS = { ...HTML_HEADERS, "content-security-policy": "require-trusted-types-for 'script'" };

describe.skipIf(!hasChromium)("the render edge under hostile sizes, Trusted Types and late styling", () => {
  let browser: Browser;
  let server: TestServer;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  async function visit(name: string, body: string, headers: Record<string, string> = HTML_HEADERS) {
    server.route(`/${name}.html`, { headers, body });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/${name}.html`);
    await whenReady(session.page);
    return session;
  }

  const variantsPage = (variants: Record<string, string>, probes: ProbeName[] = ["witness"]): string =>
    pageHtml({
      probes,
      rules: {
        version: 1,
        slots: Object.fromEntries(Object.keys(variants).map((name) => [name, [{ name: "all", show: name }]])),
        variants: Object.fromEntries(Object.entries(variants).map(([name, html]) => [name, { html }])),
      },
      body: Object.keys(variants).map((name) => slot(name)).join("\n"),
    });

  it.each<[string, ProbeName[]]>([
    ["the Sanitizer API", ["witness"]],
    ["the fallback sanitizer", ["witness", "no-sethtml"]],
  ])("renders a 1 MB variant, cuts 500 levels at MAX_DEPTH, refuses 10,000 (MAX_OPEN) and one over MAX_HTML (%s)", async (_, probes) => {
    const big = "<b>x</b>".repeat(130_000);
    const deep = "<span>".repeat(500) + "deep" + "</span>".repeat(500);
    const session = await visit(`limits-${probes.length}`, variantsPage({ big, deep: `<p>kept</p>${deep}`, huge: "x".repeat(2 ** 21 + 1) }, probes));
    const result = await session.page.evaluate(() => {
      const big = document.querySelector('[data-slot="big"]')!;
      const deep = document.querySelector('[data-slot="deep"]')!;
      let depth = 0;
      for (let node: Element | null = deep; node?.firstElementChild; node = node.lastElementChild) depth += 1;
      return { bold: big.querySelectorAll("b").length, deepText: deep.textContent, depth };
    });
    expect(result.bold).toBe(130_000);
    expect(result.deepText).toBe("kept");
    expect(result.depth).toBeLessThanOrEqual(101);
    const states = await slotStates(session.page);
    expect([states.big?.state, states.deep?.state, states.huge?.state]).toEqual(["variant", "variant", "default"]);
    expect((await readWitness(session.page)).sdkErrors).toEqual([{ code: "RENDER_FAILED", message: "RENDER_FAILED: huge MAX_HTML" }]);
    // Linear: 10,000 levels are sanitized well inside a frame budget's multiple.
    const ms = await session.page.evaluate(() => {
      const adapter = (window as unknown as { Slotwise: { createDomAdapter(): any } }).Slotwise.createDomAdapter();
      const [target] = adapter.findSlots();
      const html = "<div>".repeat(10_000) + "x" + "</div>".repeat(10_000);
      const start = performance.now();
      const result = adapter.render(target, { id: "deep", content: { html } }, {});
      return [performance.now() - start, result.ok || result.error.message];
    });
    // 10,000 levels are refused before the browser parses them, in linear time.
    expect(ms[1]).toBe("MAX_OPEN");
    expect(ms[0]).toBeLessThan(200);
    await session.page.close();
  }, 90_000);

  it("renders html variants through the 'slotwise' Trusted Types policy with 0 violations; the XSS corpus runs nothing", async () => {
    const benign = variantsPage({ a: '<h2 class="t">Spring <em>sale</em></h2>', b: '<p><a href="/x" target="_blank">Shop</a></p>' }, ["witness", "no-sethtml"]);
    const session = await visit("tt-benign", benign, TT_HEADERS);
    const states = await slotStates(session.page);
    expect([states.a?.state, states.b?.state]).toEqual(["variant", "variant"]);
    expect(states.a?.text).toBe("Spring sale");
    const witness = await readWitness(session.page);
    expect(witness.violations).toEqual([]);
    expect(witness.sdkErrors).toEqual([]);
    expect(await session.page.evaluate(() => typeof (window as unknown as { trustedTypes?: unknown }).trustedTypes)).toBe("object");
    await session.page.close();

    const payloads = loadXssPayloads();
    const hostile = pageHtml({
      probes: ["witness", "xss-hooks", "no-sethtml"],
      rules: {
        version: 1,
        slots: Object.fromEntries(payloads.map((_, i) => [`x${i}`, [{ name: "all", show: `X${i}` }]])),
        variants: Object.fromEntries(payloads.map(({ payload }, i) => [`X${i}`, { html: payload }])),
      },
      body: payloads.map((_, i) => slot(`x${i}`)).join("\n"),
    });
    const attacked = await visit("tt-xss", hostile, TT_HEADERS);
    await attacked.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await attacked.page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls)).toEqual([]);
    expect(attacked.dialogs).toEqual([]);
    const swapped = Object.values(await slotStates(attacked.page)).filter((s) => s.state === "variant").length;
    expect(swapped).toBeGreaterThan(payloads.length / 2);
    await attacked.page.close();
  });

  it("never draws a frame after the deadline with a slot hidden, even one first styled after it", async () => {
    const TIMEOUT = 600;
    // The rules URL never answers. At 400 ms a page script keeps the main thread
    // busy until 900 ms, then shows a container (display: none until then) holding a slot.
    server.route("/late-style-rules.json", { delayMs: Infinity });
    server.route("/late-style.js", {
      headers: { "content-type": "text/javascript" },
      body: `(function(){var start=window.__swStart;setTimeout(function(){while(performance.now()<start+${TIMEOUT}+300){}document.getElementById("box").style.display="block"},400);
var f=window.__lateFrames=[];function tick(t){var s=document.querySelector('[data-slot="late"]');f.push({t:t,hidden:!!s&&!s.checkVisibility({visibilityProperty:true})&&getComputedStyle(document.getElementById("box")).display!=="none"});if(f.length<120)requestAnimationFrame(tick)}requestAnimationFrame(tick)})();`,
    });
    server.route("/late-style.html", {
      headers: HTML_HEADERS,
      body:
        `<!doctype html><html><head><script>window.__swStart=performance.now()</script>` +
        `<script src="/dist/slotwise.global.js" data-rules-url="/late-style-rules.json" data-timeout="${TIMEOUT}"></script></head>` +
        `<body>${slot("top")}<div id="box" style="display:none">${slot("late")}</div><script src="/late-style.js"></script></body></html>`,
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/late-style.html`);
    await session.page.waitForFunction(() => (window as unknown as { __lateFrames: unknown[] }).__lateFrames.length >= 120, null, { timeout: 10_000 });
    // The deadline counts from when Slotwise started waiting (its script start, README "How flicker is
    // avoided"), which a loaded machine puts well after the page's first inline script.
    const { start, frames } = await session.page.evaluate(() => ({
      start: (window as unknown as { Slotwise: { options: { timeoutFrom: number } } }).Slotwise.options.timeoutFrom,
      frames: (window as unknown as { __lateFrames: { t: number; hidden: boolean }[] }).__lateFrames,
    }));
    // A frame's timestamp is when it began; one that began after the deadline must show the slot.
    const late = frames.filter((frame) => frame.t > start + TIMEOUT + 5 && frame.hidden);
    expect(late).toEqual([]);
    expect(frames.some((frame) => frame.t > start + TIMEOUT + 300)).toBe(true);
    await session.page.close();
  });

  it("stops a rules body over 512 KB while it streams: RULES_FETCH_FAILED, defaults shown", async () => {
    const padding = " ".repeat(600 * 1024);
    server.route("/big-rules.json", { headers: { "content-type": "application/json" }, body: `{"version":1,"slots":{}${padding}}` });
    const session = await visit("big-rules", pageHtml({ probes: ["witness"], sdk: { rulesUrl: "/big-rules.json", timeout: 3000 }, body: slot("hero") }));
    expect((await readWitness(session.page)).sdkErrors.map((error) => [error.code, error.message.split(": ")[1]])).toEqual([["RULES_FETCH_FAILED", "MAX_RULES_BYTES"]]);
    expect((await slotStates(session.page)).hero?.state).toBe("default");
    await session.page.close();
  });
});
