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

/**
 * `patch` deep-merged into a copy of `before` when both are plain objects,
 * else a JSON-like copy of `patch` (`undefined` values left out); the dotted
 * path of each dropped part goes to `dropped`. `before` is not changed.
 */
export function mergeValue(before: unknown, patch: unknown, path: string, dropped: string[], depth = 1): FactValue | undefined {
  if (patch === undefined || patch === null || typeof patch === "string" || typeof patch === "boolean" || num(patch)) return patch;
  if (patch instanceof Date && !Number.isNaN(patch.getTime())) return patch.toISOString();
  const merge = isObj(before) && isObj(patch);
  if (merge || depth < MAX_FACT_DEPTH) {
    if (Array.isArray(patch)) {
      const out: FactValue[] = [];
      patch.forEach((item, i) => {
        const c = mergeValue(undefined, item, `${path}.${i}`, dropped, depth + 1);
        if (c !== undefined) out.push(c);
      });
      return out;
    }
    if (isObj(patch)) {
      const out: FactObject = merge ? { ...(before as FactObject) } : {};
      for (const k of Object.keys(patch)) {
        const at = path ? `${path}.${k}` : k;
        if (bad(k)) {
          dropped.push(at);
          continue;
        }
        const next = mergeValue(own(out, k) ? out[k] : undefined, patch[k], at, dropped, depth + 1);
        if (next === undefined) delete out[k];
        else out[k] = next;
      }
      return out;
    }
  }
  dropped.push(path);
  return undefined;
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
  if (!isObj(patch)) {
    if (patch != null) r.dropped.push("");
    return r;
  }
  for (const k of Object.keys(patch)) {
    if (RESERVED_FACTS.includes(k)) {
      r.reserved.push(k);
      continue;
    }
    if (bad(k)) {
      r.dropped.push(k);
      continue;
    }
    const was = own(r.facts, k) ? r.facts[k] : undefined;
    const next = mergeValue(was, patch[k], k, r.dropped);
    if (next === undefined) delete r.facts[k];
    else r.facts[k] = next;
    if (!same(was, next)) r.changed.push(k);
  }
  return r;
}

/** The dotted paths of `patch` whose value differs between `a` and `b` (the host facts before and after), at most `max`, else the top-level keys. */
export function patchPaths(patch: unknown, a: FactObject, b: FactObject, max = 50): string[] {
  const out: string[] = [];
  const walk = (p: unknown, x: unknown, y: unknown, path: string): void => {
    if (same(x, y)) return;
    if (isObj(p) && isObj(x) && isObj(y)) for (const k of Object.keys(p)) walk(p[k], own(x, k) ? x[k] : undefined, own(y, k) ? y[k] : undefined, `${path}.${k}`);
    else out.push(path);
  };
  const tops: string[] = [];
  if (isObj(patch))
    for (const k of Object.keys(patch)) {
      const n = out.length;
      walk(patch[k], own(a, k) ? a[k] : undefined, own(b, k) ? b[k] : undefined, k);
      if (out.length > n) tops.push(k);
    }
  return out.length > max ? Object.keys({ ...a, ...b }).filter((k) => tops.includes(k)) : out;
}
