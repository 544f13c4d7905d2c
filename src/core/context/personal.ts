/**
 * What the personalization layer keeps per profile, as the context store sees
 * it: the core's `PersonalState` (scores, awarded condition signals, action
 * activations, lifecycle stage) plus the segments the visitor was last seen
 * in, so `segment` events fire on a real change and not at every page view.
 *
 * The store never interprets it (decay, caps and cooldowns are the core's);
 * it checks the shape, bounds it, copies it, and joins two of them when a
 * page view's memory meets the stored profile.
 */
import { MAX_SCORE_LOG } from "../personalize/state.js";
import type { ActionRecord, PersonalState, ScoreLogEntry, ScoreState } from "../personalize/types.js";
import { MAX_PERSONAL_ENTRIES, MAX_PERSONAL_KEY_LENGTH } from "./limits.js";
import { isForbiddenKey, isPlainObject } from "./safe-keys.js";

export type { PersonalState };

/** The personalization part of a profile. */
export interface PersonalRecord {
  state: PersonalState;
  /** The segments (audience names) the visitor was in at the last decision, in rule-file order. */
  segments: string[];
}

/** A profile with no personalization yet. */
export function emptyPersonalRecord(): PersonalRecord {
  return { state: { scores: {}, awarded: {}, actions: {} }, segments: [] };
}

/** The outcome of reading outside data as a personal record. */
export type ReadPersonal = { ok: true; value: PersonalRecord } | { ok: false; message: string };

/**
 * Checks `state` and `segments` (stored JSON, or what the runtime hands in)
 * and returns a bounded copy; `at` (the profile's place) starts the place in
 * messages.
 *
 * @example
 * readPersonal({ scores: { intent: { value: 40, at: 1767225600000 } }, awarded: {}, actions: {} }, ["engaged"], "profiles[0]");
 */
