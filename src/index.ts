/**
 * The npm entry of Slotwise: every public export is named here, nothing else
 * is public.
 */
export { parseRuleSet } from "./core/parse.js";
export { formatFault } from "./core/faults.js";
export { evaluate } from "./core/evaluate.js";
export { factsUsedBy } from "./core/facts-used.js";
export { ruleSetJsonSchema } from "./core/schema.js";
export { OPERATOR_NAMES } from "./core/operator-names.js";

export type { OperatorName } from "./core/operator-names.js";
export type { Condition, Rule, Variant, RuleSetDocument } from "./core/schema.js";
export type {
  Context,
  Decision,
  DecisionErrorCode,
  DecisionReason,
  ConditionTrace,
  EvaluateOptions,
  Evaluation,
  Fault,
  FaultCode,
  ParseResult,
  RuleSet,
  RuleTrace,
  Severity,
} from "./core/types.js";
