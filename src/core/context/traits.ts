/**
 * The traits `identify()` is given, cleaned to plain data before anything
 * changes: a getter that throws must leave the store as it was.
 */
import { badInput, type ContextError } from "./errors.js";
import { cleanFactObject, type FactObject } from "./fact-value.js";
import { isPlainObject } from "./safe-keys.js";

/** `traits` as plain data; `undefined` when absent, or (reported) when not an object. Parts that are not plain data are left out and reported. */
export function cleanTraits(traits: unknown, report: (error: ContextError) => void): FactObject | undefined {
  if (traits === undefined) return undefined;
  if (!isPlainObject(traits)) {
    report(badInput("identify() traits must be an object; they were ignored"));
    return undefined;
  }
  const dropped: string[] = [];
  const clean = cleanFactObject(traits, "user", dropped);
  if (dropped.length > 0) {
    report(badInput(`identify() traits had values that are not plain data and were left out: ${dropped.slice(0, 5).join(", ")}`));
  }
  return clean;
}
