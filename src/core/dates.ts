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
 * Calendar arithmetic is done here, not with `Date`, so years 0000–0099 are
 * not shifted into the 1900s and nothing depends on the runtime's time zone.
 */

/** The range of instants JavaScript dates can hold: ±100,000,000 days around 1970. */
export const MAX_EPOCH_MILLIS = 8.64e15;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

// Longer than any form above (with a generous fraction); a longer text is not a date.
const MAX_DATE_TEXT = 40;

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
  if (typeof value === "string") return parseIsoDate(value);
  return typeof value === "number" && Math.abs(value) <= MAX_EPOCH_MILLIS ? value : undefined;
}

/** Reads one of the ISO 8601 forms above; `undefined` for anything else, including impossible dates. */
export function parseIsoDate(text: string): number | undefined {
  const parts = text.length <= MAX_DATE_TEXT && ISO.exec(text);
  if (!parts) return undefined;
  const [, y, mo, d, h, mi, s = 0, fraction = "", offset] = parts;
  const day = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not move years 0000–0099 into the 1900s;
  // an impossible day rolls over into another month, so it is refused below.
  let millis = day.setUTCFullYear(+y!, +mo! - 1, +d!);
  if (day.getUTCMonth() !== +mo! - 1 || day.getUTCDate() !== +d!) return undefined;
  if (h === undefined) return millis;
  // A time without an offset would be read in the visitor's own zone: refused.
  if (!offset || +h > 23 || +mi! > 59 || +s > 59) return undefined;
  millis += ((+h * 60 + +mi!) * 60 + +s) * 1000 + +(fraction + "00").slice(0, 3);
  if (offset !== "Z") {
    const hours = +offset.slice(1, 3);
    const minutes = +offset.slice(4);
    if (hours > 23 || minutes > 59) return undefined;
    millis -= (offset[0] === "-" ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return millis;
}

/**
 * Why a text is not a date Slotwise reads, as the end of a sentence that
 * starts "the value '…'", and how to write it instead.
 *
 * @example
 * explainBadDate("12/01/2026");
 * // { problem: "is not written as year-month-day",
 * //   hint: "write it as '2026-12-01' (1 December 2026) or '2026-01-12' (12 January 2026)" }
 */
export function explainBadDate(text: string): { problem: string; hint: string } {
  const generic =
    "write a date as '2026-12-01' (midnight UTC), or a date and time with its offset as '2026-12-01T09:00:00+05:30'";
  if (text.length > MAX_DATE_TEXT) return { problem: "is too long to be a date", hint: generic };

  const trimmed = text.trim();
  if (trimmed !== text && parseIsoDate(trimmed) !== undefined) {
    return { problem: "has spaces around it", hint: `write '${trimmed}'` };
  }

  const upper = trimmed.toUpperCase().replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, "$1T$2");
  if (upper !== trimmed && parseIsoDate(upper) !== undefined) {
    return { problem: "is not written in the ISO form", hint: `write it as '${upper}'` };
  }

  const parts = ISO.exec(upper);
  if (parts !== null) {
    if (parts[4] !== undefined && parts[8] === undefined && parseIsoDate(`${upper}Z`) !== undefined) {
      return {
        problem: "has a time but no time zone",
        hint: `add 'Z' for UTC or the offset of the time zone you mean, e.g. '${upper}Z' or '${upper}+05:30'`,
      };
    }
    return { problem: "is not a real date or time", hint: generic };
  }

  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed);
  if (yearFirst !== null) {
    const iso = isoIfReal(Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3]));
    if (iso !== undefined) return { problem: "is not written as year-month-day", hint: `write it as '${iso}'` };
  }

  const yearLast = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(trimmed);
  if (yearLast !== null) {
    const first = Number(yearLast[1]);
    const second = Number(yearLast[2]);
    const year = Number(yearLast[3]);
    // 12/01/2026 is 1 December in the US and 12 January in most other places;
    // offer both readings rather than guess.
    const readings = [
      [first, second], // month first
      [second, first], // day first
    ]
      .map(([month, day]) => ({ iso: isoIfReal(year, month!, day!), month: month!, day: day! }))
      .filter((reading, index, all) => reading.iso !== undefined && all.findIndex((r) => r.iso === reading.iso) === index);
    if (readings.length > 0) {
      const hint = readings.map((r) => `'${r.iso}' (${r.day} ${MONTHS[r.month - 1]} ${year})`).join(" or ");
      return { problem: "is not written as year-month-day", hint: `write it as ${hint}` };
    }
  }

  return { problem: "is not a date Slotwise can read", hint: generic };
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function isoIfReal(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
