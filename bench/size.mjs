#!/usr/bin/env node
/**
 * `node bench/size.mjs`: minified and gzip bytes of what Slotwise ships,
 * against bench/size-budget.json (exit 1 when one is exceeded): the fixed gzip
 * limits of issue 21 (with the known-over allowance that only goes down) and
 * the budgets of the other bundles.
 *
 * `node bench/size.mjs --set-budgets` rewrites the budgets to the current
 * sizes rounded up to the next 512 B and lowers each known-over allowance to
 * what its bundle needs (never raises it): commit that file on purpose.
 */
import { fmt } from "./support/stats.mjs";
import { printTable } from "./support/table.mjs";
import { measureSizes, missingBuild, overBudget, readBudgets, writeBudgets } from "./measure-size.mjs";

const missing = missingBuild();
if (missing.length > 0) {
  console.error(`Not built yet (${missing.join(", ")}): run npm run build first.`);
  process.exit(2);
}

const measured = await measureSizes();
let budgets = readBudgets();
if (process.argv.includes("--set-budgets")) {
  budgets = writeBudgets(measured, budgets);
  console.log("bench/size-budget.json rewritten: commit it on purpose, with the reason for the change.\n");
}
const faults = overBudget(measured, budgets);

console.log("Bundle sizes (gzip = zlib level 9; limits and budgets: bench/size-budget.json)\n");
printTable(
  ["bundle", "minified B", "gzip B", "limit gzip B (issue 21)", "over the limit", "allowed over", "budget min / gzip B", "within"],
  measured.map((size) => {
    const limit = budgets.limits[size.id];
    const budget = budgets.budgets[size.id];
    const allowed = budgets.knownOver[size.id] ?? 0;
    const within = limit ? size.gzip <= limit.gzip + allowed : budget ? size.minified <= budget.minified && size.gzip <= budget.gzip : false;
    return [
      size.label,
      fmt(size.minified),
      fmt(size.gzip),
      limit ? fmt(limit.gzip) : "–",
      limit ? (size.gzip <= limit.gzip ? "met" : `+${fmt(size.gzip - limit.gzip)} B (×${fmt(size.gzip / limit.gzip, 2)})`) : "–",
      limit ? fmt(allowed) : "–",
      budget ? `${fmt(budget.minified)} / ${fmt(budget.gzip)}` : "–",
      within ? "yes" : "NO",
    ];
  }),
  { right: [1, 2, 3, 4, 5, 6] },
);
if (faults.length > 0) {
  console.error(`\nOver:\n- ${faults.join("\n- ")}\nA limit is never raised; a budget raise is a deliberate commit to bench/size-budget.json.`);
  process.exit(1);
}
