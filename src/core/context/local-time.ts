/**
 * Wall-clock parts of an instant in a given time zone, through Intl (the
 * only portable way to apply a zone's rules, daylight saving included).
 */
import { safeTimeZone } from "./time-zone.js";

/** A wall-clock reading in one time zone. */
export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Creating a formatter costs far more than using one; track() needs one per call.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      weekday: "short",
    });
    if (formatters.size < 64) formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR = 15 * 60 * 1000;
let last: { zone: string; quarter: number; local: LocalTime } | undefined;

/**
 * The wall-clock date, hour and weekday of `ms` (epoch milliseconds) in
 * `timeZone` (UTC when invalid), or in the runtime's own zone when it is
 * `undefined`: the Date methods know that one, and need no Intl.
 */
export function localTime(ms: number, timeZone: string | undefined): LocalTime {
  if (timeZone === undefined) {
    const date = new Date(ms);
    return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), weekday: date.getDay() };
  }
  // Zone offsets and their changes fall on quarter hours, so every instant of
  // one UTC quarter hour has the same local date and hour: reuse the last
  // answer (Intl costs ~10 µs a call, and track() needs one per event).
  const zone = safeTimeZone(timeZone);
  const quarter = Math.floor(ms / QUARTER_HOUR);
  if (last && last.zone === zone && last.quarter === quarter) return { ...last.local };
  const local = computeLocalTime(ms, zone);
  last = { zone, quarter, local };
  return { ...local };
}

function computeLocalTime(ms: number, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(zone).formatToParts(ms)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    // Some engines still print midnight as "24" even with h23.
    hour: Number(parts.hour) % 24,
    weekday: Math.max(0, WEEKDAYS.indexOf(parts.weekday ?? "")),
  };
}

/** Days since 1970-01-01 of a local calendar date: the key of the daily event counts. */
export function dayNumber(local: LocalTime): number {
  return Math.floor(Date.UTC(local.year, local.month - 1, local.day) / 86_400_000);
}
