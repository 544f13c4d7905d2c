/**
 * A tracked event raises every score that has a signal for it.
 */
import type { RuleSet } from "../types.js";
import { addPoints } from "./score-value.js";
import { MAX_SCORE_LOG, readPersonalState } from "./state.js";
import type { PersonalState, ScoreLogEntry } from "./types.js";

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Applies one tracked event to every score with a signal for it: each
 * matching signal adds its points to the decayed score, capped (see
 * score-value.ts). Pure: `state` is not changed; when no score has a signal
 * for `event` (or `at` is not a finite time) it is returned as it is, so a
 * caller can tell nothing changed.
 *
 * @param at - when the event happened, in epoch milliseconds
 * @example
 * let state = emptyPersonalState();
 * state = applyEvent(ruleSet, state, "pricing_page_viewed", Date.parse("2026-03-02T10:00:00Z"));
 * state.scores.intent; // { value: 30, at: 1772445600000, log: [...] }
 */
export function applyEvent(ruleSet: RuleSet, state: PersonalState, event: string, at: number): PersonalState {
  if (typeof event !== "string" || typeof at !== "number" || !Number.isFinite(at)) return state;
  let next: PersonalState | undefined;
  const scores = ruleSet?.scores ?? {};
  for (const name of Object.keys(scores)) {
    const score = scores[name];
    if (score === undefined) continue;
    for (const signal of score.signals) {
      if (signal.event !== event) continue;
      next ??= readPersonalState(state);
      const before = hasOwn.call(next.scores, name) ? next.scores[name] : undefined;
      const after = addPoints(score, before, signal.points, at);
      const entry: ScoreLogEntry = { signal: event, points: signal.points, at };
      after.log = [...(before?.log ?? []), entry].slice(-MAX_SCORE_LOG);
      next.scores[name] = after;
    }
  }
  return next ?? state;
}
