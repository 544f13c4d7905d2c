/**
 * The npm entry of Slotwise: every public export is named here, nothing else
 * is public.
 */
import { evaluate as evaluateAny } from "./core/evaluate.js";
import { createSlotwise as createAny } from "./client/slotwise.js";
import type { RuleFile, SlotwiseOptions } from "./rule-file.js";
import type { Context, EvaluateOptions, Evaluation } from "./core/types.js";
import type { Slotwise } from "./client/options.js";

// The pure core: no DOM, no globals (Node, workers, SSR, edge).
export { formatFault, ruleSetJsonSchema } from "./authoring/index.js";
export { parseRuleSet } from "./parse-rule-set.js";
export { readRuleSet } from "./core/read/read-rules.js";
export { factsUsedBy } from "./core/facts-used.js";
export { holdoutBucket } from "./core/holdout.js";
export { OPERATOR_NAMES } from "./core/operator-names.js";
export { resolveVariant } from "./core/adapter.js";
export { fillPlaceholders, escapeHtml } from "./core/placeholders.js";
export { applyEvent } from "./core/personalize/apply-event.js";
export { personalize } from "./core/personalize/personalize.js";
export { emptyPersonalState } from "./core/personalize/state.js";

// The browser runtime, and its plugins (a bundler drops those an app does not pass).
export { createDomAdapter } from "./dom/adapter.js";
export { personalization } from "./plugins/personalize/index.js";
export { geo } from "./plugins/geo.js";

// The two doors that take rules, typed with the rule file (./rule-file.ts):
// the same functions, so no byte more.

/**
 * Decides every slot of `rules` for one visitor's `context`, synchronously and
 * without the DOM: a rule file's object (`defineRules`, an imported
 * rules.json) or a `RuleSet` from `parseRuleSet`.
 */
export const evaluate: (rules: RuleFile, context: Context, options?: EvaluateOptions) => Evaluation = evaluateAny;

/** Starts Slotwise in a page (or decisions only, without a DOM). */
export const createSlotwise: (options?: SlotwiseOptions) => Slotwise = createAny;

export { defineRules } from "./rule-file.js";
export type { RuleFile, Rules, RuleSetJson, SlotwiseOptions } from "./rule-file.js";
export type { OperatorName } from "./core/operator-names.js";
export type { ActionRule, Condition, Rule, Score, Signal, Stage, Variant, RuleSetDocument } from "./core/rule-types.js";
export type {
  ActionRuleTrace,
  ConditionSignalTrace,
  NextBestAction,
  PersonalState,
  Personalization,
  PersonalizationFacts,
  PersonalizationPart,
  PersonalizationTrace,
  ScoreLogEntry,
  ScoreState,
  ScoreTrace,
  SegmentTrace,
  StageRuleTrace,
  StageTrace,
} from "./core/personalize/types.js";
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
export type { RenderAdapter, RenderError, RenderResult, ResolvedVariant, Revert, SlotHandle } from "./core/adapter.js";
export type {
  ActionPayload,
  Consent,
  Exposure,
  Platform,
  Plugin,
  RuntimeFault,
  SlotwiseError,
  SlotwiseErrorCode,
  SegmentChange,
  Slotwise,
  SlotwiseEvents,
  SlotwiseProfile,
  StageChange,
} from "./client/options.js";
export type { Host, Hooks } from "./runtime/plugin.js";
export type { DomAdapter, DomAdapterOptions } from "./dom/adapter.js";
