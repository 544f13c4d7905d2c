/**
 * The checks on the `actions` list that a schema cannot say in words: two
 * rules with one name, rules after a catch-all without cooldown (which then
 * always wins), durations and timings, and the channel's fact path. Each
 * rule's condition is checked like a slot rule's.
 */
import { FACT_PATH_PATTERN } from "./schema.js";
import type { PathSegment } from "../core/faults.js";
import { formatPath } from "../core/faults.js";
import { hasOwn, isPlainObject } from "./parse-describe.js";
import type { RawFault } from "./parse-fault.js";
import { checkOrderedList, type OrderedListWording } from "./parse-ordered-list.js";
import { scanCondition, type AudienceUse } from "./parse-conditions.js";
import { checkDuration } from "./parse-duration.js";
import { checkFactPath } from "./parse-fact-path.js";
import type { PersonalScanContext } from "./parse-scores.js";

function report(context: PersonalScanContext, fault: RawFault | undefined): void {
  if (fault === undefined) return;
  context.faults.push(fault);
  context.handled.add(formatPath(fault.path));
}

const ACTION_RULES: OrderedListWording = {
  noun: "rule",
  // Without a cooldown, a rule without 'when' is chosen at every decision.
  isCatchAll: (rule) => !hasOwn(rule, "when") && !hasOwn(rule, "cooldown"),
  catchAllReason: "has no 'when' and no 'cooldown', so it always wins",
  unreachableHint: "move the rule without 'when' to the end of the list, or give it a 'cooldown'",
  duplicateCode: "DUPLICATE_RULE_NAME",
  duplicateHint: "give each action rule its own name: explanations tell rules apart by name",
};

/** Checks the action rules `raw` at `path`; returns the audiences they use. */
export function scanActions(raw: unknown, path: PathSegment[], context: PersonalScanContext): AudienceUse[] {
  const uses: AudienceUse[] = [];
  if (!Array.isArray(raw)) return uses;
  checkOrderedList(raw, path, ACTION_RULES, context.faults);
  raw.forEach((rule, index) => {
    if (!isPlainObject(rule)) return;
    const at = [...path, index];
    if (hasOwn(rule, "when")) for (const use of scanCondition(rule["when"], [...at, "when"], context).uses) uses.push(use);
    if (hasOwn(rule, "cooldown")) report(context, checkDuration(rule["cooldown"], [...at, "cooldown"], context.budget));
    if (hasOwn(rule, "timing")) report(context, checkDuration(rule["timing"], [...at, "timing"], context.budget, true));
    const channel = rule["channel"];
    if (isPlainObject(channel) && typeof channel["fact"] === "string" && FACT_PATH_PATTERN.test(channel["fact"])) {
      report(context, checkFactPath(channel["fact"], [...at, "channel", "fact"]));
    }
  });
  return uses;
}
