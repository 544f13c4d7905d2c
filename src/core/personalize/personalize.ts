/**
 * The personalization layer at one decision, in the order each step needs
 * the previous: scores → segments → lifecycle stage → next best action. Each
 * step reads the context enriched with what the steps before it decided, so
 * a stage may read `scores.intent` and an action may read `lifecycle.stage`
 * and `segments`.
 */
import { isParsedRuleSet } from "../parsed.js";
import { readRuleSet, withPersonal } from "../read/read-rules.js";
import type { ConditionTrace, Context, RuleSet } from "../types.js";
import { decideAction } from "./next-action.js";
import { planFor, type Compiled } from "./plan.js";
import { currentScores, decideScores } from "./scores.js";
import { decideSegments } from "./segments.js";
import { decideStage } from "./stage.js";
import { readPersonalState } from "./state.js";
import { isoTime, timeOr } from "./time.js";
import type { Personalization, PersonalizationFacts, PersonalizationPart, PersonalizationTrace, PersonalState } from "./types.js";

const parses = new WeakMap<object, RuleSet>();
let empty: RuleSet | undefined;

function emptyRuleSet(): RuleSet {
  empty ??= readRuleSet({ version: 1, slots: {} }).value as RuleSet;
  return empty;
}

// Like evaluate: a rule set that did not come from parseRuleSet is validated once, and what is valid is used.
function usable(input: unknown): RuleSet {
  // A rule set read by the runtime reader keeps its personal sections raw: read them here, once.
  if (isParsedRuleSet(input)) return withPersonal(input);
  if (typeof input !== "object" || input === null) return emptyRuleSet();
  let ruleSet = parses.get(input);
  if (ruleSet === undefined) {
    ruleSet = readRuleSet(input).value ?? emptyRuleSet();
    parses.set(input, ruleSet);
  }
  return ruleSet;
}

function run(compiled: Compiled, context: Context): ConditionTrace[] | "failed" {
  if (compiled === null) return [];
  if (compiled === "failed") return "failed";
  try {
    return compiled.run(context);
  } catch {
    return "failed";
  }
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
 * @param state - the persisted state (`emptyPersonalState()` for a new visitor); read defensively
 * @param now - the time of the decision, in epoch milliseconds
 * @param visit - the number of the current visit (condition signals award once per visit; a chosen action holds for it)
 * @example
 * const { facts, state: next } = personalize(ruleSet, context, state, Date.now(), 3);
 * facts.scores.intent; // 85
 * facts.nextBestAction?.action; // "send_personalized_checkout_reminder"
 */
export function personalize(
  ruleSet: RuleSet,
  context: Context,
  state: PersonalState,
  now: number,
  visit: number,
): Personalization {
  const at = timeOr(now, 0);
  const visitNumber = timeOr(visit, 0);
  const failed: PersonalizationPart[] = [];
  const trace: PersonalizationTrace = { now: isoTime(at), visit: visitNumber, scores: [], segments: [], actions: [], failed };
  const facts: PersonalizationFacts = { scores: {}, segments: [] };
  const next = readPersonalState(state);
  try {
    const rules = usable(ruleSet);
    const plan = planFor(rules);
    const base: Context = typeof context === "object" && context !== null && !Array.isArray(context) ? context : {};

    const signalContext = { ...base, scores: currentScores(rules, next, at) };
    const signals = run(plan.signalEngine, signalContext);
    if (signals === "failed") failed.push("scores");
    const scores = decideScores(rules, plan, signals === "failed" ? null : signals, next, at, visitNumber);
    facts.scores = scores.facts;
    trace.scores = scores.traces;
    let enriched: Context = { ...base, scores: facts.scores };

    const audiences = run(plan.segmentEngine, enriched);
    if (audiences === "failed") failed.push("segments");
    else {
      const segments = decideSegments(plan.segments, audiences);
      facts.segments = segments.segments;
      trace.segments = segments.traces;
    }
    enriched = { ...enriched, segments: facts.segments };

    if (rules.stages.length > 0) {
      const stages = run(plan.stageEngine, enriched);
      if (stages === "failed") failed.push("stages");
      else {
        const stage = decideStage(rules, plan.stageCount, stages, next, at);
        trace.stages = stage.trace;
        if (stage.lifecycle !== undefined) {
          facts.lifecycle = stage.lifecycle;
          enriched = { ...enriched, lifecycle: stage.lifecycle };
        }
      }
    }

    if (rules.actions.length > 0) {
      const actions = run(plan.actionEngine, enriched);
      if (actions === "failed") failed.push("actions");
      else {
        const action = decideAction(rules, actions, enriched, next, at, visitNumber);
        trace.actions = action.traces;
        if (action.nextBestAction !== undefined) facts.nextBestAction = action.nextBestAction;
      }
    }
  } catch {
    // Only hostile arguments (throwing getters, proxies) get here: what was decided so far stands.
    for (const part of ["scores", "segments", "stages", "actions"] as const) if (!failed.includes(part)) failed.push(part);
  }
  return { state: next, facts, trace };
}
