/**
 * The conditions of the personalization layer, compiled once per rule set
 * (like a slot's): condition signals, segments (one per audience), stages and
 * action rules, each part with its own engine so a failure stays in its part.
 */
import { compileConditions, type ConditionEngine } from "../compile.js";
import type { Condition, RuleSet } from "../types.js";

/** A condition signal: which score, which signal. */
export interface SignalRef {
  score: string;
  index: number;
}

/** One part's conditions, compiled; `null` when the part has none, `"failed"` when compiling failed. */
export type Compiled = ConditionEngine | null | "failed";

export interface PersonalizationPlan {
  signals: readonly SignalRef[];
  signalEngine: Compiled;
  segments: readonly string[];
  segmentEngine: Compiled;
  /** Stages up to and including the first catch-all: the rest can never match. */
  stageCount: number;
  stageEngine: Compiled;
  actionEngine: Compiled;
}

const plans = new WeakMap<RuleSet, PersonalizationPlan>();

function compile(conditions: readonly Condition[], ruleSet: RuleSet): Compiled {
  if (conditions.length === 0) return null;
  try {
    return compileConditions(conditions, ruleSet.audiences);
  } catch {
    return "failed";
  }
}

function whens(rules: readonly { when?: Condition }[]): Condition[] {
  return rules.flatMap((rule) => (rule.when === undefined ? [] : [rule.when]));
}

/** The compiled plan of `ruleSet` (built on first use). */
export function planFor(ruleSet: RuleSet): PersonalizationPlan {
  let plan = plans.get(ruleSet);
  if (plan !== undefined) return plan;
  const signals: SignalRef[] = [];
  const signalConditions: Condition[] = [];
  for (const score of Object.keys(ruleSet.scores)) {
    ruleSet.scores[score]?.signals.forEach((signal, index) => {
      if (signal.when === undefined) return;
      signals.push({ score, index });
      signalConditions.push(signal.when);
    });
  }
  const segments = Object.keys(ruleSet.audiences);
  const catchAll = ruleSet.stages.findIndex((stage) => stage.when === undefined);
  const stageCount = catchAll === -1 ? ruleSet.stages.length : catchAll + 1;
  plan = {
    signals,
    signalEngine: compile(signalConditions, ruleSet),
    segments,
    segmentEngine: compile(
      segments.map((audience) => ({ audience })),
      ruleSet,
    ),
    stageCount,
    stageEngine: compile(whens(ruleSet.stages.slice(0, stageCount)), ruleSet),
    actionEngine: compile(whens(ruleSet.actions), ruleSet),
  };
  plans.set(ruleSet, plan);
  return plan;
}
