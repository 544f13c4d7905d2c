/**
 * The shapes the core hands out: faults from parsing, decisions and their
 * traces from evaluation. Plain, serialisable data (no functions, no classes),
 * so a decision can be logged, sent to analytics or compared in a test.
 */
import type { OperatorName } from "./operator-names.js";
import type { ActionRule, Condition, Rule, Score, Signal, Stage, Variant } from "./rule-types.js";
import type { PersonalizationFacts, PersonalizationTrace, PersonalState } from "./personalize/types.js";

export type { ActionRule, Condition, Rule, Score, Signal, Stage, Variant };

/** The visitor context rules are evaluated against: a plain JSON-like object. */
export type Context = Record<string, unknown>;

export type Severity = "error" | "warning";

/**
 * One fault in a rule file. `path` is where it is (`slots.offer[1].when.all[0].operator`),
 * `message` says what is wrong in one plain sentence, `hint` how to fix it, where
 * one is known ("did you mean 'equal'?"). `formatFault` joins them for people.
 */
export interface Fault {
  severity: Severity;
  code: FaultCode;
  path: string;
  message: string;
  hint?: string;
}

/** Machine-readable kinds of fault; the README lists them with examples. */
export type FaultCode =
  | "NOT_JSON"
  | "NOT_AN_OBJECT"
  | "UNSUPPORTED_VERSION"
  | "UNKNOWN_KEY"
  | "MISSING_KEY"
  | "WRONG_TYPE"
  | "EMPTY"
  | "FORBIDDEN_KEY"
  | "BAD_FACT_PATH"
  | "UNKNOWN_OPERATOR"
  | "WRONG_VALUE_TYPE"
  | "BAD_PATTERN"
  | "BAD_DATE"
  | "UNKNOWN_VARIANT"
  | "UNKNOWN_AUDIENCE"
  | "AUDIENCE_CYCLE"
  | "DUPLICATE_RULE_NAME"
  | "UNREACHABLE_RULE"
  | "BAD_CONDITION"
  | "BAD_VARIANT"
  | "TOO_DEEP"
  | "BAD_DURATION"
  | "BAD_POINTS"
  | "BAD_SIGNAL"
  | "BAD_EVENT_NAME"
  | "BAD_NAME"
  | "UNKNOWN_EVENT"
  | "DUPLICATE_NAME"
  | "BAD_HOLDOUT"
  | "BAD_SPLIT"
  | "DUPLICATE_EXPERIMENT"
  | "UNKNOWN_FACT"
  | "UNEXPECTED_VALUE"
  | "BAD_FACT_TYPE";

/**
 * A validated rule set, ready for `evaluate`. Slots that failed validation are
 * left out of `slots` and named in `invalidSlots`, so the rest keep working and
 * evaluation can answer `ERROR` for the broken ones. Likewise a score with an
 * error is left out of `scores`, and `stages` / `actions` are empty when any
 * of their rules has one (they are ordered: a missing rule would change what
 * the others mean).
 */
export interface RuleSet {
  readonly version: 1;
  readonly audiences: Readonly<Record<string, Condition>>;
  readonly slots: Readonly<Record<string, readonly Rule[]>>;
  readonly variants: Readonly<Record<string, Variant>>;
  readonly invalidSlots: readonly string[];
  /** Named scores (`scores.NAME` facts). Empty when the file declares none. */
  readonly scores: Readonly<Record<string, Readonly<Score>>>;
  /** Lifecycle stages in order; the first that matches is `lifecycle.stage`. */
  readonly stages: readonly Readonly<Stage>[];
  /** Next best action rules in order. */
  readonly actions: readonly Readonly<ActionRule>[];
  /**
   * Set by the runtime reader (`readRules`, what the script tags and `evaluate`
   * read with) when the file has `scores`, `stages` or `actions`: those
   * sections as written, unread and unchecked. The personalize layer reads
   * and checks them (`readRuleSet` does both, and then leaves this out); the
   * content tag only takes it as the sign to report PERSONALIZATION_NOT_LOADED.
   */
  readonly personal?: Readonly<Record<string, unknown>>;
}

export type ParseResult =
  | { ok: true; value: RuleSet; warnings: Fault[] }
  | {
      ok: false;
      errors: Fault[];
      warnings: Fault[];
      /** What still works: the valid slots, or `null` when nothing can be used (not JSON, wrong version, …). */
      value: RuleSet | null;
    };

