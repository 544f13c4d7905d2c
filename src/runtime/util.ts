/**
 * The runtime's tiny helpers, written once (preact's util.js): every runtime
 * file asks these questions through here.
 */

/** `obj` has its own property `key` (never one inherited from a prototype). */
export const own = (obj: object, key: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** A non-null object that is not an array. */
export const isObj = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** An error (or anything thrown) as text. */
export const msg = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A record without a prototype: an id such as "toString" finds nothing that was not put there. */
export const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
