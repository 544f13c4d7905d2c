/**
 * Rule set + context -> one decision per slot, synchronously, without the
 * personalization layer (evaluate.ts adds it): what every runtime build
 * needs, the dynamic-content script tag included.
 *
 * Each slot's reachable rules are compiled once per rule set into closures
 * (./compile.ts); deciding is then a walk of plain calls that stops at the
 * first rule that matches. The trace of every condition tried is built only
 * when asked: explaining costs more than deciding.
 */
import { compileConditions, type Compiled } from "./compile.js";
import { inHoldout } from "./holdout.js";
import { isParsedRuleSet } from "./parsed.js";
import { readRuleSet, type ReadResult } from "./read/read-rules.js";
import type { Context, Decision, DecisionErrorCode, Rule, RuleSet, RuleTrace } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** Parse results of rule sets given unparsed, so a caller passing the same object each time validates it once. */
const parses = new WeakMap<object, ReadResult>();

/** A slot's reachable rules (up to and including the first catch-all), each with its compiled `when`. */
type SlotPlan = readonly { rule: Rule; when: Compiled | undefined }[];

const plans = new WeakMap<RuleSet, Map<string, SlotPlan | "failed">>();

/** Decides the named slots on `context`; a slot the rule set does not have is `DEFAULT`. Never throws. */
export function decideSlots(ruleSet: RuleSet, names: readonly string[], context: Context, traced = false): Decision[] {
  return names.map((slot) => decideSlot(ruleSet, slot, context, traced));
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
      if (matched) {
        const decision: Decision = { slot, variant: rule.show, reason: "MATCH", rule: rule.name };
        // The rule's control group keeps the default: the rules after it are not tried either.
        if (rule.holdout && inHoldout(visitorId(context), slot, rule.name, rule.holdout)) {
          decision.variant = null;
          decision.holdout = true;
        }
        return withTrace(decision, traced, trace);
      }
    }
  } catch {
    return failed(slot, "EVALUATION_FAILED");
  }
  return withTrace({ slot, variant: null, reason: "DEFAULT" }, traced, trace);
}

function visitorId(context: Context): unknown {
  const visitor = context["visitor"];
  return isObject(visitor) ? visitor["id"] : undefined;
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
export function usableRuleSet(input: unknown): RuleSet | null {
  if (isParsedRuleSet(input)) return input;
  const cached = isObject(input) ? parses.get(input) : undefined;
  if (cached !== undefined) return cached.value;
  const result = readRuleSet(input);
  if (isObject(input)) parses.set(input, result);
  return result.value;
}

export function failed(slot: string, errorCode: DecisionErrorCode): Decision {
  return { slot, variant: null, reason: "ERROR", errorCode };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
