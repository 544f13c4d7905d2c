/**
 * The dotted fact path resolver: `"geo.city"` against `{ geo: { city: "Bangalore" } }`.
 *
 * json-rules-engine resolves a condition's `path` with jsonpath-plus, which
 * carries its own expression language; rule files are authored by people and
 * may be fetched from a URL, so Slotwise resolves paths with plain property
 * lookups instead and never hands a rule string to an evaluator.
 */
import { bad, own } from "../runtime/util.js";

/** A canonical array index: "0", "7", "12", never "01", "-1", "1.5" or "length". */
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;


/**
 * Reads the value at a dotted path, or `undefined` when any step is missing.
 *
 * Only own properties are read, so `"toString"` or `"user.constructor"` never
 * find something the visitor did not set; `__proto__`, `constructor` and
 * `prototype` segments (and empty ones) are refused outright. Arrays are
 * indexed by number (`"recentEvents.0.name"`); `length` and other array
 * members are not facts. Strings and other primitives have no keys.
 *
 * @example
 * resolveFactPath({ geo: { city: "Bangalore" } }, "geo.city"); // "Bangalore"
 * resolveFactPath({ geo: {} }, "geo.city.name"); // undefined
 */
export function resolveFactPath(context: unknown, path: string): unknown {
  return factReader(path)(context);
}

const missing = (): undefined => undefined;

/**
 * {@link resolveFactPath} for one path, split and checked once: a rule reads
 * the same paths on every decision.
 */
export function factReader(path: string): (context: unknown) => unknown {
  const keys = path.split(".");
  // Keys that could reach Object.prototype or a constructor are never followed.
  if (keys.some((key) => key === "" || bad(key))) return missing;
  const indexes = keys.map((key) => ARRAY_INDEX.test(key));
  return (context) => {
    let current: unknown = context;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (current === null || typeof current !== "object") return undefined;
      if (!indexes[i] && Array.isArray(current)) return undefined;
      if (!own(current as object, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
}
