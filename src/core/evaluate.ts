/**
 * `evaluate`: rule set + context -> one decision per slot (./decide.ts), with
 * the personalization layer first when the rule set has one. A slot that
 * fails is answered `ERROR` while the others are decided.
 */
import { decideSlots, failed, isObject, usableRuleSet } from "./decide.js";
import { personalize } from "./personalize/personalize.js";
import { emptyPersonalState } from "./personalize/state.js";
import type { PersonalState } from "./personalize/types.js";
import type { Context, EvaluateOptions, Evaluation, RuleSet } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Decides every slot of a rule set for one visitor context: per slot, the
 * rules are tried in order and the first that matches gives the variant;
 * when none matches the slot keeps its default content.
 *
 * Synchronous (callers that `await` it keep working), never throws.
 * `rules` that did not come from `parseRuleSet` are validated first (by the
 * runtime reader, which accepts what parseRuleSet accepts); slots
 * that failed validation, and every slot of a file that cannot be used at
 * all, are answered `ERROR` with `errorCode: "INVALID_RULES"`. A slot whose
 * conditions cannot be evaluated (an unreadable input) is answered `ERROR`
 * with `"EVALUATION_FAILED"`; the other slots are decided as usual.
 *
 * When the rule set has scores, stages, actions or audiences, the
 * personalization layer runs first (see `personalize`): the slots are then
 * decided on the context with `scores`, `segments`, `lifecycle` and
 * `nextBestAction` added, and the result carries `personalization` (facts,
 * trace, and the state to persist). A rule set with none of them costs what
 * it always did.
 *
 * @param rules - a rule set from `parseRuleSet`, or anything to validate (an object or JSON text)
 * @param context - the visitor context; fact paths such as `geo.city` are read from it
 * @param options - `slots`: decide only these slots; `trace`: add each decision's trace;
 *   `state`, `now`, `visit`: for personalization; `personalization`: a `personalize`
 *   result for this context, used instead of personalizing again
 * @example
 * const { decisions } = evaluate(rules, { geo: { city: "Bangalore" } });
 * // [{ slot: "hero-banner", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" }]
 */
export function evaluate(rules: RuleSet | unknown, context: Context, options: EvaluateOptions = {}): Evaluation {
  try {
    const asked = askedSlots(options);
    const ruleSet = usableRuleSet(rules);
    if (ruleSet === null) {
      const names = asked ?? slotNamesIn(rules);
      return { decisions: names.map((slot) => failed(slot, "INVALID_RULES")) };
    }
    const names = asked ?? unique([...Object.keys(ruleSet.slots), ...ruleSet.invalidSlots]);
    const traced = isObject(options) && options.trace === true;
    let facts = isObject(context) ? context : {};
    if (!personalizes(ruleSet)) return { decisions: decideSlots(ruleSet, names, facts, traced) };
    const personalization = givenPersonalization(options) ?? personalize(ruleSet, facts, stateOf(options), nowOf(options, facts), visitOf(options, facts));
    facts = { ...facts, ...personalization.facts };
    return { decisions: decideSlots(ruleSet, names, facts, traced), personalization };
  } catch {
    // Only reachable through hostile arguments (throwing getters, proxies):
    // there is then nothing trustworthy to name.
    return { decisions: [] };
  }
}

/**
 * The slot names of a file that failed validation as a whole, so each can
 * still be answered `ERROR`: read without trusting anything about the input.
 */
function slotNamesIn(input: unknown): string[] {
  let value = input;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!isObject(value) || !hasOwn.call(value, "slots")) return [];
  const slots = (value as Record<string, unknown>)["slots"];
  return isObject(slots) ? Object.keys(slots) : [];
}

function askedSlots(options: EvaluateOptions): string[] | undefined {
  if (!isObject(options) || !Array.isArray(options.slots)) return undefined;
  return unique(options.slots.filter((slot): slot is string => typeof slot === "string"));
}

/** Whether the personalization layer has anything to decide (checked without walking anything). */
function personalizes(ruleSet: RuleSet): boolean {
  if (ruleSet.stages.length > 0 || ruleSet.actions.length > 0) return true;
  for (const _ in ruleSet.scores) return true;
  for (const _ in ruleSet.audiences) return true;
  return false;
}

/** A personalization decided beforehand (options.personalization), when it has facts to decide on. */
function givenPersonalization(options: EvaluateOptions): Evaluation["personalization"] {
  const given = isObject(options) ? (options as EvaluateOptions).personalization : undefined;
  return isObject(given) && isObject(given.facts) ? given : undefined;
}

function stateOf(options: EvaluateOptions): PersonalState {
  const state = isObject(options) ? (options as EvaluateOptions).state : undefined;
  return state ?? emptyPersonalState();
}

// Deterministic by default: the context's own clock, else the epoch, never Date.now().
function nowOf(options: EvaluateOptions, context: Context): number {
  if (isObject(options) && typeof options.now === "number" && Number.isFinite(options.now)) return options.now;
  const time = context["time"];
  const now = isObject(time) ? time["now"] : undefined;
  const parsed = typeof now === "string" ? Date.parse(now) : NaN;
  return Number.isFinite(parsed) ? parsed : 0;
}

function visitOf(options: EvaluateOptions, context: Context): number {
  if (isObject(options) && typeof options.visit === "number" && Number.isFinite(options.visit)) return options.visit;
  const visitor = context["visitor"];
  const visits = isObject(visitor) ? visitor["visits"] : undefined;
  return typeof visits === "number" && Number.isFinite(visits) ? visits : 0;
}


function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

