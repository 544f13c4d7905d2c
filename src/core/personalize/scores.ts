/**
 * The `scores.NAME` facts at a decision: each persisted score decayed to
 * now, plus the condition signals that hold now and have not yet been
 * awarded (once per visit by default, or once ever).
 */
import type { ConditionTrace, RuleSet } from "../types.js";
import type { PersonalizationPlan } from "./plan.js";
import { addPoints, capOf, decayFactor, roundScore, valueAt } from "./score-value.js";
import { MAX_SCORE_LOG } from "./state.js";
import { isoTime } from "./time.js";
import type { ConditionSignalTrace, PersonalState, ScoreTrace } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/** The key of a condition signal in `PersonalState.awarded`. */
export function awardKey(score: string, index: number): string {
  return `${score}#${index}`;
}

/** Every score decayed to `now`, without awarding anything: what condition signals read as `scores.*`. */
export function currentScores(ruleSet: RuleSet, state: PersonalState, now: number): Record<string, number> {
  const facts: Record<string, number> = {};
  for (const name of Object.keys(ruleSet.scores)) {
    const score = ruleSet.scores[name];
    if (score !== undefined) facts[name] = roundScore(valueAt(score, hasOwn.call(state.scores, name) ? state.scores[name] : undefined, now));
  }
  return facts;
}

/**
 * Decides every score at `now`: awards the condition signals whose condition
 * holds (`conditions` are their traces, in plan order; `null` when they could
 * not be evaluated, then nothing is awarded), updating `state` in place.
 */
export function decideScores(
  ruleSet: RuleSet,
  plan: PersonalizationPlan,
  conditions: readonly ConditionTrace[] | null,
  state: PersonalState,
  now: number,
  visit: number,
): { facts: Record<string, number>; traces: ScoreTrace[] } {
  const facts: Record<string, number> = {};
  const traces: ScoreTrace[] = [];
  for (const name of Object.keys(ruleSet.scores)) {
    const score = ruleSet.scores[name];
    if (score === undefined) continue;
    const cap = capOf(score);
    const stored = hasOwn.call(state.scores, name) ? state.scores[name] : undefined;
    const factor = stored === undefined ? 1 : decayFactor(score, stored.at, now);
    let capped = stored !== undefined && stored.value * factor > cap;
    let current = stored;
    const signalTraces: ConditionSignalTrace[] = [];
    plan.signals.forEach((ref, position) => {
      if (ref.score !== name) return;
      const signal = score.signals[ref.index];
      if (signal === undefined) return;
      const once = signal.once ?? "visit";
      const key = awardKey(name, ref.index);
      const award = hasOwn.call(state.awarded, key) ? state.awarded[key] : undefined;
      const base = { signal: ref.index, points: signal.points, once };
      if (award !== undefined && (once === "ever" || award.visit === visit)) {
        signalTraces.push({ ...base, outcome: "already_awarded" });
        return;
      }
      const condition = conditions?.[position];
      if (condition === undefined) return;
      if (condition.kind === "skipped" || !condition.result) {
        signalTraces.push({ ...base, outcome: "not_matched", condition });
        return;
      }
      if (valueAt(score, current, now) + signal.points > cap) capped = true;
      const next = addPoints(score, current, signal.points, now);
      next.log = [...(current?.log ?? []), { signal: `when#${ref.index}`, points: signal.points, at: now }].slice(-MAX_SCORE_LOG);
      current = next;
      state.scores[name] = next;
      state.awarded[key] = { visit, at: now };
      signalTraces.push({ ...base, outcome: "awarded", condition });
    });
    const value = roundScore(valueAt(score, current, now));
    facts[name] = value;
    const trace: ScoreTrace = {
      score: name,
      cap,
      applied: (stored?.log ?? []).map((entry) => ({ signal: entry.signal, points: entry.points, at: isoTime(entry.at) })),
      decayFactor: factor,
      conditions: signalTraces,
      capped,
      value,
    };
    if (score.halfLife !== undefined) trace.halfLife = score.halfLife;
    if (stored !== undefined) trace.stored = { value: stored.value, at: isoTime(stored.at) };
    traces.push(trace);
  }
  return { facts, traces };
}
