/**
 * Rule set + context -> one decision per slot, with the trace that explains it.
 *
 * Slots decided together share one engine run over all their rules (a run
 * costs far more than a condition), and each slot is then read from its own
 * share of the results. A single slot has its own compiled engine, so the
 * runtime can re-decide only the slots whose facts changed without paying for
 * the rest. A slot that fails is answered `ERROR` while the others are
 * decided: when the shared run fails, or leaves a slot without an answer, the
 * slots concerned are run again on their own engines.
 */
import { compileConditions } from "./engine.js";
import type { ConditionEngine } from "./engine.js";
import { parseRuleSet } from "./parse.js";
import { isParsedRuleSet } from "./parsed.js";
import { personalize } from "./personalize/personalize.js";
import { emptyPersonalState } from "./personalize/state.js";
import type { PersonalState } from "./personalize/types.js";
import type {
  Condition,
  ConditionTrace,
  Context,
  Decision,
  DecisionErrorCode,
  EvaluateOptions,
  Evaluation,
  ParseResult,
  Rule,
  RuleSet,
  RuleTrace,
} from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** Parse results of rule sets given unparsed, so a caller passing the same object each time validates it once. */
const parses = new WeakMap<object, ParseResult>();

/** What a slot needs at evaluation time, compiled once per rule set and slot. */
interface SlotPlan {
  /** The rules that can be reached: up to and including the first catch-all. */
  rules: readonly Rule[];
  /** Evaluates the `when` of each reachable rule that has one; `null` when there are none. */
  engine: ConditionEngine | null;
}

const plans = new WeakMap<RuleSet, Map<string, SlotPlan | "failed">>();

/** Several slots compiled into one engine: where each slot's conditions start in its results. */
interface SharedPlan {
  offsets: Map<string, number>;
  engine: ConditionEngine;
}

/**
 * Shared plans per rule set, by the slot list asked for (`null`: nothing to
 * share). Callers re-deciding the slots that read a changed fact ask for a
 * few recurring lists; the cap keeps ever new lists from piling up.
 */
const sharedPlans = new WeakMap<RuleSet, Map<string, SharedPlan | null>>();
const MAX_SHARED_PLANS = 16;

/**
 * Decides every slot of a rule set for one visitor context: per slot, the
 * rules are tried in order and the first that matches gives the variant;
 * when none matches the slot keeps its default content.
 *
 * Never rejects and never throws. `rules` that did not come from
 * `parseRuleSet` are validated first; slots that failed validation, and every
 * slot of a file that cannot be used at all, are answered `ERROR` with
 * `errorCode: "INVALID_RULES"`. A slot the engine fails on is answered
 * `ERROR` with `"EVALUATION_FAILED"`; the other slots are decided as usual.
 *
 * The context is read while the returned promise is pending: hand over a
 * context that is not changed in the meantime.
 *
 * @param rules - a rule set from `parseRuleSet`, or anything to validate (an object or JSON text)
 * @param context - the visitor context; fact paths such as `geo.city` are read from it
 * When the rule set has scores, stages, actions or audiences, the
 * personalization layer runs first (see `personalize`): the slots are then
 * decided on the context with `scores`, `segments`, `lifecycle` and
 * `nextBestAction` added, and the result carries `personalization` (facts,
 * trace, and the state to persist). A rule set with none of them costs what
 * it always did.
 *
 * @param options - `slots`: decide only these slots; `state`, `now`, `visit`: for personalization;
 *   `personalization`: a `personalize` result for this context, used instead of personalizing again
 * @example
 * const { decisions } = await evaluate(rules, { geo: { city: "Bangalore" } });
 * // [{ slot: "hero-banner", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors", trace: [...] }]
 */
export async function evaluate(
  rules: RuleSet | unknown,
  context: Context,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  try {
    const asked = askedSlots(options);
    const ruleSet = usableRuleSet(rules);
    if (ruleSet === null) {
      const names = asked ?? slotNamesIn(rules);
      return { decisions: names.map((slot) => failed(slot, "INVALID_RULES")) };
    }
    const names = asked ?? unique([...Object.keys(ruleSet.slots), ...ruleSet.invalidSlots]);
    let facts = isObject(context) ? context : {};
    if (!personalizes(ruleSet)) return { decisions: await decideSlots(ruleSet, names, facts) };
    const personalization = givenPersonalization(options) ?? (await personalize(ruleSet, facts, stateOf(options), nowOf(options, facts), visitOf(options, facts)));
    facts = { ...facts, ...personalization.facts };
    const decisions = await decideSlots(ruleSet, names, facts);
    return { decisions, personalization };
  } catch {
    // Only reachable through hostile arguments (throwing getters, proxies):
    // there is then nothing trustworthy to name.
    return { decisions: [] };
  }
}

/**
 * Decides the named slots: together in one engine run when there are several,
 * each on its own engine when there is one, or when the shared run fails or
 * leaves a slot without an answer (so a failure stays with its slot).
 */
async function decideSlots(ruleSet: RuleSet, names: readonly string[], context: Context): Promise<Decision[]> {
  let shared: SharedPlan | null = null;
  let conditions: readonly ConditionTrace[] = [];
  try {
    shared = names.length > 1 ? sharedPlanFor(ruleSet, names) : null;
    if (shared !== null) conditions = await shared.engine.run(context);
  } catch {
    shared = null;
  }
  return Promise.all(
    names.map((slot) => {
      const offset = shared?.offsets.get(slot);
      // Only slots that compiled have an offset, so their plan is cached and usable.
      const plan = offset === undefined ? "failed" : planFor(ruleSet, slot);
      return (plan !== "failed" && decideFrom(slot, plan, conditions, offset ?? 0)) || decideSlot(ruleSet, slot, context);
    }),
  );
}

