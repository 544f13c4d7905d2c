/**
 * Rule set + context -> one decision per slot, synchronously.
 *
 * Each slot's reachable rules are compiled once per rule set into closures
 * (./compile.ts); deciding is then a walk of plain calls that stops at the
 * first rule that matches. The trace of every condition tried is built only
 * when asked (`trace: true`): explaining costs more than deciding. A slot
 * that fails is answered `ERROR` while the others are decided.
 */
import { compileConditions, type Compiled } from "./compile.js";
import { isParsedRuleSet } from "./parsed.js";
import { readRuleSet, type ReadResult } from "./read/read-rules.js";
import { personalize } from "./personalize/personalize.js";
import { emptyPersonalState } from "./personalize/state.js";
import type { PersonalState } from "./personalize/types.js";
import type { Context, Decision, DecisionErrorCode, EvaluateOptions, Evaluation, Rule, RuleSet, RuleTrace } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** Parse results of rule sets given unparsed, so a caller passing the same object each time validates it once. */
const parses = new WeakMap<object, ReadResult>();

/** A slot's reachable rules (up to and including the first catch-all), each with its compiled `when`. */
type SlotPlan = readonly { rule: Rule; when: Compiled | undefined }[];

const plans = new WeakMap<RuleSet, Map<string, SlotPlan | "failed">>();

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
    if (!personalizes(ruleSet)) return { decisions: names.map((slot) => decideSlot(ruleSet, slot, facts, traced)) };
    const personalization = givenPersonalization(options) ?? personalize(ruleSet, facts, stateOf(options), nowOf(options, facts), visitOf(options, facts));
    facts = { ...facts, ...personalization.facts };
    return { decisions: names.map((slot) => decideSlot(ruleSet, slot, facts, traced)), personalization };
  } catch {
    // Only reachable through hostile arguments (throwing getters, proxies):
    // there is then nothing trustworthy to name.
    return { decisions: [] };
  }
}

/** One slot's decision: the first reachable rule that matches gives the variant; the rules after it are not tried. */
function decideSlot(ruleSet: RuleSet, slot: string, context: Context, traced: boolean): Decision {
  if (ruleSet.invalidSlots.includes(slot)) return failed(slot, "INVALID_RULES");
  const plan = hasOwn.call(ruleSet.slots, slot) ? planFor(ruleSet, slot) : [];
  if (plan === "failed") return failed(slot, "EVALUATION_FAILED");
  const trace: RuleTrace[] = [];
  try {
    for (const { rule, when } of plan) {
      let matched = true;
      if (traced && when !== undefined) {
        const condition = when.trace(context);
        matched = (condition as { result: boolean }).result;
        trace.push({ rule: rule.name, matched, condition });
      } else {
        if (when !== undefined) matched = when.test(context);
        if (traced) trace.push({ rule: rule.name, matched });
      }
      if (matched) return withTrace({ slot, variant: rule.show, reason: "MATCH", rule: rule.name }, traced, trace);
    }
  } catch {
    return failed(slot, "EVALUATION_FAILED");
  }
  return withTrace({ slot, variant: null, reason: "DEFAULT" }, traced, trace);
}

function withTrace(decision: Decision, traced: boolean, trace: RuleTrace[]): Decision {
  if (traced) decision.trace = trace;
  return decision;
}

function planFor(ruleSet: RuleSet, slot: string): SlotPlan | "failed" {
  let bySlot = plans.get(ruleSet);
  if (bySlot === undefined) plans.set(ruleSet, (bySlot = new Map()));
  let plan = bySlot.get(slot);
  if (plan === undefined) bySlot.set(slot, (plan = compileSlot(ruleSet, ruleSet.slots[slot] ?? [])));
  return plan;
}

function compileSlot(ruleSet: RuleSet, slotRules: readonly Rule[]): SlotPlan | "failed" {
  // Rules after a catch-all can never match (parse warns about them): not compiled, not traced.
  const catchAll = slotRules.findIndex((rule) => rule.when === undefined);
  const rules = catchAll === -1 ? slotRules : slotRules.slice(0, catchAll + 1);
  try {
    return rules.map((rule) => ({ rule, when: rule.when && compileConditions([rule.when], ruleSet.audiences).conditions[0] }));
  } catch {
    return "failed";
  }
}

/** The rule set to decide with, or `null` when the input cannot be used at all. */
function usableRuleSet(input: unknown): RuleSet | null {
  if (isParsedRuleSet(input)) return input;
  const cached = isObject(input) ? parses.get(input) : undefined;
  if (cached !== undefined) return cached.value;
  const result = readRuleSet(input);
  if (isObject(input)) parses.set(input, result);
  return result.value;
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

function failed(slot: string, errorCode: DecisionErrorCode): Decision {
  return { slot, variant: null, reason: "ERROR", errorCode };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
