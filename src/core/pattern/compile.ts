/**
 * The regular expressions of the `matches` operator, run by a small engine of
 * our own instead of JavaScript's RegExp.
 *
 * Why: RegExp backtracks, so a marketer's `(a+)+$` meeting a long URL can
 * freeze the visitor's tab for minutes. Here a pattern is read into a program
 * run without backtracking (program.ts), in time O(program size × input
 * length), and both are capped (MAX_PROGRAM_SIZE, MAX_INPUT_LENGTH).
 *
 * The price is a subset of the syntax: no backreferences and no lookaround
 * (they need backtracking), no flags but `(?i)` at the very start. Within the
 * subset the answer is the one `new RegExp(pattern).test(text)` gives (or
 * `new RegExp(pattern, "i")` for `(?i)`): each single character is tested by
 * RegExp itself (parse.ts).
 */
import { type Atom, type Fault, parse } from "./parse.js";
import { run, toProgram } from "./program.js";

export type { Fault as PatternFault } from "./parse.js";
export { MAX_REPEAT_COUNT } from "./parse.js";

/** Longest pattern accepted, in characters (including a `(?i)` prefix). */
export const MAX_PATTERN_LENGTH = 200;

/** Longest text a pattern is tried on; a longer text never matches. */
export const MAX_INPUT_LENGTH = 10_000;

/**
 * Largest compiled program. Counted repetitions are unrolled (`a{3}` is three
 * `a` steps), so this is what stops `(a{500}){500}` from building 250,000
 * states. With MAX_INPUT_LENGTH it bounds one test to 10 million state visits.
 */
export const MAX_PROGRAM_SIZE = 1_000;

/**
 * Most steps one test may take: program size × text length. The Pike VM is
 * linear in both, but `(.*a){200}` (800 steps) on 10,000 characters is still 8
 * million visits; past this budget the text is refused (never matches), as a
 * text over MAX_INPUT_LENGTH is.
 */
export const MAX_WORK = 1_000_000;

/** A compiled pattern. */
export interface SafeRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like RegExp.test); false for texts over MAX_INPUT_LENGTH or MAX_WORK. */
  test(text: string): boolean;
}

/** A compiled pattern, or why it cannot be used (put in words by src/authoring/pattern-words.ts). */
export type PatternResult = { ok: true; regex: SafeRegex } | { ok: false; fault: Fault };

// Rules reuse a handful of patterns on every evaluation; compiling once each
// keeps `matches` cheap. Bounded and evicting oldest-first so a stream of
// distinct patterns cannot grow memory.
const CACHE_LIMIT = 256;
const cache = new Map<string, PatternResult>();

/**
 * Compiles a pattern of the supported subset (cached).
 *
 * @example
 * const result = compilePattern("(?i)^/blog/");
 * if (result.ok) result.regex.test("/Blog/spring"); // true
 */
export function compilePattern(source: string): PatternResult {
  // Not cached: the check is cheap and long strings should not be kept.
  if (source.length > MAX_PATTERN_LENGTH) return { ok: false, fault: ["tooLong", source.length] };
  const result = cache.get(source) || compileUncached(source);
  cache.delete(source);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, result);
  return result;
}

function compileUncached(source: string): PatternResult {
  const ignoreCase = source.startsWith("(?i)");
  const atoms: Atom[] = [];
  try {
    const program = toProgram(parse(ignoreCase ? source.slice(4) : source, atoms, ignoreCase), atoms, MAX_PROGRAM_SIZE);
    const fits = (text: string) => text.length <= MAX_INPUT_LENGTH && text.length * program.op.length <= MAX_WORK;
    return { ok: true, regex: { source, test: (text) => fits(text) && run(program, text) } };
  } catch (fault) {
    // Only a bug of ours throws anything but a Fault; evaluation must still answer.
    return { ok: false, fault: Array.isArray(fault) ? (fault as Fault) : ["unread"] };
  }
}
