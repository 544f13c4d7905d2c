/**
 * The shapes of the personalization layer: the state persisted per visitor,
 * the facts it adds to the context, and the trace that explains them. Plain,
 * serialisable data, like decisions.
 */
import type { ConditionTrace } from "../types.js";

/**
 * One score as persisted: its value when it last changed, and when (epoch ms).
 * The value now is `value × 0.5^((now − at) / halfLife)`, capped.
 */
export interface ScoreState {
  value: number;
  at: number;
  /**
   * The last few signals applied (oldest first, at most MAX_SCORE_LOG), so an
   * explanation can say how the score was reached. Not needed to compute it.
   */
  log?: ScoreLogEntry[];
}

/** One application of a signal to a score. */
export interface ScoreLogEntry {
  /** The event name, or `when#INDEX` for a condition signal. */
  signal: string;
  points: number;
  at: number;
}

/** What the personalization layer keeps per visitor profile (the store persists it). */
export interface PersonalState {
  /** Per score name. */
  scores: Record<string, ScoreState>;
  /** Condition signals already awarded, keyed `${score}#${signalIndex}`: in which visit, and when. */
  awarded: Record<string, { visit: number; at: number }>;
  /** Per action name, when it was last chosen anew (see ActionRecord): its cooldown, and the visit it holds for. */
  actions: Record<string, ActionRecord>;
  /** The current stage and since when (epoch ms). */
  lifecycle?: { stage: string; since: number };
}

/**
 * When an action was last chosen anew: its cooldown runs from `at`, and it
 * holds for the rest of `visit` (the same recommendation while its rule
 * matches, not a new one). States written before visits were recorded stored
 * the time alone; such a record has no `visit`, so it holds for no visit and
 * only its cooldown counts.
 */
export interface ActionRecord {
  /** Epoch ms. */
  at: number;
  visit?: number;
}

/** The next best action: what the host should do, where, when, with what. */
export interface NextBestAction {
  action: string;
  channel: string;
  /** `immediate`, `next_visit` or a delay such as `2h`. */
  timing: string;
  params: Record<string, string | number | boolean | null>;
  /** The name of the rule that chose it. */
  rule: string;
}

/** The facts the personalization layer adds to the context (before slots are decided). */
export interface PersonalizationFacts {
  /** `scores.NAME`, rounded to 2 decimals. */
  scores: Record<string, number>;
  /** The audiences the visitor is in now, in file order. */
  segments: string[];
  /** `lifecycle.stage` and `lifecycle.since` (ISO), absent when no stage matched or none is declared. */
  lifecycle?: { stage: string; since: string };
  /** Absent when no action rule chose one. */
  nextBestAction?: NextBestAction;
}

/** How one condition signal fared at this decision. */
export interface ConditionSignalTrace {
  /** Its index in the score's `signals`. */
  signal: number;
  points: number;
  once: "visit" | "ever";
  /** `awarded` now; `not_matched`; or `already_awarded` (this visit, or ever) and not checked. */
  outcome: "awarded" | "not_matched" | "already_awarded";
  condition?: ConditionTrace;
}

/** How a score reached its value. */
export interface ScoreTrace {
  score: string;
  cap: number;
  halfLife?: string;
  /** The persisted value and when it last changed (ISO), before this decision; absent when none. */
  stored?: { value: number; at: string };
  /** Recent signals applied (oldest first), from the persisted log. */
  applied: { signal: string; points: number; at: string }[];
  /** The factor decay applied to the stored value (1 without a half-life). */
  decayFactor: number;
  /** Condition signals checked now, in file order. */
  conditions: ConditionSignalTrace[];
  /** True when the cap cut the value. */
  capped: boolean;
  /** The fact `scores.NAME`. */
  value: number;
}

/** Whether the visitor is in one segment (audience), and why. */
export interface SegmentTrace {
  segment: string;
  member: boolean;
  condition: ConditionTrace;
}

/** One stage rule as it was tried. */
export interface StageRuleTrace {
  stage: string;
  matched: boolean;
  /** Absent for a catch-all (a stage without `when`). */
  condition?: ConditionTrace;
}

/** How `lifecycle.stage` was decided. */
export interface StageTrace {
  /** The stage now, absent when none matched. */
  stage?: string;
  /** The stage before this decision, when there was one. */
  previous?: string;
  changed: boolean;
  /** Every stage tried, in order, up to and including the one that matched. */
  tried: StageRuleTrace[];
}

/** One action rule as it was tried. */
export interface ActionRuleTrace {
  rule: string;
  action: string;
  matched: boolean;
  /** Absent for a catch-all. */
  condition?: ConditionTrace;
  /** Set when the rule matched but its action is cooling down (ISO): the next rule was tried. */
  cooldownUntil?: string;
  chosen: boolean;
  /**
   * Set on the chosen rule when its action was already chosen earlier in this
   * visit, at this time (ISO): the same recommendation kept, not a new one (its
   * cooldown is not renewed, and a runtime does not hand it over again).
   */
  heldSince?: string;
  /** For the chosen rule with a channel fact: what the fact held, and whether the fallback was used. */
  channel?: { fact: string; value: unknown; fallback: string; usedFallback: boolean };
}

/** The part of the layer that could not be decided (reported, never thrown). */
export type PersonalizationPart = "scores" | "segments" | "stages" | "actions";

/** Everything the personalization layer decided, and why. Serialisable. */
export interface PersonalizationTrace {
  /** The time of the decision (ISO). */
  now: string;
  visit: number;
  scores: ScoreTrace[];
  segments: SegmentTrace[];
  /** Absent when the rule set declares no stages. */
  stages?: StageTrace;
  /** Every action rule tried, in order, up to and including the chosen one. */
  actions: ActionRuleTrace[];
  /** Parts the engine failed on; their facts are left out. */
  failed: PersonalizationPart[];
}

/** What `personalize` returns. */
export interface Personalization {
  /** The state to persist: awards, activations and stage changes of this decision applied. */
  state: PersonalState;
  facts: PersonalizationFacts;
  trace: PersonalizationTrace;
}
