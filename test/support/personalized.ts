/**
 * What `evaluate` did by itself before it stopped personalizing: `personalize()`
 * first when the rule set has scores, stages, actions or audiences, then
 * `evaluate` with the result (README: "call personalize() first").
 */
import { emptyPersonalState, evaluate, personalize, readRuleSet } from "../../src/index.js";
import { isParsedRuleSet } from "../../src/core/parsed.js";
import type { Context, EvaluateOptions, Evaluation, RuleSet } from "../../src/index.js";

const isObj = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const finite = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

export function evaluatePersonalized(rules: unknown, context: Context, options: EvaluateOptions = {}): Evaluation {
  const { state, now, visit, ...rest }: EvaluateOptions = isObj(options) ? options : {};
  const ruleSet = isParsedRuleSet(rules) ? rules : readRuleSet(rules).value;
  if (rest.personalization || ruleSet === null || !personalizes(ruleSet)) return evaluate(rules, context, rest);
  const facts = isObj(context) ? context : {};
  const time = isObj(facts["time"]) ? Date.parse(String(facts["time"]["now"])) : NaN;
  const visits = isObj(facts["visitor"]) ? facts["visitor"]["visits"] : undefined;
  const personalization = personalize(ruleSet, facts, state ?? emptyPersonalState(), finite(now) ? now : finite(time) ? time : 0, finite(visit) ? visit : finite(visits) ? visits : 0);
  return evaluate(ruleSet, context, { ...rest, personalization });
}

function personalizes(ruleSet: RuleSet): boolean {
  return ruleSet.stages.length > 0 || ruleSet.actions.length > 0 || Object.keys(ruleSet.scores).length > 0 || Object.keys(ruleSet.audiences).length > 0;
}
