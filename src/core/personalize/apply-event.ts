/**
 * Scores: the decay model, and a tracked event raising every score that has
 * a signal for it.
 *
 * A score stored as `{ value, at }` is worth `value × 0.5^((t − at) / halfLife)`
 * at time `t`, never more than its cap (100 unless declared). Exponential
 * rather than linear because it needs no floor or end date: a score halves
 * every half-life, whatever its size, so old engagement fades smoothly and
 * recent engagement dominates. Pure arithmetic on numbers passed in, so the
 * same events at the same times give the same score in Node and in every
 * browser.
 */
import type { RuleSet, Score } from "../types.js";
import { num, own } from "../../runtime/util.js";
import { parseDuration } from "./duration.js";
import { readPersonalState } from "./state.js";
import type { PersonalState, ScoreState } from "./types.js";

type S = Readonly<Score>;

/** The cap of `score`. */
export const capOf = (score: S): number => score.cap ?? 100;

/** The factor a value stored at `from` has decayed by at `to` (1 without a half-life, or when `to` is not later). */
export function decayFactor(score: S, from: number, to: number): number {
  const halfLife = score.halfLife && parseDuration(score.halfLife);
  return halfLife && to > from ? Math.pow(0.5, (to - from) / halfLife) : 1;
}

/** What `state` is worth at `at`: decayed, capped (0 when there is no state). */
export const valueAt = (score: S, state: ScoreState | undefined, at: number): number => (state ? Math.min(capOf(score), state.value * decayFactor(score, state.at, at)) : 0);

/**
 * The score after `points` from `signal` (an event name, or `when#INDEX`) at
 * `at`: the decayed value plus the points, capped, with the signal logged (the
 * last 10 are kept, for explanations).
 */
export function addPoints(score: S, state: ScoreState | undefined, points: number, at: number, signal: string): ScoreState {
  // A clock that went back must not make a stored score decay backwards (grow): keep the later time.
  const when = state && state.at > at ? state.at : at;
  return { value: Math.min(capOf(score), valueAt(score, state, when) + points), at: when, log: [...(state?.log ?? []), { signal, points, at }].slice(-10) };
}

/** `scores[name]` of a state (own keys only). */
export const scoreOf = (state: PersonalState, name: string): ScoreState | undefined => (own(state.scores, name) ? state.scores[name] : undefined);

/** applyEvent on the scores of a plan (src/core/read/read-personal.ts). */
export function applyTo(scores: RuleSet["scores"], state: PersonalState, event: string, at: number): PersonalState {
  if (typeof event !== "string" || !num(at)) return state;
  let next: PersonalState | undefined;
  for (const name of Object.keys(scores)) {
    const score = scores[name]!;
    for (const { event: e, points } of score.signals) if (e === event) (next ??= readPersonalState(state)).scores[name] = addPoints(score, scoreOf(next, name), points, at, event);
  }
  return next ?? state;
}

/**
 * Applies one tracked event to every score with a signal for it: each
 * matching signal adds its points to the decayed score, capped. Pure: `state`
 * is not changed; when no score has a signal for `event` (or `at` is not a
 * finite time) it is returned as it is, so a caller can tell nothing changed.
 *
 * @param at - when the event happened, in epoch milliseconds
 * @example
 * let state = emptyPersonalState();
 * state = applyEvent(ruleSet, state, "pricing_page_viewed", Date.parse("2026-03-02T10:00:00Z"));
 * state.scores.intent; // { value: 30, at: 1772445600000, log: [...] }
 */
export const applyEvent = (ruleSet: RuleSet, state: PersonalState, event: string, at: number): PersonalState => applyTo(ruleSet?.scores ?? {}, state, event, at);
