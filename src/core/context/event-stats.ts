/**
 * Per-name behaviour counts: the exact total, first and last time, and daily
 * counts for the last DAILY_BUCKETS days. This is where old events are
 * "compacted": an event is counted here once, for good, so totals stay exact
 * however long ago it happened, while the list of individual events
 * (`recentEvents`) stays short.
 */
import { DAILY_BUCKETS, EVENT_WINDOWS } from "./limits.js";

/** The counts of one event name, as stored. */
export interface EventStats {
  count: number;
  /** Epoch milliseconds of the first and the latest occurrence. */
  first: number;
  last: number;
  /** The local day number (days since 1970-01-01 in the visitor's zone) of `daily[0]`. */
  day: number;
  /** `daily[i]` counts the events of day `day - i`; trailing zero days are left out. */
  daily: number[];
}

/** `events.NAME` as the context shows it. */
export interface EventFacts {
  count: number;
  first: string;
  last: string;
  /** Events today (the visitor's calendar day). */
  count1d: number;
  /** Events today and the 6 days before. */
  count7d: number;
  /** Events today and the 29 days before. */
  count30d: number;
}

/** Counts one event at `now` on local day `day`; returns the updated stats (a new object). */
export function countEvent(stats: EventStats | undefined, now: number, day: number): EventStats {
  if (!stats) return { count: 1, first: now, last: now, day, daily: [1] };
  const next: EventStats = {
    count: stats.count + 1,
    first: Math.min(stats.first, now),
    last: Math.max(stats.last, now),
    day: stats.day,
    daily: stats.daily.slice(0, DAILY_BUCKETS),
  };
  if (day > next.day) {
    // A new day: shift the older days back, forgetting those past the longest window.
    const shift = day - next.day;
    next.daily = shift >= DAILY_BUCKETS ? [] : [...new Array<number>(shift).fill(0), ...next.daily].slice(0, DAILY_BUCKETS);
    next.day = day;
  }
  // An earlier day than the newest (clock or time zone moved back) still lands in its own bucket.
  const index = next.day - day;
  if (index < DAILY_BUCKETS) {
    while (next.daily.length <= index) next.daily.push(0);
    next.daily[index] = (next.daily[index] ?? 0) + 1;
  }
  while (next.daily.length > 0 && next.daily[next.daily.length - 1] === 0) next.daily.pop();
  return next;
}

/** Events of the `days` calendar days ending with `today` (a local day number). */
export function countWithin(stats: EventStats, today: number, days: number): number {
  let total = 0;
  for (let i = 0; i < stats.daily.length; i++) {
    const day = stats.day - i;
    if (day <= today && today - day < days) total += stats.daily[i] ?? 0;
  }
  return total;
}

/** `events.NAME` for local day `today`. */
export function eventFacts(stats: EventStats, today: number): EventFacts {
  const [d1, d7, d30] = EVENT_WINDOWS;
  return {
    count: stats.count,
    first: new Date(stats.first).toISOString(),
    last: new Date(stats.last).toISOString(),
    count1d: countWithin(stats, today, d1),
    count7d: countWithin(stats, today, d7),
    count30d: countWithin(stats, today, d30),
  };
}

/** Both counts together, as if every event had been counted into one (used when a page view's profile joins the stored one). */
export function mergeStats(a: EventStats, b: EventStats): EventStats {
  const [newer, older] = a.day >= b.day ? [a, b] : [b, a];
  const daily = newer.daily.slice(0, DAILY_BUCKETS);
  const offset = newer.day - older.day;
  older.daily.forEach((count, i) => {
    const index = offset + i;
    if (index >= DAILY_BUCKETS) return;
    while (daily.length <= index) daily.push(0);
    daily[index] = (daily[index] ?? 0) + count;
  });
  while (daily.length > 0 && daily[daily.length - 1] === 0) daily.pop();
  return {
    count: a.count + b.count,
    first: Math.min(a.first, b.first),
    last: Math.max(a.last, b.last),
    day: newer.day,
    daily,
  };
}
