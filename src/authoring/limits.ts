/**
 * The caps of `parseRuleSet` and `slotwise check`, beyond the nesting and
 * value caps of core/parse-limits.ts: whatever the input, checking it takes
 * time linear in its size, and past a cap the answer is a fault with a
 * sentence, never a freeze. Real rule files stay far below every one.
 * README.md, "Errors and warnings", lists them.
 */

/** A rule file is at most this many bytes (UTF-8; as text, this many UTF-16 code units). */
export const MAX_RULES_BYTES = 16 * 1024 * 1024;

/** A rule file declares at most this many slots. */
export const MAX_SLOTS = 100_000;

/** A rule file declares at most this many audiences. */
export const MAX_AUDIENCES = 100_000;

/** A fact path has at most this many dotted segments (`geo.city` has 2): the runtime's own cap, so both faces draw the same line. */
export { MAX_FACT_KEYS as MAX_FACT_SEGMENTS } from "../core/parse-limits.js";

/**
 * A rule (or an audience) has at most this many conditions once the audiences
 * it uses are expanded, as the runtime caps it when it compiles a rule
 * (core/compile.ts, MAX_EXPANDED_CONDITIONS).
 */
export const MAX_EXPANDED_CONDITIONS = 5_000;
