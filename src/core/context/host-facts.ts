/**
 * Facts the host page gives: inline `<script data-slotwise-context>` JSON,
 * `set(facts)` and the traits of `identify()`. They live beside the computed
 * facts, never over them.
 *
 * - Any top-level key may be set (`geo`, `user`, `plan`, `abTest`, …) except
 *   the computed ones in RESERVED_FACTS, which are refused and reported.
 * - Merging is deep for plain objects (`set({ geo: { city } })` keeps
 *   `geo.country`); arrays and other values replace what was there; a key
 *   set to `undefined` is removed.
 * - Values are cleaned by cleanFactValue (JSON-like only).
 */
import { badInput, type ContextError } from "./errors.js";
import { cleanFactValue, type FactObject, type FactValue } from "./fact-value.js";
import { hasOwn, isForbiddenKey, isPlainObject } from "./safe-keys.js";

/** Top-level facts Slotwise computes itself; `set()` cannot replace them. */
export const RESERVED_FACTS: readonly string[] = [
  "page",
  "campaign",
  "firstTouch",
  "visitor",
  "device",
  "time",
  "events",
  "recentEvents",
];

/** The outcome of `mergeHostFacts`. */
export interface MergeResult {
  facts: FactObject;
  /** Top-level keys whose value changed. */
  changed: string[];
  /** Top-level keys refused because they are computed. */
  reserved: string[];
  /** Dotted paths of values that could not be kept. */
  dropped: string[];
}

/**
 * Deep-merges `patch` into a copy of `facts` (the host facts so far).
 *
 * @example
 * mergeHostFacts({ geo: { country: "IN" } }, { geo: { city: "Bangalore" } }).facts;
 * // { geo: { country: "IN", city: "Bangalore" } }
 */
export function mergeHostFacts(facts: FactObject, patch: unknown): MergeResult {
  const result: MergeResult = { facts: { ...facts }, changed: [], reserved: [], dropped: [] };
  if (!isPlainObject(patch)) {
    if (patch !== undefined && patch !== null) result.dropped.push("(facts must be an object)");
    return result;
  }
  for (const key of Object.keys(patch)) {
    if (isForbiddenKey(key)) {
      result.dropped.push(key);
      continue;
    }
    if (RESERVED_FACTS.includes(key)) {
      result.reserved.push(key);
      continue;
    }
    const before = hasOwn(result.facts, key) ? result.facts[key] : undefined;
    const after = mergeValue(before, patch[key], key, result.dropped);
    if (after === undefined) delete result.facts[key];
    else result.facts[key] = after;
    if (JSON.stringify(before) !== JSON.stringify(after)) result.changed.push(key);
  }
  return result;
}

/** Deep-merges one value: plain objects key by key, anything else replaces; `undefined` removes. */
export function mergeValue(before: FactValue | undefined, patch: unknown, path: string, dropped: string[], depth = 1): FactValue | undefined {
  if (patch === undefined) return undefined;
  if (!isPlainObject(patch) || !isPlainObject(before)) return cleanFactValue(patch, path, dropped, depth);
  const merged: FactObject = { ...before };
  for (const key of Object.keys(patch)) {
    const at = `${path}.${key}`;
    if (isForbiddenKey(key)) {
      dropped.push(at);
      continue;
    }
    const next = mergeValue(hasOwn(merged, key) ? merged[key] : undefined, patch[key], at, dropped, depth + 1);
    if (next === undefined) delete merged[key];
    else merged[key] = next;
  }
  return merged;
}

/**
 * `mergeHostFacts` for input from the host (`where`: "set()", "the initial
 * context"): refused keys and values left out are reported, and a patch
 * whose getters throw changes nothing.
 */
export function mergeHostInput(facts: FactObject, patch: unknown, where: string, report: (error: ContextError) => void): MergeResult {
  let result: MergeResult;
  try {
    result = mergeHostFacts(facts, patch);
  } catch (error) {
    report(badInput(`${where} could not be read and was ignored`, error));
    return { facts, changed: [], reserved: [], dropped: [] };
  }
  for (const key of result.reserved) {
    report(badInput(`'${key}' is computed by Slotwise and cannot be set by ${where}; it was ignored`));
  }
  if (result.dropped.length > 0) {
    report(badInput(`${where} had values that are not plain data and were left out: ${result.dropped.slice(0, 5).join(", ")}`));
  }
  return result;
}
