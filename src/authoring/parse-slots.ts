/**
 * The checks on one slot's rules that a schema cannot express: two rules with
 * one name, rules after a catch-all that can never match, `show` ids that
 * are a slip of a declared variant's id, a `holdout` that is no percent, and
 * weighted splits (./parse-split.ts).
 */
import { FORBIDDEN_KEYS } from "./schema.js";
import { formatPath, type PathSegment } from "../core/faults.js";
import { describeValue, hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error } from "./parse-fault.js";
import { scanCondition, type AudienceUse, type ConditionScan, type ScanContext } from "./parse-conditions.js";
import { checkOrderedList, type OrderedListWording } from "./parse-ordered-list.js";
import { nearMissOf } from "./suggest.js";
import { checkSplit } from "./parse-split.js";

export interface SlotScanContext extends ScanContext {
  /** The copied rule file, for MISSING_KEY's check of a misspelt key. */
  root: unknown;
  /** Declared variant ids, in file order. */
  variantIds: readonly string[];
  variantSet: ReadonlySet<string>;
  /** Near misses already looked up: the same template id is often shown by many rules. */
  nearMisses: Map<string, string | undefined>;
}

export interface SlotScan {
  uses: AudienceUse[];
  /** Places (formatted paths) already reported in words, so the structure check does not repeat them. */
  handled: Set<string>;
  /** Declared variants the rules show (whether they are valid is judged later). */
  shows: string[];
  /** Each rule's `when`: its place, its own number of conditions and the audiences it uses. */
  whens: { path: PathSegment[]; scan: ConditionScan }[];
}

function checkShow(show: string, path: PathSegment[], context: SlotScanContext, scan: SlotScan): void {
  if (FORBIDDEN_KEYS.includes(show)) {
    context.faults.push(
      error("FORBIDDEN_KEY", path, `${quote(show)} cannot be a variant id`, "'__proto__', 'constructor' and 'prototype' are reserved by JavaScript"),
    );
    return;
  }
  if (context.variantSet.has(show)) {
    scan.shows.push(show);
    return;
  }
  // Not declared: a page <template data-slot-variant="ID">, unless it is a slip of a declared id.
  let meant = context.nearMisses.get(show);
  if (!context.nearMisses.has(show)) {
    meant = nearMissOf(show, context.variantIds, context.budget);
    context.nearMisses.set(show, meant);
  }
  if (meant !== undefined) {
    context.faults.push(
      error(
        "UNKNOWN_VARIANT",
        path,
        `unknown variant ${quote(show)}`,
        `did you mean ${quote(meant)}? If ${quote(show)} is a page template, declare it under "variants" as { "template": ${JSON.stringify(show)} }`,
      ),
    );
  }
}

/** BAD_HOLDOUT unless `holdout` is a percent, a number from 0 to 100. */
function checkHoldout(raw: unknown, path: PathSegment[], context: SlotScanContext, scan: SlotScan): void {
  if (typeof raw === "number" && raw >= 0 && raw <= 100) return;
  const written = typeof raw === "string" ? Number(raw.trim().replace(/%$/, "")) : NaN;
  const hint =
    typeof raw === "string" && raw.trim() !== "" && written >= 0 && written <= 100
      ? `write ${written} without quotes${raw.includes("%") ? " or '%'" : ""}`
      : "it is the share of the visitors this rule matches who keep the default content, e.g. 10 for 10%";
  context.faults.push(error("BAD_HOLDOUT", path, `'holdout' must be a percent from 0 to 100, but it is ${describeValue(raw)}`, hint));
  scan.handled.add(formatPath(path));
}

const SLOT_RULES: OrderedListWording = {
  noun: "rule",
  isCatchAll: (rule) => !hasOwn(rule, "when"),
  catchAllReason: "has no 'when', so it always matches first",
  unreachableHint: "move the rule without 'when' to the end of the slot",
  duplicateCode: "DUPLICATE_RULE_NAME",
  duplicateHint: "give each rule of a slot its own name: explanations tell rules apart by name",
};

/** Checks the rules of the slot at `path` (see the module comment); faults go to `context.faults`. */
export function scanSlot(rules: unknown, path: PathSegment[], context: SlotScanContext): SlotScan {
  const scan: SlotScan = { uses: [], handled: new Set(), shows: [], whens: [] };
  if (!Array.isArray(rules)) return scan;
  checkOrderedList(rules, path, SLOT_RULES, context.faults);
  rules.forEach((rule, index) => {
    if (!isPlainObject(rule)) return;
    const at = [...path, index];
    if (hasOwn(rule, "when")) {
      const when = scanCondition(rule["when"], [...at, "when"], context);
      for (const use of when.uses) scan.uses.push(use);
      scan.whens.push({ path: [...at, "when"], scan: when });
    }
    const show = rule["show"];
    if (typeof show === "string" && show !== "") checkShow(show, [...at, "show"], context, scan);
    checkSplit(rule, at, context, scan, checkShow);
    if (hasOwn(rule, "holdout")) checkHoldout(rule["holdout"], [...at, "holdout"], context, scan);
  });
  return scan;
}
