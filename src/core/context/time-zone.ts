/** Time zone names from the browser, checked before they reach Intl. */

const valid = new Set<string>();

/**
 * `timeZone` itself when this runtime knows it, else `"UTC"` (Intl throws a
 * RangeError for unknown zones). The name is kept as given, not replaced by
 * Intl's resolved form: ICU still resolves `Asia/Kolkata` to the old
 * `Asia/Calcutta`, and a rule written for the name the browser reports must
 * keep matching.
 */
export function safeTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== "string" || timeZone === "" || timeZone.length > 64) return "UTC";
  if (valid.has(timeZone)) return timeZone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    return "UTC";
  }
  // A visitor has one zone; the bound only guards against a host passing many.
  if (valid.size < 64) valid.add(timeZone);
  return timeZone;
}
