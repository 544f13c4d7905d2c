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
 * path of each dropped part goes to `dropped`. `before` is not changed.
 */
export function mergeValue(before: unknown, patch: unknown, path: string, dropped: string[], depth = 1): FactValue | undefined {
  if (patch == null || typeof patch === "string" || typeof patch === "boolean" || num(patch)) return patch as FactValue | undefined;
  if (patch instanceof Date && patch.getTime() === patch.getTime()) return patch.toISOString();
  const merge = isObj(before) && isObj(patch);
  if ((merge || depth < MAX_FACT_DEPTH) && (isObj(patch) || Array.isArray(patch))) {
    const list = Array.isArray(patch);
    const out: Record<string, FactValue> | FactValue[] = list ? [] : merge ? { ...(before as FactObject) } : {};
    for (const k of Object.keys(patch)) {
      const p = path ? `${path}.${k}` : k;
      if (bad(k)) {
        dropped.push(p);
        continue;
      }
      const next = mergeValue(list ? undefined : at(out, k), (patch as Record<string, unknown>)[k], p, dropped, depth + 1);
      if (list) next !== undefined && (out as FactValue[]).push(next);
      else if (next === undefined) delete (out as FactObject)[k];
      else (out as FactObject)[k] = next;
    }
    return out;
  }
  dropped.push(path);
}

/** A JSON-like copy of `v`. */
export const cleanFactValue = (v: unknown, path: string, dropped: string[], depth = 0): FactValue | undefined => mergeValue(undefined, v, path, dropped, depth);

/** The outcome of merging host facts. */
export interface MergeResult {
  facts: FactObject;
  /** Top-level keys whose value changed. */
  changed: string[];
  /** Computed facts refused. */
  reserved: string[];
  /** Dotted paths of values not kept. */
  dropped: string[];
}

/** `patch` merged into a copy of the host facts `facts`. Throws only when a getter of `patch` does. */
export function mergeHostFacts(facts: FactObject, patch: unknown): MergeResult {
  const r: MergeResult = { facts: { ...facts }, changed: [], reserved: [], dropped: [] };
  if (!isObj(patch)) return patch != null && r.dropped.push(""), r;
  for (const k of Object.keys(patch)) {
    if (RESERVED_FACTS.includes(k)) r.reserved.push(k);
    else if (bad(k)) r.dropped.push(k);
    else {
      const was = at(r.facts, k);
      const next = mergeValue(was, patch[k], k, r.dropped);
      if (next === undefined) delete r.facts[k];
      else r.facts[k] = next;
      if (!same(was, next)) r.changed.push(k);
    }
  }
  return r;
}

/** The dotted paths of `patch` whose value differs between `a` and `b` (the host facts before and after), at most `max`, else the top-level keys. */
export function patchPaths(patch: unknown, a: FactObject, b: FactObject, max = 50): string[] {
  const out: string[] = [];
  const tops: string[] = [];
  const walk = (p: unknown, x: unknown, y: unknown, path: string): void => {
    if (same(x, y)) return;
    if (isObj(p) && isObj(x) && isObj(y)) for (const k of Object.keys(p)) walk(p[k], at(x, k), at(y, k), `${path}.${k}`);
    else out.push(path);
  };
  if (isObj(patch))
    for (const k of Object.keys(patch)) {
      const n = out.length;
      walk(patch[k], at(a, k), at(b, k), k);
      if (out.length > n) tops.push(k);
    }
  return out.length > max ? Object.keys({ ...a, ...b }).filter((k) => tops.includes(k)) : out;
}
