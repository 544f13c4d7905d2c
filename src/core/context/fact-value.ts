/**
 * Host-given values made safe to keep: JSON-like data only, so the context
 * stays a plain object that can be stored, logged and compared.
 */
import { MAX_FACT_DEPTH } from "./limits.js";
import { isForbiddenKey, isPlainObject } from "./safe-keys.js";

/** A JSON-like value, as host facts are kept. */
export type FactValue = string | number | boolean | null | FactValue[] | { [key: string]: FactValue };
/** A JSON-like object. */
export type FactObject = { [key: string]: FactValue };

/**
 * A JSON-like copy of `value`, or `undefined` when nothing of it can be kept.
 * Dates become ISO 8601 texts; NaN, Infinity, functions, symbols, bigints,
 * class instances and anything nested deeper than MAX_FACT_DEPTH are
 * dropped, as are `__proto__` / `constructor` / `prototype` keys. The dotted
 * path of each dropped part is pushed onto `dropped`, for one report.
 */
export function cleanFactValue(value: unknown, path: string, dropped: string[], depth = 0): FactValue | undefined {
  if (typeof value === "string" || typeof value === "boolean" || value === null) return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : drop();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? drop() : value.toISOString();
  if (depth >= MAX_FACT_DEPTH) return drop();
  if (Array.isArray(value)) {
    const items: FactValue[] = [];
    value.forEach((item, index) => {
      const clean = cleanFactValue(item, `${path}.${index}`, dropped, depth + 1);
      if (clean !== undefined) items.push(clean);
    });
    return items;
  }
  if (isPlainObject(value)) return cleanFactObject(value, path, dropped, depth);
  return value === undefined ? undefined : drop();

  function drop(): undefined {
    dropped.push(path);
    return undefined;
  }
}

/** `cleanFactValue` for an object: the kept own keys, in order. */
export function cleanFactObject(value: Record<string, unknown>, path: string, dropped: string[], depth = 0): FactObject {
  const out: FactObject = {};
  for (const key of Object.keys(value)) {
    const at = path ? `${path}.${key}` : key;
    if (isForbiddenKey(key)) {
      dropped.push(at);
      continue;
    }
    const clean = cleanFactValue(value[key], at, dropped, depth + 1);
    if (clean !== undefined) out[key] = clean;
  }
  return out;
}
