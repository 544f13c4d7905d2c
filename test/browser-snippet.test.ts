/**
 * The README's anti-flicker snippet for `async` loading: it hides only the
 * slots, Slotwise reveals each as it is decided, and the snippet reveals them
 * by itself when the script never loads. Its exact text is read from the
 * README, so the documented snippet is the tested one.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import { serveProbes } from "./support/probes.js";
import { startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession, readFrames, slotStates } from "./support/session.js";
import { LOADED_MACHINE_WAIT } from "./support/load.js";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const SNIPPET_BLOCK = /```html\n(<style id="slotwise-cloak">[\s\S]*?)```/.exec(README)?.[1] ?? "";
/** The snippet's style and timer lines, without its example script tag. */
const SNIPPET = SNIPPET_BLOCK.split("\n").filter((line) => !line.includes("slotwise.global.js")).join("\n");

const RULES = {
  version: 1,
  slots: { hero: [{ name: "Everyone", show: "Spring" }] },
  variants: { Spring: { text: "Spring sale" } },
};

describe.skipIf(!hasChromium)("the anti-flicker snippet for async loading", () => {
  let browser: Browser;
  let server: TestServer;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    serveProbes(server);
    // The script tag itself, slow to arrive (a busy CDN).
    server.route("/slow/slotwise.global.js", {
      headers: { "content-type": "text/javascript" },
      body: readFileSync(new URL("../dist/slotwise.global.js", import.meta.url), "utf8"),
      // Slow, yet well inside the snippet's 1 s even on a loaded machine.
      delayMs: 150,
    });
    // Deployed with its after-paint file beside it.
    server.route("/slow/slotwise.later.js", { headers: { "content-type": "text/javascript" }, body: readFileSync(new URL("../dist/slotwise.later.js", import.meta.url), "utf8") });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("is documented in the README", () => {
    expect(SNIPPET).toContain('<style id="slotwise-cloak">');
    expect(SNIPPET).toContain("},1000-performance.now())");
  });

  it("keeps a slow async script from showing a default it then replaces", async () => {
    server.route("/snippet-slow.html", {
      headers: HTML_HEADERS,
      // The snippet's deadline moved from 1 s to 20 s: what this test checks is that Slotwise takes the
      // slot over from the snippet without a flash, and a loaded machine can take more than 1 s to
      // fetch, compile and decide (the deadline itself is the next test's).
      body: pageHtml({ probes: ["witness", "frames"], head: SNIPPET.replace("},1000-performance.now())", "},20000-performance.now())"), rules: RULES, sdk: { mode: "async", src: "/slow/slotwise.global.js" }, body: slot("hero") }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/snippet-slow.html`);
    await session.page.waitForFunction(() => document.querySelector("[data-slot=hero]")?.getAttribute("data-slot-state") === "variant", null, { timeout: LOADED_MACHINE_WAIT });
    const frames = await readFrames(session.page);
    expect(frames.some((frame) => frame.hidden.includes("hero"))).toBe(true);
    expect(frames.filter((frame) => frame.shown.includes("hero"))).toEqual([]);
    expect((await slotStates(session.page)).hero?.text).toBe("Spring sale");
    await expectSilence(session);
  });

  it("reveals the defaults by itself when the script never loads", async () => {
    server.route("/snippet-404.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["frames"], head: SNIPPET, rules: RULES, sdk: { mode: "async", src: "/missing/slotwise.global.js" }, body: slot("hero") }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/snippet-404.html`);
    expect(await session.page.evaluate(() => getComputedStyle(document.querySelector("[data-slot=hero]")!).visibility)).toBe("hidden");
    await session.page.waitForFunction(() => getComputedStyle(document.querySelector("[data-slot=hero]")!).visibility === "visible", null, { timeout: LOADED_MACHINE_WAIT });
    const frames = await readFrames(session.page);
    const firstShown = frames.find((frame) => frame.shown.includes("hero"));
    expect(firstShown?.t).toBeGreaterThanOrEqual(900);
    expect((await slotStates(session.page)).hero?.text).toBe("Default copy of hero");
  });
});
