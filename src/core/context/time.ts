/**
 * `time.*`: the clock in the visitor's time zone, for scheduled offers
 * ("weekdays 9-17 in the visitor's own time", "until 2026-12-01").
 */
import { localTime } from "./local-time.js";

/** `time.weekday`. */
export type Weekday = "sunday" | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday";

const WEEKDAY_NAMES: readonly Weekday[] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The `time` part of the context. */
export interface TimeFacts {
  /** The instant as ISO 8601 in UTC (`2026-03-14T09:30:00.000Z`), comparable with `before` / `after`. */
  now: string;
  /** The hour on the visitor's clock, 0-23. */
  hour: number;
  /** The day of the week on the visitor's clock, lower-case English (`monday`). */
  weekday: Weekday;
  /** The date on the visitor's clock, `YYYY-MM-DD`. */
  date: string;
}

/**
 * Time facts for `now` (epoch milliseconds) in `timeZone` (an IANA name; UTC
 * when invalid; the runtime's own zone when `undefined`).
 *
 * @example
 * timeFacts(Date.UTC(2026, 2, 14, 20, 0), "Asia/Kolkata");
 * // { now: "2026-03-14T20:00:00.000Z", hour: 1, weekday: "sunday", date: "2026-03-15" }
 */
export function timeFacts(now: number, timeZone: string | undefined): TimeFacts {
  const local = localTime(now, timeZone);
  return {
    now: new Date(now).toISOString(),
    hour: local.hour,
    weekday: WEEKDAY_NAMES[local.weekday] ?? "sunday",
    date: `${String(local.year).padStart(4, "0")}-${pad(local.month)}-${pad(local.day)}`,
  };
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
