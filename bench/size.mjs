#!/usr/bin/env node
/**
 * `node bench/size.mjs`: minified and gzip bytes of what Slotwise ships,
 * against the budgets in bench/size-budget.json (exit 1 when one is exceeded)
 * and, for the script tag, against issue 9's target of 12 KiB gzip.
 *
 * `node bench/size.mjs --set-budgets` rewrites the budgets to the current
 * sizes rounded up to the next 512 B: commit that file on purpose, saying why.
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
const target = budgets.target;

console.log("Bundle sizes (gzip = zlib level 9; budgets: bench/size-budget.json)\n");
printTable(
  ["bundle", "minified B", "gzip B", "budget min / gzip B", "within budget", "target gzip B", "over target"],
  measured.map((size) => {
    const budget = budgets.budgets[size.id];
    const within = budget ? size.minified <= budget.minified && size.gzip <= budget.gzip : false;
    const hasTarget = target.id === size.id;
    return [
      size.label,
      fmt(size.minified),
      fmt(size.gzip),
      budget ? `${fmt(budget.minified)} / ${fmt(budget.gzip)}` : "none",
      within ? "yes" : "NO",
      hasTarget ? fmt(target.gzip) : "–",
      hasTarget ? (size.gzip <= target.gzip ? "met" : `+${fmt(size.gzip - target.gzip)} B (×${fmt(size.gzip / target.gzip, 2)})`) : "–",
    ];
  }),
  { right: [1, 2, 3, 5, 6] },
);
console.log(`\nTarget (issue 9): ${target.note}.`);
if (faults.length > 0) {
  console.error(`\nOver budget:\n- ${faults.join("\n- ")}\nA budget raise is a deliberate commit to bench/size-budget.json.`);
  process.exit(1);
}
