/**
 * The persisted personalization state: an empty one, and a sound copy of
 * whatever a store hands back (it may come from an older build, or from a
 * visitor who edited their localStorage).
 */
import type { PersonalState, ScoreLogEntry, ScoreState } from "./types.js";

/** Signals kept per score for explanations; enough to show how a score was reached. */
export const MAX_SCORE_LOG = 10;

const hasOwn = Object.prototype.hasOwnProperty;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A state with no scores, awards, activations or stage: a visitor never seen.
 *
 * @example
 * const state = applyEvent(ruleSet, emptyPersonalState(), "pricing_page_viewed", Date.now());
 */
export function emptyPersonalState(): PersonalState {
  return { scores: {}, awarded: {}, actions: {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

// Own enumerable keys that are safe as keys of a plain object.
function entries(value: unknown): [string, unknown][] {
  if (!isRecord(value)) return [];
  const out: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN.has(key) && hasOwn.call(value, key)) out.push([key, value[key]]);
  }
  return out;
}

function readLog(value: unknown): ScoreLogEntry[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const log: ScoreLogEntry[] = [];
  for (const item of value.slice(-MAX_SCORE_LOG)) {
    if (isRecord(item) && typeof item["signal"] === "string" && isTime(item["points"]) && isTime(item["at"])) {
      log.push({ signal: item["signal"], points: item["points"], at: item["at"] });
    }
  }
  return log;
}

/**
 * A sound copy of `value` as a state: entries of the wrong shape are dropped,
 * never trusted. Never throws (getters that throw count as nothing).
 */
export function readPersonalState(value: unknown): PersonalState {
  const state = emptyPersonalState();
  try {
    if (!isRecord(value)) return state;
    for (const [name, score] of entries(value["scores"])) {
      if (!isRecord(score) || !isTime(score["value"]) || !isTime(score["at"]) || score["value"] < 0) continue;
      const copy: ScoreState = { value: score["value"], at: score["at"] };
      const log = readLog(score["log"]);
      if (log !== undefined) copy.log = log;
      state.scores[name] = copy;
    }
    for (const [key, award] of entries(value["awarded"])) {
      if (isRecord(award) && isTime(award["visit"]) && isTime(award["at"])) state.awarded[key] = { visit: award["visit"], at: award["at"] };
    }
    for (const [action, record] of entries(value["actions"])) {
      // A bare time is how states were written before the visit was recorded: still read.
      if (isTime(record)) state.actions[action] = { at: record };
      else if (isRecord(record) && isTime(record["at"])) {
        state.actions[action] = isTime(record["visit"]) ? { at: record["at"], visit: record["visit"] } : { at: record["at"] };
      }
    }
    const lifecycle = value["lifecycle"];
    if (isRecord(lifecycle) && typeof lifecycle["stage"] === "string" && isTime(lifecycle["since"])) {
      state.lifecycle = { stage: lifecycle["stage"], since: lifecycle["since"] };
    }
  } catch {
    return emptyPersonalState();
  }
  return state;
}

/** What the personalization layer keeps in the visitor document (opaque to the store): the state and the segments of the last decision. */
export interface PersonalRecord {
  state: PersonalState;
  segments: string[];
}

/** The stored value read leniently: `{ ...state, segments }` (the layout `personalValue` writes). */
export function readPersonalRecord(value: unknown): PersonalRecord {
  const segments = isRecord(value) && Array.isArray(value["segments"]) ? value["segments"].filter((s): s is string => typeof s === "string") : [];
  return { state: readPersonalState(value), segments };
}

/** The value the store keeps for `record`. */
export function personalValue(record: PersonalRecord): unknown {
  return { ...record.state, segments: record.segments };
}