export function readPersonal(state: unknown, segments: unknown, at: string): ReadPersonal {
  try {
    return { ok: true, value: { state: readState(state, `${at}.personal`), segments: readSegments(segments, `${at}.segments`) } };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * `view` (gathered in memory before storage could be read) joined into
 * `stored`. Points are added, not replaced: each score's value is the sum at
 * the later of the two times. The store knows no half-life, so the older part
 * is not decayed up to that time, and no cap, so the next event or decision
 * brings the sum back under it. Awards, activations and the stage keep the
 * later of each.
 */
export function mergePersonal(stored: PersonalRecord, view: PersonalRecord): PersonalRecord {
  const scores = { ...stored.state.scores };
  for (const [name, score] of Object.entries(view.state.scores)) {
    const before = scores[name];
    if (!before) {
      scores[name] = { ...score };
      continue;
    }
    const merged: ScoreState = { value: before.value + score.value, at: Math.max(before.at, score.at) };
    const log = [...(before.log ?? []), ...(score.log ?? [])].sort((x, y) => x.at - y.at).slice(-MAX_SCORE_LOG);
    if (log.length > 0) merged.log = log;
    scores[name] = merged;
  }
  const awarded = { ...stored.state.awarded };
  for (const [key, award] of Object.entries(view.state.awarded)) {
    const before = awarded[key];
    if (!before || award.at >= before.at) awarded[key] = { ...award };
  }
  const actions = { ...stored.state.actions };
  for (const [name, record] of Object.entries(view.state.actions)) {
    const before = actions[name];
    if (!before || record.at >= before.at) actions[name] = { ...record };
  }
  const state: PersonalState = bound({ scores, awarded, actions });
  const lifecycle = latestStage(stored.state.lifecycle, view.state.lifecycle);
  if (lifecycle) state.lifecycle = lifecycle;
  // The view's segments were decided on this page, with the stored history not yet known: the stored ones are what the visitor was last seen in.
  return { state, segments: [...stored.segments] };
}

/** A copy that shares nothing with `record`. */
export function copyPersonal(record: PersonalRecord): PersonalRecord {
  return JSON.parse(JSON.stringify(record)) as PersonalRecord;
}

/** True when nothing has been recorded (so the stored profile can leave the field out). */
export function isEmptyPersonal(record: PersonalRecord): boolean {
  const { state, segments } = record;
  return (
    Object.keys(state.scores).length === 0 &&
    Object.keys(state.awarded).length === 0 &&
    Object.keys(state.actions).length === 0 &&
    state.lifecycle === undefined &&
    segments.length === 0
  );
}

/** Thrown inside the reader only, to stop at the first fault with its place. */
class Bad extends Error {}

function readState(value: unknown, at: string): PersonalState {
  const raw = object(value, at);
  const state: PersonalState = {
    scores: entries(raw.scores, `${at}.scores`, (item, where) => {
      const score = object(item, where);
      const read: ScoreState = { value: finite(score.value, `${where}.value`), at: time(score.at, `${where}.at`) };
      if (score.log !== undefined) read.log = readLog(score.log, `${where}.log`);
      return read;
    }),
    awarded: entries(raw.awarded, `${at}.awarded`, (item, where) => {
      const award = object(item, where);
      return { visit: count(award.visit, `${where}.visit`), at: time(award.at, `${where}.at`) };
    }),
    actions: entries(raw.actions, `${at}.actions`, readAction),
  };
  if (raw.lifecycle !== undefined) {
    const lifecycle = object(raw.lifecycle, `${at}.lifecycle`);
    state.lifecycle = { stage: name(lifecycle.stage, `${at}.lifecycle.stage`), since: time(lifecycle.since, `${at}.lifecycle.since`) };
  }
  return bound(state);
}

/**
 * When an action was chosen, and in which visit. Entries written before the
 * visit was recorded hold the time alone: they still read (as a record with
 * no visit), so no stored entry needed a migration.
 */
function readAction(value: unknown, at: string): ActionRecord {
  if (typeof value === "number") return { at: time(value, at) };
  const record = object(value, at);
  const read: ActionRecord = { at: time(record.at, `${at}.at`) };
  if (record.visit !== undefined) read.visit = count(record.visit, `${at}.visit`);
  return read;
}

/** The signals that made a score (for explanations): the last MAX_SCORE_LOG kept. */
function readLog(value: unknown, at: string): ScoreLogEntry[] {
  if (!Array.isArray(value)) throw new Bad(`${at} is not a list`);
  return value.slice(-MAX_SCORE_LOG).map((item, i) => {
    const where = `${at}[${i}]`;
    const entry = object(item, where);
    if (typeof entry.signal !== "string" || entry.signal.length > MAX_PERSONAL_KEY_LENGTH) throw new Bad(`${where}.signal is not a signal name`);
    return { signal: entry.signal, points: finite(entry.points, `${where}.points`), at: time(entry.at, `${where}.at`) };
  });
}

function readSegments(value: unknown, at: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Bad(`${at} is not a list`);
  return [...new Set(value.map((item, i) => name(item, `${at}[${i}]`)))].slice(0, MAX_PERSONAL_ENTRIES);
}

/** A record's entries checked one by one, as an object with an own key for each (never a prototype). */
function entries<T>(value: unknown, at: string, read: (item: unknown, where: string) => T): Record<string, T> {
  const raw = object(value, at);
  const result: Record<string, T> = {};
  for (const key of Object.keys(raw)) {
    const where = `${at}.${key}`;
    name(key, where);
    Object.defineProperty(result, key, { value: read(raw[key], where), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Each kind of entry within MAX_PERSONAL_ENTRIES, the most recent kept. */
function bound(state: PersonalState): PersonalState {
  const keep = <T>(record: Record<string, T>, when: (item: T) => number): Record<string, T> => {
    const list = Object.entries(record);
    if (list.length <= MAX_PERSONAL_ENTRIES) return record;
    return Object.fromEntries(list.sort((a, b) => when(b[1]) - when(a[1])).slice(0, MAX_PERSONAL_ENTRIES));
  };
  const bounded: PersonalState = {
    scores: keep(state.scores, (score) => score.at),
    awarded: keep(state.awarded, (award) => award.at),
    actions: keep(state.actions, (record) => record.at),
  };
  if (state.lifecycle) bounded.lifecycle = state.lifecycle;
  return bounded;
}

function latestStage(a: PersonalState["lifecycle"], b: PersonalState["lifecycle"]): PersonalState["lifecycle"] {
  if (!a) return b ? { ...b } : undefined;
  if (!b) return { ...a };
  return { ...(b.since >= a.since ? b : a) };
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new Bad(`${at} is not an object`);
  return value;
}

function name(value: unknown, at: string): string {
  if (typeof value !== "string" || value === "" || value.length > MAX_PERSONAL_KEY_LENGTH || isForbiddenKey(value)) {
    throw new Bad(`${at} is not a name of 1 to ${MAX_PERSONAL_KEY_LENGTH} characters`);
  }
  return value;
}

function finite(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Bad(`${at} is not a number`);
  return value;
}

function time(value: unknown, at: string): number {
  // Dates between 1970 and 2200, as everywhere in the stored entry.
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 7_258_118_400_000) throw new Bad(`${at} is not a time`);
  return value;
}

function count(value: unknown, at: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) throw new Bad(`${at} is not a whole number of at least 1`);
  return value;
}
