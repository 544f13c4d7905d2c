/**
 * `recentEvents`: the last few events themselves, newest first, bounded by
 * count (MAX_RECENT_EVENTS) and by bytes of JSON (MAX_RECENT_BYTES). An event
 * that drops out of this list is still counted in its name's stats.
 */
import { MAX_RECENT_BYTES, MAX_RECENT_EVENTS } from "./limits.js";
import type { EventProps } from "./props.js";
import { utf8Length } from "./text.js";

/** One recent event, as stored (`at` in epoch milliseconds). */
export interface RecentEvent {
  name: string;
  at: number;
  props?: EventProps;
}

/** One recent event as the context shows it. */
export interface RecentEventFacts {
  name: string;
  at: string;
  props?: EventProps;
}

/** The list with each item's JSON size, so adding one event costs one size measurement. */
export interface RecentLog {
  items: RecentEvent[];
  sizes: number[];
}

/** A recent-events list from stored items (newest first), bounds applied. */
export function recentLog(items: readonly RecentEvent[] = []): RecentLog {
  const log: RecentLog = { items: [], sizes: [] };
  // Oldest first, so the bounds drop the oldest of a stored list that is too long.
  for (let i = Math.min(items.length, MAX_RECENT_EVENTS) - 1; i >= 0; i--) {
    const item = items[i];
    if (item) pushRecent(log, item);
  }
  return log;
}

/** Adds `event` as the newest, then drops the oldest until both bounds hold. Updates `log` in place. */
export function pushRecent(log: RecentLog, event: RecentEvent): void {
  log.items.unshift(event);
  log.sizes.unshift(sizeOf(event));
  let bytes = 2 + log.sizes.reduce((sum, size) => sum + size + 1, 0);
  while (log.items.length > 1 && (log.items.length > MAX_RECENT_EVENTS || bytes > MAX_RECENT_BYTES)) {
    log.items.pop();
    bytes -= (log.sizes.pop() ?? 0) + 1;
  }
  // A single event over the byte bound keeps its name and time, not its props.
  if (bytes > MAX_RECENT_BYTES && log.items[0]?.props) {
    const { props: _dropped, ...bare } = log.items[0];
    log.items[0] = bare;
    log.sizes[0] = sizeOf(bare);
  }
}

function sizeOf(event: RecentEvent): number {
  return utf8Length(JSON.stringify(event));
}

/** `recentEvents` as the context shows it. */
export function recentFacts(log: RecentLog): RecentEventFacts[] {
  return log.items.map((event) => {
    const facts: RecentEventFacts = { name: event.name, at: new Date(event.at).toISOString() };
    if (event.props) facts.props = { ...event.props };
    return facts;
  });
}
