/**
 * Which facts changed, as dotted paths, so the runtime re-decides only the
 * slots that read them: it matches a changed path against a path a rule reads
 * when either is a prefix of the other (src/core/slot-deps.ts).
 *
 * - Each branch is reported by the deepest path that changed:
 *   `{ offers: { s7: "a", s8: "b" } }` → `{ offers: { s7: "x", s8: "b" } }`
 *   gives `["offers.s7"]`. A key added or removed is reported by its own path.
 * - Arrays are compared whole and named by their own path: their items shift
 *   (`recentEvents` gains one at the front), so item paths say no more.
 * - Values are JSON-like, as facts are; a key set to `undefined` counts as
 *   absent.
 * - Past `limit` paths the changed top-level keys are reported instead.
 *
 * Joining keys with dots stays safe for keys that contain a dot: the fact
 * resolver splits rule paths on dots, so a rule can only read through keys
 * without one, and those are prefixes of the joined path either way.
 */
import { MAX_CHANGED_PATHS } from "./limits.js";
import { hasOwn, isPlainObject } from "./safe-keys.js";

type Facts = Readonly<Record<string, unknown>>;

/**
 * The dotted paths whose values differ between `before` and `after`.
 *
 * @example
 * changedPaths({ geo: { country: "IN", city: "Pune" } }, { geo: { country: "IN", city: "Goa" } }); // ["geo.city"]
 */
export function changedPaths(before: Facts, after: Facts, limit = MAX_CHANGED_PATHS): string[] {
  const paths: string[] = [];
  const topLevel: string[] = [];
  for (const key of keysOf(before, after)) {
    const a = own(before, key);
    const b = own(after, key);
    if (paths.length > limit) {
      // Over the limit: only which top-level facts changed still matters.
      if (!sameFact(a, b)) topLevel.push(key);
      continue;
    }
    const found = paths.length;
    collect(a, b, key, paths, limit);
    if (paths.length > found) topLevel.push(key);
  }
  return paths.length > limit ? topLevel : paths;
}

/** True when two JSON-like values are equal all the way down. */
export function sameFact(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => sameFact(item, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  return keysOf(a, b).every((key) => sameFact(own(a, key), own(b, key)));
}

function collect(a: unknown, b: unknown, path: string, into: string[], limit: number): void {
  // Identical references: untouched branches of a merge cost nothing to compare.
  if (a === b || into.length > limit) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of keysOf(a, b)) collect(own(a, key), own(b, key), `${path}.${key}`, into, limit);
    return;
  }
  if (!sameFact(a, b)) into.push(path);
}

function keysOf(a: Facts, b: Facts): string[] {
  const keys = Object.keys(a);
  for (const key of Object.keys(b)) if (!hasOwn(a, key)) keys.push(key);
  return keys;
}

/** Own values only: a fact named `toString` must not find Object.prototype's. */
function own(facts: Facts, key: string): unknown {
  return hasOwn(facts, key) ? facts[key] : undefined;
}
