/**
 * `events.*`: the per-name counts of one profile, bounded to MAX_EVENT_NAMES
 * names. When a new name would pass the bound, the name seen least recently
 * is dropped whole: the counts of the names kept stay exact, and a site that
 * tracks one name per product cannot grow storage without end.
 */
import { countEvent, eventFacts, mergeStats, type EventFacts, type EventStats } from "./event-stats.js";
import { MAX_EVENT_NAMES } from "./limits.js";

/** Counts one event named `name` (already checked) at `now`, local day `day`. Updates `events` in place; returns the dropped name, if any. */
export function recordEvent(events: Map<string, EventStats>, name: string, now: number, day: number): string | undefined {
  const dropped = events.has(name) ? undefined : makeRoom(events, MAX_EVENT_NAMES - 1);
  events.set(name, countEvent(events.get(name), now, day));
  return dropped;
}

/** The counts of both maps together, bounded like `recordEvent`. */
export function mergeEvents(a: ReadonlyMap<string, EventStats>, b: ReadonlyMap<string, EventStats>): Map<string, EventStats> {
  const merged = new Map(a);
  for (const [name, stats] of b) {
    const existing = merged.get(name);
    merged.set(name, existing ? mergeStats(existing, stats) : stats);
  }
  makeRoom(merged, MAX_EVENT_NAMES);
  return merged;
}

/** Drops least recently seen names until at most `keep` are left; returns the last dropped. */
function makeRoom(events: Map<string, EventStats>, keep: number): string | undefined {
  let dropped: string | undefined;
  while (events.size > keep) {
    let oldest: string | undefined;
    let oldestLast = Infinity;
    for (const [name, stats] of events) {
      if (stats.last < oldestLast) {
        oldest = name;
        oldestLast = stats.last;
      }
    }
    if (oldest === undefined) break;
    events.delete(oldest);
    dropped = oldest;
  }
  return dropped;
}

/** `events` as the context shows it: `{ NAME: { count, first, last, count1d, count7d, count30d } }`. */
export function eventsFacts(events: ReadonlyMap<string, EventStats>, today: number): Record<string, EventFacts> {
  const facts: Record<string, EventFacts> = {};
  // Names were checked on the way in (no `__proto__`), so plain assignment is safe.
  for (const [name, stats] of events) facts[name] = eventFacts(stats, today);
  return facts;
}
