/**
 * `personalize`, the npm entry of the personalization layer (the script tag's
 * plugin decides with ./decide.ts on the plan it already has).
 */
import { isParsedRuleSet } from "../parsed.js";
import { planOf } from "../read/read-personal.js";
import { readRuleSet } from "../read/read-rules.js";
import type { Context, RuleSet } from "../types.js";
import { decidePersonal } from "./decide.js";
import type { Personalization, PersonalState } from "./types.js";

const reads = new WeakMap<object, RuleSet>();
const EMPTY = { version: 1, slots: {}, audiences: {}, variants: {}, invalidSlots: [], scores: {}, stages: [], actions: [] } as unknown as RuleSet;

// Like evaluate: a rule set that did not come from parseRuleSet is read once, and what is valid is used.
function usable(input: unknown): RuleSet {
  if (isParsedRuleSet(input)) return input;
  if (typeof input !== "object" || input === null) return EMPTY;
  if (!reads.has(input)) reads.set(input, readRuleSet(input).value ?? EMPTY);
  return reads.get(input)!;
}

/**
 * Everything the personalization layer decides for one visitor at `now`,
 * with traces: the scores (decayed, with condition signals awarded), the
 * segments, the lifecycle stage and the next best action. Pure: time and
 * state are passed in, `state` is not changed, and the state to persist
 * comes back. Never throws; a part the engine fails on is left out of the
 * facts and named in `trace.failed`.
 *
 * @param ruleSet - a rule set from `parseRuleSet` (anything else is validated first)
 * @param context - the visitor context (as for `evaluate`)
 * @param state - the persisted state (`emptyPersonalState()` for a new visitor); read leniently
 * @param now - the time of the decision, in epoch milliseconds
 * @param visit - the number of the current visit (condition signals award once per visit; a chosen action holds for it)
 * @example
 * const { facts, state: next } = personalize(ruleSet, context, state, Date.now(), 3);
 * facts.scores.intent; // 85
 * facts.nextBestAction?.action; // "send_personalized_checkout_reminder"
 */
export function personalize(ruleSet: RuleSet, context: Context, state: PersonalState, now: number, visit: number): Personalization {
  return decidePersonal(planOf(usable(ruleSet)), context, state, now, visit);
}
