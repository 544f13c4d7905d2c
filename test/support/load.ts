/**
 * Time limits for tests whose assertion is what they return, not how fast:
 * CPU-bound stress and property tests, and corpus runs in Chromium. On a
 * 2-core machine shared with other jobs (load 25–30, measured 2026-12-07)
 * they run 10–13× slower than alone (parse stress: 7 s alone, 91 s loaded),
 * past vitest's 20 s default. An exponential blow-up, what the stress tests
 * guard against, would not finish within this limit either.
 */
export const LOADED_MACHINE_TIMEOUT = 240_000;

/**
 * How long a browser test waits for a state it expects (a decision shown, a
 * panel drawn), where the assertion is the state, not how fast it came: a
 * few times what an idle machine needs (under a second), so a loaded one
 * passes too. A wait whose point is a deadline keeps its own figure.
 */
export const LOADED_MACHINE_WAIT = 15_000;
