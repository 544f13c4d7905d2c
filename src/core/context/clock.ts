/**
 * The store's clock: whole epoch milliseconds, never negative or NaN, so a
 * host clock that misbehaves cannot corrupt visit counting or stored times.
 */

/** `now` made safe: a value that is not a finite, non-negative number falls back to `Date.now()`. */
export function safeClock(now: (() => number) | undefined): () => number {
  return () => {
    const value = Math.floor(Number(now ? now() : Date.now()));
    return Number.isFinite(value) && value >= 0 ? value : Date.now();
  };
}
