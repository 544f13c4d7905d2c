/**
 * Times in the personalization layer are epoch milliseconds, passed in (no
 * clock is read here), and shown as ISO text in facts and traces.
 */

// The range a Date can hold; beyond it toISOString throws.
const MAX_DATE_MS = 8.64e15;

/** `ms` as ISO text, or its number as text when no Date can hold it (never throws). */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
}

/** A usable time: `value` when it is a finite number, else `fallback`. */
export function timeOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
