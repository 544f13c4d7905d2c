/**
 * `readRuleSet`: the whole rule file as the npm entry and the personalize
 * layer read it: the content sections by the runtime reader
 * (src/runtime/rules.ts, what the content tag and `evaluate` use), then the
 * personal sections (`scores`, `stages`, `actions`) by ./read-personal.ts.
 * Faults are codes and paths; the words are the authoring face's.
 *
 * One broken piece never takes the others down: a slot with a fault is named
 * in `invalidSlots`, a broken audience or variant takes down only the slots
 * that use it, a broken score only itself, a broken `stages` or `actions`
 * list only that list. `value` is `null` only when nothing can be used.
 */
import { adopt, readRules, type ReadFault, type ReadResult } from "../../runtime/rules.js";
import { markParsed } from "../parsed.js";
import type { RuleSet } from "../types.js";
import { readPersonal } from "./read-personal.js";

export type { ReadFault, ReadResult };

/** Reads a rule file (JSON text or the value it parses to). Never throws. */
export function readRuleSet(input: unknown): ReadResult {
  const read = readRules(input);
  if (!read.value?.personal) return read;
  const faults = [...read.faults];
  const value = withPersonal(read.value, faults);
  return { ok: faults.length === 0, value, faults };
}

const full = new WeakMap<RuleSet, RuleSet>();

/**
 * A rule set read by the runtime reader (its personal sections raw) with its
 * personal sections read: what the personalize layer decides with. Faults go
 * to `faults` when given; the result is remembered per rule set.
 */
export function withPersonal(ruleSet: RuleSet, faults: ReadFault[] = []): RuleSet {
  const { personal, ...rest } = ruleSet;
  if (!personal) return ruleSet;
  let value = full.get(ruleSet);
  if (value === undefined) {
    value = adopt(markParsed(Object.freeze({ ...rest, ...readPersonal(rest.audiences, personal, faults) })), ruleSet);
    full.set(ruleSet, value);
  }
  return value;
}
