/**
 * Size budgets run with the tests (as nanoid and nanostores keep size-limit in
 * `npm test`): the same measurement as `node bench/size.mjs`, against
 * bench/size-budget.json. `npm test` builds first; run alone without dist/ the
 * check is skipped with a note, except under CI where it must run.
 */
import { describe, expect, it } from "vitest";
import { browserBuildOptions, measureSizes, missingBuild, overBudget, readBudgets, roundUpToStep } from "../bench/measure-size.mjs";

const missing = missingBuild();
const built = missing.length === 0;
if (!built && !process.env.CI) {
  console.warn(`[slotwise] skipping size budgets: ${missing.join(", ")} not built (npm test builds first; or run npm run build)`);
}

describe("size budgets (bench/size-budget.json)", () => {
  it.runIf(!built && process.env.CI)("has the built files to measure under CI", () => {
    expect.fail(`size budgets cannot be checked: ${missing.join(", ")} missing; the build must run before the tests`);
  });

  it.runIf(built)("keeps every shipped bundle within its minified and gzip budget", async () => {
    const measured = await measureSizes();
    const budgets = readBudgets();
    const faults = overBudget(measured, budgets);
    const message =
      `${faults.join("\n")}\n` +
      "A budget raise is a deliberate commit to bench/size-budget.json (node bench/size.mjs --set-budgets), saying why it grew.";
    expect(faults, message).toEqual([]);
    // Every bundle measured has a budget and nothing else is budgeted: no stale entries.
    expect(Object.keys(budgets.budgets).sort()).toEqual(measured.map((size) => size.id).sort());
  });

  it("measures the browser build of peer-bench.md §1", () => {
    expect(browserBuildOptions()).toMatchObject({ bundle: true, minify: true, platform: "browser", target: "es2019" });
  });

  it("reports a bundle over its budget, and one without a budget", () => {
    const budgets = { target: { id: "a", gzip: 100, note: "" }, budgets: { a: { minified: 1024, gzip: 512 } } };
    expect(overBudget([{ id: "a", label: "bundle a", minified: 1024, gzip: 513 }], budgets)).toEqual([
      "bundle a: gzip 513 B is over its budget of 512 B (+1 B)",
    ]);
    expect(overBudget([{ id: "b", label: "bundle b", minified: 1, gzip: 1 }], budgets)).toEqual([
      "bundle b: no budget in bench/size-budget.json",
    ]);
  });

  it("rounds budgets up to the next 512 B", () => {
    expect([roundUpToStep(1), roundUpToStep(512), roundUpToStep(513), roundUpToStep(54_446)]).toEqual([512, 512, 1024, 54_784]);
  });
});
