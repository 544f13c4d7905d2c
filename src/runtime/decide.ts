/**
 * Plans + facts -> decisions; and `evaluate`, the pure npm entry.
 *
 * The API the browser runtime uses (with ./rules.ts `readRules`):
 *   decideSlots(ruleSet, names, facts, trace?) -> Decision[]
 *     Synchronous, never throws; one decision per name, in order. A slot the
 *     rule set does not have is DEFAULT, an invalid one ERROR/INVALID_RULES,
 *     one that cannot be evaluated ERROR/EVALUATION_FAILED. `trace` adds the
 *     trace of every rule and condition tried (built only when asked).
 *   usableRuleSet(input) -> RuleSet | null (read once per object)
 *   fact paths each slot reads: src/core/slot-deps.ts `slotDependencies`.
 */
import { inHoldout } from "../core/holdout.js";
import { isParsedRuleSet } from "../core/parsed.js";
import type { Context, Decision, DecisionErrorCode, EvaluateOptions, Evaluation, RuleSet, RuleTrace } from "../core/types.js";
import { plansOf, readRules, type Traced } from "./rules.js";
import { withArm } from "./split.js";
import { isObj } from "./util.js";

/** Rule sets given unparsed, read once per object. */
const reads = new WeakMap<object, RuleSet | null>();

/** Decides the named slots on `context`; a slot the rule set does not have is `DEFAULT`. Never throws. */
export function decideSlots(ruleSet: RuleSet, names: readonly string[], context: Context, traced = false): Decision[] {
  const { p, bad } = plansOf(ruleSet);
  return names.map((slot) => {
    if (bad.has(slot)) return failed(slot, "INVALID_RULES");
    const plan = p.get(slot);
    const trace: RuleTrace[] = [];
    let decision: Decision = { slot, variant: null, reason: "DEFAULT" };
    try {
      if (plan === 0) throw 0;
      for (const [rule, when] of plan || []) {
        const condition = when && when(context, traced);
        const matched = !when || !!(traced ? (condition as Traced).result : condition);
        if (traced) trace.push(when ? { rule: rule.name, matched, condition: condition as RuleTrace["condition"] } : { rule: rule.name, matched });
        if (matched) {
          // The rule's variant, unless the visitor is in its holdout (the control group keeps the
          // default; the rules after it are not tried either); a split's arm, or a holdout's with an
          // experiment key (./split.ts).
          const { name, show, holdout } = rule;
          const visitor = context["visitor"];
          const held = !!holdout && inHoldout(isObj(visitor) ? visitor["id"] : undefined, slot, name, holdout);
          decision = withArm(held ? { slot, variant: null, reason: "MATCH", rule: name, holdout: held } : { slot, variant: show!, reason: "MATCH", rule: name }, rule, context);
          break;
        }
      }
    } catch {
      return failed(slot, "EVALUATION_FAILED");
    }
    if (traced) decision.trace = trace;
    return decision;
  });
}

/** The rule set to decide with, or `null` when the input cannot be used at all. */
export function usableRuleSet(input: unknown): RuleSet | null {
  if (isParsedRuleSet(input)) return input;
  if (!isObj(input)) return readRules(input).value;
  if (!reads.has(input)) reads.set(input, readRules(input).value);
  return reads.get(input)!;
}

export const failed = (slot: string, errorCode: DecisionErrorCode): Decision => ({ slot, variant: null, reason: "ERROR", errorCode });

/**
 * Decides every slot of a rule set for one visitor context: per slot, the
 * rules are tried in order and the first that matches gives the variant;
 * when none matches the slot keeps its default content.
 *
 * Synchronous (callers that `await` it keep working), never throws. `rules`
 * that did not come from `parseRuleSet` or `readRuleSet` are read first;
 * slots that failed, and every slot of a file that cannot be used at all, are
 * answered `ERROR` with `errorCode: "INVALID_RULES"`. A slot whose conditions
 * cannot be evaluated (an unreadable input) is `ERROR` / `"EVALUATION_FAILED"`.
 *
 * It does not personalize: call `personalize(rules, context, state, now,
 * visit)` first and pass its result as `options.personalization`; the slots
 * are then decided with its facts added and the result carries it.
 *
 * @param rules - a rule set from `parseRuleSet` / `readRuleSet`, or anything to read (an object or JSON text)
 * @param context - the visitor context; fact paths such as `geo.city` are read from it
 * @param options - `slots`: decide only these slots; `trace`: add each decision's trace;
 *   `personalization`: a `personalize()` result for this context
 * @example
 * const { decisions } = evaluate(rules, { geo: { city: "Bangalore" } });
 * // [{ slot: "hero-banner", variant: "BangaloreOffer", reason: "MATCH", rule: "Bangalore visitors" }]
 */
export function evaluate(rules: RuleSet | unknown, context: Context, options: EvaluateOptions = {}): Evaluation {
  try {
    const o: EvaluateOptions = isObj(options) ? options : {};
    const asked = Array.isArray(o.slots) ? unique(o.slots.filter((slot) => typeof slot === "string")) : undefined;
    const ruleSet = usableRuleSet(rules);
    if (!ruleSet) {
      // Each slot of a file that cannot be used is still answered ERROR (text that is not JSON names none).
      const raw: unknown = asked || typeof rules !== "string" ? rules : JSON.parse(rules);
      return { decisions: (asked || (isObj(raw) && isObj(raw["slots"]) ? Object.keys(raw["slots"]) : [])).map((slot) => failed(slot, "INVALID_RULES")) };
    }
    const given = o.personalization;
    const personalization = isObj(given) && isObj(given.facts) ? given : undefined;
    const base = isObj(context) ? context : {};
    // Copied only to add the personalization facts: a host context's getters are read when a rule reads them.
    const facts = personalization ? { ...base, ...personalization.facts } : base;
    const decisions = decideSlots(ruleSet, asked || unique([...Object.keys(ruleSet.slots), ...ruleSet.invalidSlots]), facts, o.trace === true);
    return personalization ? { decisions, personalization } : { decisions };
  } catch {
    // Only reachable through hostile arguments (throwing getters, proxies) and text that is not JSON: nothing trustworthy to name.
    return { decisions: [] };
  }
}

const unique = (names: readonly string[]): string[] => [...new Set(names)];
