/**
 * Dates for the `before` and `after` operators, read strictly.
 *
 * `Date.parse` accepts almost anything and reads it differently per runtime
 * (`12/01/2026` is December in one place, January in another, and
 * `2026-12-01T09:00` is local time on the visitor's clock). A rule must mean
 * the same for every visitor, so only three forms are read:
 *
 * - a date, `2026-12-01`: midnight UTC at the start of that day;
 * - a date and time with its offset, `2026-12-01T09:00:00+05:30` or
 *   `2026-12-01T03:30:00.000Z` (seconds and fractions optional; fractions
 *   beyond milliseconds are cut off);
 * - a number of milliseconds since 1970-01-01T00:00:00Z (what `Date.now()` gives).
 *
 * The day is checked here (every engine rolls 2026-02-30 over into March, or
 * not), with `setUTCFullYear`, which unlike `Date.UTC` does not move years
 * 0000–0099 into the 1900s; the time of day and its offset, once the pattern
 * has checked every field, are the ECMAScript date-time form that every
 * engine reads alike (the fraction written with exactly three digits).
 */

/** The range of instants JavaScript dates can hold: ±100,000,000 days around 1970. */
export const MAX_EPOCH_MILLIS = 8.64e15;

const ISO = /^(\d{4})-(\d\d)-(\d\d)(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$/;

/**
 * The instant a fact or value stands for, in epoch milliseconds, or
 * `undefined` when it is not a date Slotwise reads. Also takes a valid `Date`
 * object, which a host app may put into the context.
 *
 * @example
 * toEpochMillis("2026-12-01"); // 1796083200000
 * toEpochMillis("2026-12-01T09:00:00+05:30"); // 1796095800000
 * toEpochMillis("12/01/2026"); // undefined
 */
export function toEpochMillis(value: unknown): number | undefined {
  if (value instanceof Date) value = value.getTime();
  return typeof value === "string" ? parseIsoDate(value) : typeof value === "number" && Math.abs(value) <= MAX_EPOCH_MILLIS ? value : undefined;
}

/** Reads one of the ISO 8601 forms above; `undefined` for anything else, including impossible dates. */
export function parseIsoDate(text: string): number | undefined {
  // A longer text (a generous fraction included) is not a date.
  const parts = text.length <= 40 && ISO.exec(text);
  if (!parts) return undefined;
  const [, y, mo, d, time] = parts;
  const day = new Date(0);
  const millis = day.setUTCFullYear(+y!, +mo! - 1, +d!);
  // An impossible day rolls over into another month: refused.
  if (day.getUTCMonth() !== +mo! - 1 || day.getUTCDate() !== +d!) return undefined;
  return time ? millis + Date.parse(`1970-01-01${time.replace(/\.\d+/, (fraction) => `${fraction}00`.slice(0, 4))}`) : millis;
}
