/**
 * The lifecycle stage: stages are tried in order and the first that matches
 * is `lifecycle.stage`; `lifecycle.since` is when it last changed (a stage
 * kept from decision to decision keeps its `since`).
 */
import type { ConditionTrace, RuleSet } from "../types.js";
import { isoTime } from "./time.js";
import type { PersonalState, StageRuleTrace, StageTrace } from "./types.js";

/**
 * Decides the stage from the traces of the reachable stages' conditions (in
 * order, catch-alls have none) and records a change in `state` (in place).
 * When no stage matches, the visitor has none and `state.lifecycle` is cleared.
 */
export function decideStage(
  ruleSet: RuleSet,
  stageCount: number,
  conditions: readonly ConditionTrace[],
  state: PersonalState,
  now: number,
): { lifecycle?: { stage: string; since: string }; trace: StageTrace } {
  const previous = state.lifecycle;
  const tried: StageRuleTrace[] = [];
  let matched: string | undefined;
  let next = 0;
  for (const stage of ruleSet.stages.slice(0, stageCount)) {
    if (stage.when === undefined) {
      tried.push({ stage: stage.name, matched: true });
      matched = stage.name;
      break;
    }
    const condition = conditions[next++];
    if (condition === undefined) break;
    const result = condition.kind !== "skipped" && condition.result;
    tried.push({ stage: stage.name, matched: result, condition });
    if (result) {
      matched = stage.name;
      break;
    }
  }
  const trace: StageTrace = { changed: matched !== previous?.stage, tried };
  if (previous !== undefined) trace.previous = previous.stage;
  if (matched === undefined) {
    delete state.lifecycle;
    return { trace };
  }
  trace.stage = matched;
  const since = previous !== undefined && previous.stage === matched ? previous.since : now;
  state.lifecycle = { stage: matched, since };
  return { lifecycle: { stage: matched, since: isoTime(since) }, trace };
}
