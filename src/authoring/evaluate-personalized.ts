/**
 * `evaluate` as it was before it stopped personalizing, for the authoring
 * tools (the CLI's `explain`, the debugger's and the playground's tools):
 * `personalize()` first when the rule set has scores, stages, actions or
 * audiences, then `evaluate` with its result. `state`, `now` and `visit` go to
 * `personalize` (defaults: an empty state, `time.now` of the context, else 0;
 * `visitor.visits`, else 0).
 */
import { evaluate } from "../runtime/decide.js";
import { readRuleSet } from "../core/read/read-rules.js";
import { isParsedRuleSet } from "../core/parsed.js";
import { personalize } from "../core/personalize/personalize.js";
import { emptyPersonalState } from "../core/personalize/state.js";
import type { Context, EvaluateOptions, Evaluation, RuleSet } from "../core/types.js";
import { isObj } from "../runtime/util.js";

const finite = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

/** Whether the personalization layer has anything to decide for this rule set. */
export function personalizes(ruleSet: RuleSet): boolean {
  return ruleSet.stages.length > 0 || ruleSet.actions.length > 0 || Object.keys(ruleSet.scores).length > 0 || Object.keys(ruleSet.audiences).length > 0;
}

export function evaluatePersonalized(rules: unknown, context: Context, options: EvaluateOptions = {}): Evaluation {
  const { state, now, visit, ...rest }: EvaluateOptions = isObj(options) ? options : {};
  const ruleSet = isParsedRuleSet(rules) ? rules : readRuleSet(rules).value;
  if (rest.personalization || ruleSet === null || !personalizes(ruleSet)) return evaluate(rules, context, rest);
  const facts = isObj(context) ? context : {};
  const time = isObj(facts["time"]) ? Date.parse(String(facts["time"]["now"])) : NaN;
  const visits = isObj(facts["visitor"]) ? facts["visitor"]["visits"] : undefined;
  const at = finite(now) ? now : finite(time) ? time : 0;
  const personalization = personalize(ruleSet, facts, state ?? emptyPersonalState(), at, finite(visit) ? visit : finite(visits) ? visits : 0);
  return evaluate(ruleSet, context, { ...rest, personalization });
}
