/**
 * `personalize`, the npm entry of the personalization layer: ./decide.ts
 * decides (as in the script tag's plugin), and the trace is completed here
 * with what follows from the plan and the state given (caps, decay, stored
 * values and logs, the stage change, the times as ISO text).
 */
import { isParsedRuleSet } from "../parsed.js";
import { planOf } from "../read/read-personal.js";
import { readRuleSet } from "../read/read-rules.js";
import type { Context, RuleSet } from "../types.js";
import { num } from "../../runtime/util.js";
import { capOf, decayFactor, scoreOf } from "./apply-event.js";
import { decidePersonal, isoTime, OUTCOMES } from "./decide.js";
import { readPersonalState } from "./state.js";
import type { Personalization, PersonalizationTrace, PersonalState, ScoreTrace } from "./types.js";

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
  const plan = planOf(usable(ruleSet));
  const decided = decidePersonal(plan, context, state, now, visit);
  const { scores, segments, stages, actions, failed } = decided.trace;
  const at = num(now) ? now : 0;
  const prior = readPersonalState(state);
  const before = prior.lifecycle?.stage;
  const after = decided.state.lifecycle?.stage;
  const trace: PersonalizationTrace = {
    now: isoTime(at),
    visit: num(visit) ? visit : 0,
    scores: scores.map(({ score: name, conditions, capped }): ScoreTrace => {
      const score = plan.s[name]!;
      const stored = scoreOf(prior, name);
      const trace: ScoreTrace = {
        score: name,
        cap: capOf(score),
        applied: (stored?.log ?? []).map(({ signal, points, at }) => ({ signal, points, at: isoTime(at) })),
        decayFactor: stored ? decayFactor(score, stored.at, at) : 1,
        conditions: conditions.map(([signal, code, condition]) => {
          const { points, once = "visit" } = score.signals[signal]!;
          const outcome = OUTCOMES[code]!;
          return condition ? { signal, points, once, outcome, condition } : { signal, points, once, outcome };
        }),
        capped,
        value: decided.facts.scores[name]!,
      };
      if (score.halfLife) trace.halfLife = score.halfLife;
      if (stored) trace.stored = { value: stored.value, at: isoTime(stored.at) };
      return trace;
    }),
    segments,
    actions,
    failed,
  };
  if (stages) {
    trace.stages = { changed: after !== before, tried: stages.tried };
    if (before !== undefined) trace.stages.previous = before;
    if (after !== undefined) trace.stages.stage = after;
  }
  return { state: decided.state, facts: decided.facts, trace };
}
