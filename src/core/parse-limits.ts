/**
 * The limits of `parseRuleSet`, so that any input, however hostile, is checked
 * in bounded time and stack. Real rule files stay far below all of them.
 */

/** Objects and lists nest at most this deep anywhere in a rule file (the file itself is level 1). */
export const MAX_NESTING = 100;

/**
 * A condition nests `all` / `any` / `not` / `audience` at most this deep, the
 * levels inside the audiences it uses included (evaluation expands them).
 */
export const MAX_CONDITION_DEPTH = 32;

/** A rule set holds at most this many values (objects, lists, texts, numbers, …). */
export const MAX_VALUES = 1_000_000;

/** A fact path has at most this many keys (`geo.city` has 2): longer ones are TOO_DEEP. */
export const MAX_FACT_KEYS = 32;
