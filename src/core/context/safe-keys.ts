/**
 * Small guards used wherever outside data (URLs, stored JSON, host facts,
 * event props) becomes keys of our objects.
 */

const FORBIDDEN: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Keys that could reach or replace Object.prototype. Assigning `obj["__proto__"]`
 * swaps an object's prototype, and reading `obj.constructor` finds a function
 * nobody set, so such keys are dropped wherever outside data becomes keys.
 */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN.has(key);
}

const hasOwnProperty = Object.prototype.hasOwnProperty;

/** Own property test that works on null-prototype objects too. */
export function hasOwn(object: object, key: string): boolean {
  return hasOwnProperty.call(object, key);
}

/** A `{...}` object: plain or null-prototype, not an array, Date, Map or class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
