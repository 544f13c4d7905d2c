/**
 * The script tag deployed alone (as a site might, forgetting the debugger's
 * file): `?slotwise_debug=1` asks for slotwise.debug.js beside it, gets a
 * 404, and the console says once which URL was tried and what to copy there.
 * The page itself decides as usual.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS } from "./support/pages.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT, startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession, slotStates, whenReady } from "./support/session.js";

describe.skipIf(!hasChromium)("the debugger's file missing beside the script tag", () => {
  let browser: Browser;
  let server: TestServer;

  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    server.route("/site/js/slotwise.global.js", { headers: { "content-type": "text/javascript" }, body: readFileSync(join(REPO_ROOT, "dist/slotwise.global.js"), "utf8") });
    // Deployed with its after-paint file, without the debugger's.
    server.route("/site/js/slotwise.later.js", { headers: { "content-type": "text/javascript" }, body: readFileSync(join(REPO_ROOT, "dist/slotwise.later.js"), "utf8") });
    const rules = { version: 1, slots: { hero: [{ name: "Everyone", show: "Hi" }] }, variants: { Hi: { text: "Hello" } } };
    server.route("/site/page.html", {
      headers: HTML_HEADERS,
      body: `<!doctype html><html><head><script type="application/json" data-slotwise-rules>${JSON.stringify(rules)}</script><script src="/site/js/slotwise.global.js"></script></head><body><h1 data-slot="hero">Default</h1></body></html>`,
    });
    // The README's Trusted Types setup: the side files' addresses go through the `slotwise-later` policy.
    server.route("/site/tt.html", {
      headers: { ...HTML_HEADERS, "content-security-policy": "require-trusted-types-for 'script'; trusted-types slotwise slotwise-later" },
      body: `<!doctype html><html><head><script type="application/json" data-slotwise-rules>${JSON.stringify(rules)}</script><script src="/site/js/slotwise.global.js"></script></head><body><h1 data-slot="hero">Default</h1></body></html>`,
    });
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})();` });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("warns once with the URL tried and the file to copy there, and the page still decides", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/site/page.html?slotwise_debug=1`);
    await whenReady(page);
    await expect.poll(() => session.messages.filter((message) => message.includes("slotwise.debug.js"))).toEqual([
      `warning: [slotwise] copy slotwise.debug.js to ${server.origin}/site/js/slotwise.debug.js`,
    ]);
    expect(server.hits.get("/site/js/slotwise.debug.js")).toBe(1);
    expect((await slotStates(page)).hero).toEqual({ state: "variant", variant: "Hi", text: "Hello" });
    await expectSilence(session);
    await page.close();
  });

  it("under Trusted Types asks for the debugger's and the preview's files through the policy: the same warning, the page decides, nothing thrown", async () => {
    for (const [query, file] of [
      ["slotwise_debug=1", "slotwise.debug.js"],
      ["slotwise_preview=hero:Hi", "slotwise.preview.js"],
    ] as const) {
      const session = await openSession(browser.context);
      const { page } = session;
      await page.goto(`${server.origin}/site/tt.html?${query}`);
      await whenReady(page);
      await expect.poll(() => session.messages.filter((message) => message.includes(file))).toEqual([`warning: [slotwise] copy ${file} to ${server.origin}/site/js/${file}`]);
      expect((await slotStates(page)).hero).toEqual({ state: "variant", variant: "Hi", text: "Hello" });
      await expectSilence(session);
      await page.close();
    }
  });

  it("asks for nothing, and says nothing, when the tab does not ask for the debugger", async () => {
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/site/page.html?slotwise_debug=0`);
    await whenReady(session.page);
    expect(session.messages).toEqual([]);
    await session.page.close();
  });
});
