/** The caps of the `matches` engine (./compile.ts), apart so the script tags' stand-in (./lazy.ts) carries no engine. */

/** Longest pattern accepted, in characters (including a `(?i)` prefix). */
export const MAX_PATTERN_LENGTH = 200;

/** Longest text a pattern is tried on; a longer text never matches. */
export const MAX_INPUT_LENGTH = 10_000;

/**
 * Largest compiled program, in states. Counted repetitions are unrolled
 * (`a{3}` is three `a` states), so this is what stops `(a{500}){500}` from
 * building 250,000 states.
 */
export const MAX_PROGRAM_SIZE = 1_000;

/**
 * Most steps one test may take: program size × text length. The run is
 * linear in both, but `(.*a){200}` on 10,000 characters is still millions of
 * visits; past this budget the text is refused (never matches), as a text
 * over MAX_INPUT_LENGTH is.
 */
export const MAX_WORK = 1_000_000;

/** Largest count allowed in `{m}`, `{m,}` or `{m,n}`. */
export const MAX_REPEAT_COUNT = 500;
