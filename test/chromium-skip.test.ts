/**
 * Quick start (docs/promises.md #12): without Debian's `chromium` the
 * Chromium tests are skipped with a note, and under CI (CI=true) a missing
 * browser fails instead of skipping. Runs one small Chromium suite
 * (test/browser-debug-loader.test.ts) in a child vitest with CHROMIUM_PATH
 * pointing at no file, as on a newcomer's machine.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const repo = fileURLToPath(new URL("..", import.meta.url));
const MISSING = "/nonexistent/chromium-for-slotwise-test";

function vitest(env: Record<string, string>): Promise<{ code: number; out: string }> {
  // The child is a fresh run: none of this run's VITEST_* variables, no CI from the caller.
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST") && key !== "CI" && key !== "NODE_OPTIONS"));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(repo, "node_modules/vitest/vitest.mjs"), "run", "test/browser-debug-loader.test.ts", "--reporter=verbose", "--color=false"],
      { cwd: repo, env: { ...base, ...env, CHROMIUM_PATH: MISSING, FORCE_COLOR: "0", NO_COLOR: "1" }, timeout: LOADED_MACHINE_TIMEOUT - 10_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, out: `${stdout}\n${stderr}` }),
    );
  });
}

describe("the Chromium suites without Chromium", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  it("are skipped with a note naming the path tried and the package to install, and the run passes", async () => {
    const { code, out } = await vitest({});
    expect(out).toContain(`[slotwise] skipping real-browser tests: no Chromium at ${MISSING} (apt-get install chromium)`);
    expect(out).toMatch(/Tests\s+3 skipped/);
    expect(out).not.toMatch(/\d+ passed|\d+ failed/);
    expect(code).toBe(0);
  });

  it("fail under CI instead of skipping", async () => {
    const { code, out } = await vitest({ CI: "true" });
    expect(out).toContain(`Chromium is required in CI but was not found at ${MISSING}`);
    expect(code).not.toBe(0);
  });
});
