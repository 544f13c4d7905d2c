/**
 * The decay model of scores: exponential, by half-life. A score stored as
 * `{ value, at }` is worth `value × 0.5^((t − at) / halfLife)` at time `t`,
 * never more than its cap. Exponential rather than linear because it needs
 * no floor or end date: a score halves every half-life, whatever its size,
 * so old engagement fades smoothly and recent engagement dominates.
 *
 * Pure arithmetic on numbers passed in, so the same events at the same times
 * give the same score in Node and in every browser.
 */
import type { Score } from "../types.js";
import { parseDuration } from "./duration.js";
import type { ScoreState } from "./types.js";

/** The cap of a score that declares none. */
export const DEFAULT_CAP = 100;

/** The cap of `score`. */
export function capOf(score: Readonly<Score>): number {
  return score.cap ?? DEFAULT_CAP;
}

/** The factor a value stored at `from` has decayed by at `to` (1 without a half-life, or when `to` is not later). */
export function decayFactor(score: Readonly<Score>, from: number, to: number): number {
  const halfLife = score.halfLife === undefined ? undefined : parseDuration(score.halfLife);
  if (halfLife === undefined || !(to > from)) return 1;
  return Math.pow(0.5, (to - from) / halfLife);
}

/** What `state` is worth at `at`: decayed, capped (0 when there is no state). */
export function valueAt(score: Readonly<Score>, state: ScoreState | undefined, at: number): number {
  if (state === undefined) return 0;
  return Math.min(capOf(score), state.value * decayFactor(score, state.at, at));
}

/**
 * The score after a signal of `points` at `at`: the decayed value plus the
 * points, capped, stored at `at`.
 */
export function addPoints(score: Readonly<Score>, state: ScoreState | undefined, points: number, at: number): ScoreState {
  // A clock that went back must not make a stored score decay backwards (grow): keep the later time.
  const when = state !== undefined && state.at > at ? state.at : at;
  return { value: Math.min(capOf(score), valueAt(score, state, when) + points), at: when };
}

/** A score as a fact: 2 decimals, so tiny float differences never change a decision. */
export function roundScore(value: number): number {
  return Math.round(value * 100) / 100;
}
