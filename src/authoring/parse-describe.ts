/**
 * Looking at the copied rule file and putting what is there into words for
 * fault sentences: "the text 'Bangalore'", "the number 10", "a list".
 * Messages quote what the author wrote, so they can find it.
 */
import type { PathSegment } from "../core/faults.js";

/** Longest name or text quoted in a sentence before it is cut with "…". */
const QUOTE_LIMIT = 60;

/** `'name'`, cut to a readable length. */
export function quote(name: string): string {
  return `'${name.length > QUOTE_LIMIT ? `${name.slice(0, QUOTE_LIMIT - 1)}…` : name}'`;
}

/** A list of names for a hint: `'a', 'b' or 'c'`. */
export function quoteList(names: readonly string[], conjunction: "or" | "and" = "or"): string {
  const quoted = names.map(quote);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}

/**
 * A JSON object as a rule file holds one: not a list, not null, not a Date or
 * a Map. The tag test (rather than a prototype test) also accepts plain
 * objects made in another realm, such as an iframe.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.prototype.toString.call(value) === "[object Object]";
}

/** What a value is, for "…, but it is the number 10". */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case "string":
      return `the text ${quote(value)}`;
    case "number":
      return Number.isFinite(value) ? `the number ${value}` : `${value} (not a usable number)`;
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    case "bigint":
      return `the big integer ${value}`;
    case "symbol":
      // parse-copy.ts stands a described symbol in for values JSON cannot hold.
      return value.description ?? "a symbol";
    case "function":
      return "a function";
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (isPlainObject(value)) return "an object";
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return `a ${tag} object`;
}

/** Own-property test (Object.hasOwn is missing from Safari before 15.4). */
export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The value at `path` in `root`, or `undefined`. */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let at: unknown = root;
  for (const segment of path) {
    if (Array.isArray(at) && typeof segment === "number") at = at[segment];
    else if (isPlainObject(at) && typeof segment === "string" && hasOwn(at, segment)) at = at[segment];
    else return undefined;
  }
  return at;
}

