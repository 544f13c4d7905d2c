/**
 * Real Chromium for the tests that only a browser can answer (paint timing,
 * CSP, storage refused, script loading). Debian's chromium, driven by
 * playwright-core; never a downloaded browser.
 *
 * Without /usr/bin/chromium the browser suites are skipped with a note, so
 * `npm test` still passes on a newcomer's machine; under CI (CI=true) a
 * missing browser is a failure, never a silent skip.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../scripts/chromium.mjs";

export { CHROMIUM_PATH };
export const hasChromium = existsSync(CHROMIUM_PATH);

if (!hasChromium && process.env.CI) {
  throw new Error(`Chromium is required in CI but was not found at ${CHROMIUM_PATH}`);
}
if (!hasChromium) {
  console.warn(`[slotwise] skipping real-browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with its own empty profile (so storage starts empty). */
export async function launchChromium(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "slotwise-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