/** Why a slot shows what it shows. */
export type DecisionReason = "MATCH" | "DEFAULT" | "ERROR";

/** Why a decision is an `ERROR`; the default content is kept in every case. */
export type DecisionErrorCode =
  | "INVALID_RULES" // the slot's rules failed validation
  | "EVALUATION_FAILED" // the engine failed on this slot (reported, never thrown)
  | "MATCHES_FAILED" // a script tag's pattern engine (slotwise.matches.js) did not run in time, and the slot's rules use `matches`
  | "VARIANT_NOT_FOUND" // the renderer found no such variant (e.g. no page <template>)
  | "RENDER_FAILED"; // the renderer failed; the default was restored

/** The trace of one condition, as it was tried. */
export type ConditionTrace =
  | {
      kind: "fact";
      fact: string;
      operator: OperatorName;
      /** The value the rule expects. */
      expected: unknown;
      /** The fact's value in the context (`undefined` when missing, shown as "missing"). */
      actual: unknown;
      result: boolean;
    }
  | { kind: "all" | "any"; result: boolean; conditions: ConditionTrace[] }
  | { kind: "not"; result: boolean; condition: ConditionTrace }
  | { kind: "audience"; audience: string; result: boolean; condition: ConditionTrace }
  /** A condition that was not evaluated because the result was already known. */
  | { kind: "skipped" };

/** The trace of one rule of a slot. */
export interface RuleTrace {
  rule: string;
  matched: boolean;
  /** Absent for a catch-all (a rule without `when`). */
  condition?: ConditionTrace;
}

/** What a slot shows, and why. */
export interface Decision {
  slot: string;
  /** The variant id to show, or `null` to keep the default content. */
  variant: string | null;
  reason: DecisionReason;
  /** The name of the rule that matched (reason `MATCH`). */
  rule?: string;
  /**
   * The rule matched, but this visitor is in its holdout (its control group):
   * `variant` is `null`, the default content stays. Absent otherwise.
   */
  holdout?: true;
  /** The rule's experiment key (a `split`, or a holdout with an `experiment`). */
  experiment?: string;
  /**
   * The visitor's arm of that experiment: a variant id, or "control" (the
   * default content). Absent when there was no id to draw it from.
   */
  arm?: string;
  /**
   * Shown by a preview (`?slotwise_preview=`, `?slotwise_visitor=`), not by
   * the visitor's own facts: never an exposure, never stored.
   */
  preview?: true;
  errorCode?: DecisionErrorCode;
  /**
   * Every rule tried, in order, up to and including the one that matched.
   * Only with `evaluate(…, { trace: true })` (and `explain`, `decide()`):
   * deciding does not build it.
   */
  trace?: RuleTrace[];
}

export interface Evaluation {
  /** One decision per slot of the rule set (and per slot asked for), in rule-file order. */
  decisions: Decision[];
  /**
   * What the personalization layer decided before the slots (scores,
   * segments, stage, next best action), with its trace and the state to
   * persist. Present when the rule set has scores, stages, actions or audiences.
   */
  personalization?: {
    facts: PersonalizationFacts;
    trace: PersonalizationTrace;
    state: PersonalState;
  };
}

export interface EvaluateOptions {
  /** Decide only these slots (a slot the rule set does not know gets `DEFAULT`). Default: every slot of the rule set. */
  slots?: readonly string[];
  /** Add to each decision the trace of every rule and condition tried (for explaining). @default false */
  trace?: boolean;
  /** Not read by `evaluate` any more: pass it to `personalize(rules, context, state, now, visit)`. @deprecated */
  state?: PersonalState;
  /** Not read by `evaluate` any more: pass it to `personalize`. @deprecated */
  now?: number;
  /** Not read by `evaluate` any more: pass it to `personalize`. @deprecated */
  visit?: number;
  /**
   * The result of `personalize()` for this context: the slots are decided on
   * the context with its facts (`scores`, `segments`, `lifecycle`,
   * `nextBestAction`) added, and it is returned as the result's
   * `personalization`. `evaluate` never personalizes by itself (that code is
   * the personalize layer's, so `import { evaluate }` stays small): a rule set
   * with scores, stages, actions or audiences read as segments needs
   * `personalize()` first.
   */
  personalization?: NonNullable<Evaluation["personalization"]>;
}
