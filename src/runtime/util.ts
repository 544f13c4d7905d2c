/** Tiny helpers shared by the runtime: one per question. */

/** Own property test (works on null-prototype objects too). */
export const own = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** A plain `{...}` object: not null, not an array, not a Date/Map/class instance. */
export function isObj(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const p: unknown = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** An error as text. */
export const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Keys that could reach Object.prototype when outside data becomes keys. */
export const bad = (k: string): boolean => k === "__proto__" || k === "constructor" || k === "prototype";

/** A finite number. */
export const num = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** `t` cut to `max` UTF-16 units without splitting a surrogate pair. */
export function cut(t: string, max: number): string {
  if (t.length <= max) return t;
  const c = t.charCodeAt(max - 1);
  return t.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}

/** UTF-8 byte length of `t`. */
export function utf8Length(t: string): number {
  let n = t.length;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length && (t.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2;
      i++;
    } else if (c >= 0x80) n += c < 0x800 ? 1 : 2;
  }
  return n;
}

/** A JSON copy. */
export const copy = <T>(x: T): T => (x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T));

/** An epoch-ms time as ISO 8601. */
export const iso = (t: number): string => new Date(t).toISOString();

/** A record without a prototype: an id such as "toString" finds nothing that was not put there. */
export const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** A set from a space-separated list (fewer bytes than an array literal). */
export const words = (list: string): ReadonlySet<string> => new Set(list.split(" "));

/** Resolves with `undefined` after `ms` (for racing a promise against a deadline). */
export const after = (ms: number): Promise<undefined> => new Promise((resolve) => setTimeout(resolve, ms));

/** JSON text of `x`. */
export const json = (x: unknown): string => JSON.stringify(x);

/** Whether two values have the same JSON text. */
export const same = (a: unknown, b: unknown): boolean => json(a) === json(b);

/** `f()`, or `undefined` when it throws (a browser property or storage that refuses). */
export const attempt = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch {
    return undefined;
  }
};
