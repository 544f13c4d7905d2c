/**
 * Why a text is not a date the `before` / `after` operators read
 * (src/core/dates.ts), in words, with how to write it instead.
 */
import { parseIsoDate } from "../core/dates.js";

/** The forms src/core/dates.ts reads, with a time's zone optional (to name it when it is missing). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

// Longer than any form above (with a generous fraction); a longer text is not a date.
const MAX_DATE_TEXT = 40;

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
