/**
 * `import { createSlotwise } from "slotwise"` in an app built by Vite against
 * the built package (dist/index.js), in real Chromium: the app's bundle
 * splits src/later/ (recording, writing, SPA routes) into a chunk of its own,
 * which the page requests only once the first decisions are made; track()
 * called before it arrives waits in memory and is recorded (and re-decides)
 * when it comes.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { HTML_HEADERS } from "./support/pages.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT, startServer, type TestServer } from "./support/server.js";
import { expectSilence, openSession } from "./support/session.js";

const run = promisify(execFile);

const MAIN = `
import { createSlotwise } from "slotwise";
const rules = {
  version: 1,
  slots: { hero: [{ name: "Clicked", when: { fact: "events.cta.count", operator: "greaterThanInclusive", value: 1 }, show: "Thanks" }] },
  variants: { Thanks: { text: "Thanks for clicking" } },
};
const sw = createSlotwise({ rules });
// Called before the first decisions, so before the later chunk can be here.
sw.track("cta");
window.log = { recordedAtOnce: sw.context().events?.cta?.count ?? 0 };
sw.ready.then(() => {
  window.log.readyAt = performance.now();
  window.log.recordedAtReady = sw.context().events?.cta?.count ?? 0;
});
window.sw = sw;
`;

describe.skipIf(!hasChromium)("the npm createSlotwise in a Vite app: src/later/ as a lazily loaded chunk", () => {
  let browser: Browser;
  let server: TestServer;
  let dir: string;
  let assets: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "slotwise-later-chunk-"));
    writeFileSync(join(dir, "index.html"), '<!doctype html><html><head><script type="module" src="./main.js"></script></head><body><div data-slot="hero">Default hero</div></body></html>');
    writeFileSync(join(dir, "main.js"), MAIN);
    writeFileSync(
      join(dir, "vite.config.mjs"),
      `export default { resolve: { alias: [{ find: /^slotwise$/, replacement: ${JSON.stringify(join(REPO_ROOT, "dist/index.js"))} }] }, build: { outDir: "dist", emptyOutDir: true } };`,
    );
    const vite = join(REPO_ROOT, "node_modules/vite/bin/vite.js");
    const built = run(process.execPath, [vite, "build", dir, "--logLevel", "warn"], { cwd: REPO_ROOT });
    [browser, server] = await Promise.all([launchChromium(), startServer(), built]);
    const out = join(dir, "dist");
    server.route("/", { headers: HTML_HEADERS, body: readFileSync(join(out, "index.html"), "utf8") });
    assets = readdirSync(join(out, "assets"));
    for (const file of assets) server.route(`/assets/${file}`, { headers: { "content-type": "text/javascript" }, body: readFileSync(join(out, "assets", file), "utf8") });
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})();` });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is a chunk of its own, requested after the first decisions; track() before it waits, then counts", async () => {
    const later = assets.filter((file) => /^later-.*\.js$/.test(file));
    expect(later, `the app's assets: ${assets.join(", ")}`).toHaveLength(1);
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => document.querySelector('[data-slot="hero"]')?.getAttribute("data-slot-variant") === "Thanks", undefined, { timeout: 10_000 });
    const seen = await page.evaluate((file) => {
      const w = window as unknown as { log: { recordedAtOnce: number; recordedAtReady: number; readyAt: number }; sw: { context(): { events: Record<string, { count: number }> } } };
      const entry = performance.getEntriesByType("resource").find((e) => e.name.endsWith(`/assets/${file}`));
      return { ...w.log, chunkAt: entry ? entry.startTime : -1, count: w.sw.context().events.cta?.count };
    }, later[0]!);
    // Kept in memory until the chunk came: nothing recorded at once nor at the first decisions (the default was decided).
    expect(seen.recordedAtOnce).toBe(0);
    expect(seen.recordedAtReady).toBe(0);
    expect(seen.chunkAt).toBeGreaterThanOrEqual(seen.readyAt);
    expect(seen.count).toBe(1);
    expect(server.hits.get(`/assets/${later[0]}`)).toBe(1);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });
});
