/** How long a page waits for the rules (and a geo adapter) before the first decision. */

/** The longest a page can be asked to wait for remote rules. */
const MAX_TIMEOUT_MS = 10_000;
const DEFAULT_TIMEOUT_MS = 1000;

/** The `timeout` option as milliseconds: the default for anything unusable, never more than MAX_TIMEOUT_MS. */
export function clampTimeout(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(n, MAX_TIMEOUT_MS) : DEFAULT_TIMEOUT_MS;
}

/** What is left of `timeoutMs` counted from `timeoutFrom` (the script tag: navigation start), or all of it. */
export function timeLeft(timeoutMs: number, timeoutFrom: unknown): number {
  const since = typeof timeoutFrom === "number" && typeof performance === "object" ? performance.now() - timeoutFrom : 0;
  return Math.max(0, timeoutMs - (since > 0 ? since : 0));
}