async function decideSlot(ruleSet: RuleSet, slot: string, context: Context): Promise<Decision> {
  if (ruleSet.invalidSlots.includes(slot)) return failed(slot, "INVALID_RULES");
  if (!hasOwn.call(ruleSet.slots, slot)) return { slot, variant: null, reason: "DEFAULT", trace: [] };
  try {
    const plan = planFor(ruleSet, slot);
    if (plan === "failed") return failed(slot, "EVALUATION_FAILED");
    const conditions = plan.engine === null ? [] : await plan.engine.run(context);
    return decideFrom(slot, plan, conditions, 0) ?? failed(slot, "EVALUATION_FAILED");
  } catch {
    return failed(slot, "EVALUATION_FAILED");
  }
}

/**
 * The decision of a slot from the evaluated conditions of its reachable rules,
 * which start at `offset`: the first rule that matches gives the variant, and
 * the rules after it are not traced. `null` when a rule the slot reached has no
 * answer (the engine did not evaluate it).
 */
function decideFrom(slot: string, plan: SlotPlan, conditions: readonly ConditionTrace[], offset: number): Decision | null {
  const trace: RuleTrace[] = [];
  let next = offset;
  for (const rule of plan.rules) {
    if (rule.when === undefined) {
      trace.push({ rule: rule.name, matched: true });
      return { slot, variant: rule.show, reason: "MATCH", rule: rule.name, trace };
    }
    const condition = conditions[next++];
    // A rule the engine did not evaluate has no answer; calling it a miss would
    // show the default for a reason that is not true.
    if (condition === undefined || condition.kind === "skipped") return null;
    const matched = condition.result;
    trace.push({ rule: rule.name, matched, condition });
    if (matched) return { slot, variant: rule.show, reason: "MATCH", rule: rule.name, trace };
  }
  return { slot, variant: null, reason: "DEFAULT", trace };
}

/**
 * The shared plan for deciding these slots together, or `null` when sharing
 * would not save a run (fewer than two slots have conditions). Slots that are
 * invalid, unknown or fail to compile are left out: they are decided on their
 * own, as before.
 */
function sharedPlanFor(ruleSet: RuleSet, names: readonly string[]): SharedPlan | null {
  let byNames = sharedPlans.get(ruleSet);
  if (byNames === undefined || byNames.size >= MAX_SHARED_PLANS) sharedPlans.set(ruleSet, (byNames = new Map()));
  // A "\0" in a name could only make two lists share a plan, whose offsets are right for any slot it has.
  const key = names.join("\0");
  let plan = byNames.get(key);
  if (plan !== undefined) return plan;
  const offsets = new Map<string, number>();
  const conditions: Condition[] = [];
  let withConditions = 0;
  for (const slot of names) {
    if (ruleSet.invalidSlots.includes(slot) || !hasOwn.call(ruleSet.slots, slot)) continue;
    const slotPlan = planFor(ruleSet, slot);
    if (slotPlan === "failed") continue;
    offsets.set(slot, conditions.length);
    const before = conditions.length;
    for (const rule of slotPlan.rules) if (rule.when !== undefined) conditions.push(rule.when);
    if (conditions.length > before) withConditions += 1;
  }
  plan = withConditions < 2 ? null : { offsets, engine: compileConditions(conditions, ruleSet.audiences) };
  byNames.set(key, plan);
  return plan;
}

function planFor(ruleSet: RuleSet, slot: string): SlotPlan | "failed" {
  let bySlot = plans.get(ruleSet);
  if (bySlot === undefined) {
    bySlot = new Map();
    plans.set(ruleSet, bySlot);
  }
  let plan = bySlot.get(slot);
  if (plan === undefined) {
    plan = compileSlot(ruleSet, ruleSet.slots[slot] ?? []);
    bySlot.set(slot, plan);
  }
  return plan;
}

function compileSlot(ruleSet: RuleSet, slotRules: readonly Rule[]): SlotPlan | "failed" {
  // Rules after a catch-all can never match (parse warns about them): not compiled, not traced.
  const catchAll = slotRules.findIndex((rule) => rule.when === undefined);
  const rules = catchAll === -1 ? slotRules : slotRules.slice(0, catchAll + 1);
  const conditions = rules.flatMap((rule): Condition[] => (rule.when === undefined ? [] : [rule.when]));
  try {
    return { rules, engine: conditions.length === 0 ? null : compileConditions(conditions, ruleSet.audiences) };
  } catch {
    return "failed";
  }
}

/** The rule set to decide with, or `null` when the input cannot be used at all. */
function usableRuleSet(input: unknown): RuleSet | null {
  if (isParsedRuleSet(input)) return input;
  const cached = isObject(input) ? parses.get(input) : undefined;
  if (cached !== undefined) return cached.value;
  let result: ParseResult;
  try {
    result = parseRuleSet(input);
  } catch {
    return null;
  }
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
  return { slot, variant: null, reason: "ERROR", errorCode, trace: [] };
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
