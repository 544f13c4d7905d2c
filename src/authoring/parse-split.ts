/**
 * The checks of a rule's `experiment` and `split` (issue 23's weighted
 * splits), in words: a rule has `show` or `split`; a split has an experiment
 * key unique in the file, at least two arms, a positive number for each
 * weight, and arms that are "control" or variants (a slip of a declared id, or
 * of "control", is an error; another id is a page template's, as for `show`).
 */
import { formatPath, type PathSegment } from "../core/faults.js";
import { describeValue, hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error } from "./parse-fault.js";
import { missingKey } from "./parse-messages.js";
import type { SlotScan, SlotScanContext } from "./parse-slots.js";

/** parse-slots.ts's check of a shown id (given, so the two files do not import each other). */
type CheckShow = (show: string, path: PathSegment[], context: SlotScanContext, scan: SlotScan) => void;

/** The experiment keys of a file so far, by the file's fault list. */
const keysOf = new WeakMap<object, Map<string, string>>();

export function checkSplit(rule: Record<string, unknown>, at: PathSegment[], context: SlotScanContext, scan: SlotScan, checkShow: CheckShow): void {
  const faults = context.faults;
  const fault = (code: Parameters<typeof error>[0], path: PathSegment[], message: string, hint?: string) => {
    faults.push(error(code, path, message, hint));
    scan.handled.add(formatPath(path));
  };
  const missing = (key: string) => {
    const found = missingKey(at, key, context);
    if (found) faults.push(found);
  };
  const hasSplit = hasOwn(rule, "split");
  const key = rule["experiment"];
  if (typeof key === "string" && key !== "") {
    let keys = keysOf.get(faults);
    if (!keys) keysOf.set(faults, (keys = new Map()));
    const first = keys.get(key);
    if (first !== undefined)
      fault("DUPLICATE_EXPERIMENT", [...at, "experiment"], `experiment ${quote(key)} is already the key of the rule at ${first}`, "give each experiment its own key: exposures and reports tell experiments apart by it");
    else keys.set(key, formatPath(at));
  }
  if (!hasSplit) {
    if (!hasOwn(rule, "show")) missing("show");
    return;
  }
  if (hasOwn(rule, "show")) fault("BAD_SPLIT", [...at, "show"], "a rule has 'show' or 'split', not both", "remove 'show': the arms of the split say what is shown");
  if (hasOwn(rule, "holdout")) fault("BAD_SPLIT", [...at, "holdout"], "a split has no 'holdout'", 'give the default content an arm of its own instead, e.g. "control": 10');
  if (!hasOwn(rule, "experiment")) missing("experiment");
  const split = rule["split"];
  const path = [...at, "split"];
  if (!isPlainObject(split)) {
    fault("BAD_SPLIT", path, `'split' must be an object of arms and their weights, but it is ${describeValue(split)}`, 'e.g. { "control": 50, "SpringOffer": 50 }; "control" keeps the default content');
    return;
  }
  const arms = Object.keys(split);
  if (arms.length < 2)
    fault("BAD_SPLIT", path, arms.length ? `a split needs at least two arms, but it has only ${quote(arms[0]!)}` : "a split needs at least two arms, but it has none", 'add the arm to compare with, e.g. "control": 50 for the default content');
  for (const arm of arms) {
    const weight = split[arm];
    const armPath = [...path, arm];
    if (!(typeof weight === "number" && Number.isFinite(weight) && weight > 0)) {
      const written = typeof weight === "string" ? Number(weight.trim().replace(/%$/, "")) : NaN;
      fault(
        "BAD_SPLIT",
        armPath,
        `the weight of arm ${quote(arm)} must be a number above 0, but it is ${describeValue(weight)}`,
        written > 0 ? `write ${written} without quotes${String(weight).includes("%") ? " or '%'" : ""}` : "weights are shares of their total: 50 and 50, or 1 and 1, split evenly; to stop showing an arm, remove it",
      );
    }
    if (arm === "control") continue;
    if (arm === "") fault("EMPTY", armPath, "an arm's name is empty", 'write a variant id, or "control" for the default content');
    else if (arm.toLowerCase() === "control") fault("UNKNOWN_VARIANT", armPath, `unknown variant ${quote(arm)}`, "did you mean 'control', the arm that keeps the default content?");
    else checkShow(arm, armPath, context, scan);
  }
}
