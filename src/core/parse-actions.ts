/**
 * The checks on the `actions` list that a schema cannot say in words: two
 * rules with one name, rules after a catch-all without cooldown (which then
 * always wins), durations and timings, and the channel's fact path. Each
 * rule's condition is checked like a slot rule's.
 */
import { FACT_PATH_PATTERN } from "./schema.js";
import type { PathSegment } from "./faults.js";
import { formatPath } from "./faults.js";
import { hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error, warning, type RawFault } from "./parse-fault.js";
import { scanCondition, type AudienceUse } from "./parse-conditions.js";
import { checkDuration } from "./parse-duration.js";
import { checkFactPath } from "./parse-fact-path.js";
import type { PersonalScanContext } from "./parse-scores.js";

function report(context: PersonalScanContext, fault: RawFault | undefined): void {
  if (fault === undefined) return;
  context.faults.push(fault);
  context.handled.add(formatPath(fault.path));
}

/** Checks the action rules `raw` at `path`; returns the audiences they use. */
export function scanActions(raw: unknown, path: PathSegment[], context: PersonalScanContext): AudienceUse[] {
  const uses: AudienceUse[] = [];
  if (!Array.isArray(raw)) return uses;
  const named = new Map<string, number>();
  let catchAll: { index: number; name: unknown } | undefined;
  raw.forEach((rule, index) => {
    if (!isPlainObject(rule)) return;
    const at = [...path, index];
    const name = rule["name"];
    if (catchAll !== undefined) {
      const which = typeof name === "string" ? `rule ${quote(name)}` : "this rule";
      const before = typeof catchAll.name === "string" ? `rule ${quote(catchAll.name)}` : `the rule at ${formatPath([...path, catchAll.index])}`;
      context.faults.push(
        warning(
          "UNREACHABLE_RULE",
          at,
          `${which} can never match: ${before} before it has no 'when' and no 'cooldown', so it always wins`,
          "move the rule without 'when' to the end of the list, or give it a 'cooldown'",
        ),
      );
    } else if (!hasOwn(rule, "when") && !hasOwn(rule, "cooldown")) {
      catchAll = { index, name };
    }
    if (typeof name === "string" && name !== "") {
      const first = named.get(name);
      if (first === undefined) named.set(name, index);
      else {
        context.faults.push(
          error(
            "DUPLICATE_RULE_NAME",
            [...at, "name"],
            `the rule name ${quote(name)} is already used at ${formatPath([...path, first])}`,
            "give each action rule its own name: explanations tell rules apart by name",
          ),
        );
      }
    }
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
