/**
 * Facts the host gives (inline JSON, `set()`, `identify()` traits): JSON-like
 * data only, at most 8 levels deep, no `__proto__`/`constructor`/`prototype`
 * keys, Dates as ISO texts. Plain objects merge key by key, anything else
 * replaces, `undefined` removes. The computed facts cannot be set.
 */
import { bad, isObj, num, own, same } from "./util.js";

export type FactValue = string | number | boolean | null | FactValue[] | { [key: string]: FactValue };
export type FactObject = { [key: string]: FactValue };

export const RESERVED_FACTS: readonly string[] = ["page", "campaign", "firstTouch", "visitor", "device", "time", "events", "recentEvents"];
export const MAX_FACT_DEPTH = 8;

const at = (o: unknown, k: string): unknown => (isObj(o) && own(o, k) ? o[k] : undefined);

/**
 * `patch` deep-merged into a copy of `before` when both are plain objects,
 * else a JSON-like copy of `patch` (`undefined` values left out); the dotted
 * path of each dropped part goes to `dropped`, and with `paths` the path of
 * each value that changed (the deepest merged key; lists compare whole).
 * `before` is not changed.
 */
export function mergeValue(before: unknown, patch: unknown, path: string, dropped: string[], depth = 1, paths?: string[]): FactValue | undefined {
  const merge = isObj(before) && isObj(patch);
  let out: FactValue | undefined;
  if (patch == null || typeof patch === "string" || typeof patch === "boolean" || num(patch)) out = patch as FactValue | undefined;
  else if (patch instanceof Date && patch.getTime() === patch.getTime()) out = patch.toISOString();
  else if ((merge || depth < MAX_FACT_DEPTH) && (isObj(patch) || Array.isArray(patch))) {
    const list = Array.isArray(patch);
    const o: Record<string, FactValue> | FactValue[] = list ? [] : merge ? { ...(before as FactObject) } : {};
    for (const k of Object.keys(patch)) {
      const p = path ? `${path}.${k}` : k;
      if (bad(k)) {
        dropped.push(p);
        continue;
      }
      const next = mergeValue(list ? undefined : at(o, k), (patch as Record<string, unknown>)[k], p, dropped, depth + 1, merge ? paths : undefined);
      if (list) next !== undefined && (o as FactValue[]).push(next);
      else if (next === undefined) delete (o as FactObject)[k];
      else (o as FactObject)[k] = next;
    }
    out = o;
  } else dropped.push(path);
  if (paths && !merge && !same(before, out)) paths.push(path);
  return out;
}

/** A JSON-like copy of `v`. */
export const cleanFactValue = (v: unknown, path: string, dropped: string[], depth = 0): FactValue | undefined => mergeValue(undefined, v, path, dropped, depth);

/** The outcome of merging host facts. */
export interface MergeResult {
  facts: FactObject;
  /** Top-level keys whose value changed. */
  changed: string[];
  /** The dotted paths that changed (at most `max`, else the top-level keys). */
  paths: string[];
  /** Computed facts refused. */
  reserved: string[];
  /** Dotted paths of values not kept. */
  dropped: string[];
}

/** `patch` merged into a copy of the host facts `facts`. Throws only when a getter of `patch` does. */
export function mergeHostFacts(facts: FactObject, patch: unknown, max = 50): MergeResult {
  const r: MergeResult = { facts: { ...facts }, changed: [], paths: [], reserved: [], dropped: [] };
  if (!isObj(patch)) return patch != null && r.dropped.push(""), r;
  for (const k of Object.keys(patch)) {
    if (RESERVED_FACTS.includes(k)) r.reserved.push(k);
    else if (bad(k)) r.dropped.push(k);
    else {
      const was = at(r.facts, k);
      const next = mergeValue(was, patch[k], k, r.dropped, 1, r.paths);
      if (next === undefined) delete r.facts[k];
      else r.facts[k] = next;
      if (!same(was, next)) r.changed.push(k);
    }
  }
  if (r.paths.length > max) r.paths = Object.keys({ ...facts, ...r.facts }).filter((k) => r.changed.includes(k));
  return r;
}
