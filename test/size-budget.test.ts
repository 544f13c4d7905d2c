/**
 * Size budgets run with the tests (as nanoid and nanostores keep size-limit in
 * `npm test`): the same measurement as `node bench/size.mjs`, against
 * bench/size-budget.json. `npm test` builds first; run alone without dist/ the
 * check is skipped with a note, except under CI where it must run.
 */
import { describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";
import { browserBuildOptions, measureSizes, missingBuild, overBudget, readBudgets, roundUpToStep } from "../bench/measure-size.mjs";

/** Issue 21's limits, gzip bytes: fixed here too, so raising one in the JSON fails. */
const LIMITS = { "script-tag": 12_288, "script-tag-personalize": 16_384, evaluate: 5_120, createSlotwise: 13_312, later: 6_144, "createSlotwise-later": 6_144, matches: 2_048 };

const missing = missingBuild();
const built = missing.length === 0;
if (!built && !process.env.CI) {
  console.warn(`[slotwise] skipping size budgets: ${missing.join(", ")} not built (npm test builds first; or run npm run build)`);
}

describe("size budgets (bench/size-budget.json)", () => {
  it.runIf(!built && process.env.CI)("has the built files to measure under CI", () => {
    expect.fail(`size budgets cannot be checked: ${missing.join(", ")} missing; the build must run before the tests`);
  });

  it("pins issue 21's fixed limits", () => {
    const { limits } = readBudgets();
    expect(Object.fromEntries(Object.entries(limits).map(([id, limit]) => [id, limit.gzip]))).toEqual(LIMITS);
  });

  it.runIf(built)("keeps every shipped bundle within its limit (plus the known-over allowance) or its budget", async () => {
    const measured = await measureSizes();
    const budgets = readBudgets();
    // Under CI an allowance larger than its bundle needs fails too: it only goes down.
    const faults = overBudget(measured, budgets, { strict: Boolean(process.env.CI) });
    const message =
      `${faults.join("\n")}\n` +
      "A limit is never raised. A budget raise is a deliberate commit to bench/size-budget.json (node bench/size.mjs --set-budgets), saying why it grew.";
    expect(faults, message).toEqual([]);
    // Every bundle measured has a limit or a budget, and nothing else is listed: no stale entries.
    expect([...Object.keys(budgets.limits), ...Object.keys(budgets.budgets)].sort()).toEqual(measured.map((size) => size.id).sort());
    expect(Object.keys(budgets.knownOver).every((id) => id in budgets.limits)).toBe(true);
  }, LOADED_MACHINE_TIMEOUT); // esbuild and terser over every bundle: 20 s and more on a loaded machine

  it("measures the browser build of peer-bench.md §1", () => {
    expect(browserBuildOptions()).toMatchObject({ bundle: true, minify: true, platform: "browser", target: "es2020" });
  });

  it("reports a bundle over its budget, and one without a limit or budget", () => {
    const budgets = { limits: {}, knownOver: {}, budgets: { a: { minified: 1024, gzip: 512 } } };
    expect(overBudget([{ id: "a", label: "bundle a", minified: 1024, gzip: 513 }], budgets)).toEqual([
      "bundle a: gzip 513 B is over its budget of 512 B (+1 B)",
    ]);
    expect(overBudget([{ id: "b", label: "bundle b", minified: 1, gzip: 1 }], budgets)).toEqual([
      "bundle b: no limit or budget in bench/size-budget.json",
    ]);
  });

  it("holds a limited bundle to its limit plus the allowance, and (strict) an allowance to what it needs", () => {
    const budgets = { limits: { t: { gzip: 1000, note: "" } }, knownOver: { t: 1024 }, budgets: {} };
    const at = (gzip: number) => [{ id: "t", label: "tag", minified: 0, gzip }];
    expect(overBudget(at(2024), budgets)).toEqual([]);
    expect(overBudget(at(2025), budgets)).toEqual(["tag: gzip 2025 B is over its limit of 1000 B plus the known-over allowance of 1024 B (+1 B)"]);
    expect(overBudget(at(1400), budgets)).toEqual([]);
    expect(overBudget(at(1400), budgets, { strict: true })).toEqual([
      "tag: the known-over allowance of 1024 B is more than it needs (512 B): lower it (node bench/size.mjs --set-budgets)",
    ]);
    expect(overBudget(at(900), { ...budgets, knownOver: {} }, { strict: true })).toEqual([]);
  });

  it("rounds budgets up to the next 512 B", () => {
    expect([roundUpToStep(1), roundUpToStep(512), roundUpToStep(513), roundUpToStep(54_446)]).toEqual([512, 512, 1024, 54_784]);
  });
});
