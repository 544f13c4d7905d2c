/**
 * The regular expressions of the `matches` operator, run by a small engine of
 * our own instead of JavaScript's RegExp.
 *
 * Why: RegExp backtracks, so a marketer's `(a+)+$` meeting a long URL can
 * freeze the visitor's tab for minutes. Here a pattern is read into a tree,
 * built into a Thompson NFA (states linked backwards from the match) and run
 * without backtracking: every possible match state advances together, one
 * character at a time, each state at most once per position, so a test costs
 * O(program size × input length) whatever the pattern, and both are capped
 * (./limits.ts: MAX_PROGRAM_SIZE, MAX_INPUT_LENGTH, MAX_WORK).
 *
 * The price is a subset of the syntax: no backreferences and no lookaround
 * (they need backtracking), no flags but `(?i)` at the very start. Within the
 * subset the answer is the one `new RegExp(pattern).test(text)` gives (or
 * `new RegExp(pattern, "i")` for `(?i)`): RegExp checks the syntax first, and
 * each single character is tested by RegExp itself, on that one character
 * only, where it cannot backtrack. This file reads the structure and refuses
 * what the subset leaves out; why, in words, is the authoring face's
 * (src/authoring/pattern-explain.ts, pattern-words.ts). The script tags load
 * this file apart (dist/slotwise.matches.js, src/plugins/matches.ts); npm has
 * it statically.
 */
import { MAX_INPUT_LENGTH, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_REPEAT_COUNT, MAX_WORK } from "./limits.js";

export { MAX_INPUT_LENGTH, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_REPEAT_COUNT, MAX_WORK };

/** A compiled pattern. */
export interface SafeRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like RegExp.test); false for texts over MAX_INPUT_LENGTH or MAX_WORK. */
  test(text: string): boolean;
}

/** A compiled pattern, or a refusal (why, in words: src/authoring/pattern-words.ts). */
export type PatternResult = { ok: true; regex: SafeRegex } | { ok: false };

type Atom = (char: string) => boolean;
/** A state: reads one character (`a` a function), or asserts (`a` 0 ^, 1 $, 2 \b, 3 \B), then goes on at `n`; or goes on at each of `e`. MATCH has none. */
interface State {
  e: State[] | undefined;
  n: State | undefined;
  a: Atom | number | undefined;
  /** The position (numbered across runs) at which it was last reached. */
  v: number;
}
/** What a piece of the pattern reads into: given the state after it, its first state (a fresh copy at each call). */
type Build = (next: State) => State;

// Rules reuse a handful of patterns on every evaluation: compiled once each,
// in a bounded cache (emptied when full) so a stream of distinct patterns
// cannot grow memory.
const cache = new Map<string, PatternResult>();
const NO: PatternResult = { ok: false };

/**
 * Compiles a pattern of the supported subset (cached).
 *
 * @example
 * const result = compilePattern("(?i)^/blog/");
 * if (result.ok) result.regex.test("/Blog/spring"); // true
 */
export function compilePattern(source: string): PatternResult {
  // Long strings are refused at once and not kept.
  if (source.length > MAX_PATTERN_LENGTH) return NO;
  let result = cache.get(source);
  if (!result) {
    if (cache.size > 255) cache.clear();
    cache.set(source, (result = compile(source)));
  }
  return result;
}

const no = (): never => {
  throw 0;
};

// A quantifier (lazy forms run as greedy: only match or not is asked); a group's opening after '(';
// an escape (\d-like, control, hex, \cX, \0, or a non-letter); a POSIX class, which JavaScript reads as a list.
const QUANTIFIER = /(?:([*+?])|\{(\d+)(,(\d*))?\})\??/y;
const GROUP = /\?(?::|<[\w$]+>)/y;
const ESCAPE = /\\(?:([dDwWsS])|[tnvfrb]|x[\dA-Fa-f]{2}|u[\dA-Fa-f]{4}|c[A-Za-z]|0(?!\d)|[^\dA-Za-z])/y;
const POSIX = /\[:[a-z]+:\]/y;

function compile(source: string): PatternResult {
  try {
    const flags = source.startsWith("(?i)") ? "i" : "";
    const src = flags ? source.slice(4) : source;
    // RegExp refuses what is not a pattern at all; below only the structure is read.
    RegExp(src, flags);
    let pos = 0;
    /** Atoms and assertions read so far: a piece that adds none (`()`, `(?:|)`) matches only the empty text, however often. */
    let real = 0;
    let size = 0;
    /** The match of sticky `re` at pos (pos moved past it). */
    const eat = (re: RegExp): RegExpExecArray | null => {
      re.lastIndex = pos;
      const found = re.exec(src);
      if (found) pos = re.lastIndex;
      return found;
    };
    /** The escape at pos: true for \d \D \w \W \s \S. */
    const escape = (): boolean => !!(eat(ESCAPE) || no())[1];

    // One shape for every state (the run reads them all alike).
    const state = (e?: State[], n?: State, a?: Atom | number): State => (++size > MAX_PROGRAM_SIZE && no(), { e, n, a, v: 0 });

    /** Alternatives up to a ')' or the end: a state going on at the first state of each. */
    const either = (): Build => {
      let pieces: Build[] = [];
      const list = [pieces];
      while (src[pos] && src[pos] != ")") src[pos] == "|" ? (pos++, list.push((pieces = []))) : pieces.push(repeated());
      return (next) => state(list.map((pieces) => pieces.reduceRight((s, build) => build(s), next)));
    };

    /** A piece and its quantifier, if any. */
    const repeated = (): Build => {
      const before = real;
      const build = piece();
      const q = eat(QUANTIFIER);
      if (!q) return build;
      const [, sign, low, comma, high] = q;
      // `*` is 0 to Infinity.
      const n = sign ? +(sign == "+") : +low!;
      // (RegExp refused n > m.)
      const m = sign == "?" ? 1 : sign || (comma && !high) ? Infinity : +high! || n;
      if ((m < Infinity ? m : n) > MAX_REPEAT_COUNT) no();
      // Its optional copies (or a loop) are built first, then the n required ones before them.
      return real > before
        ? (next) => {
            let s = next;
            if (m == Infinity) (s = state([])), s.e!.push(build(s), next);
            else for (let i = n; i < m; i++) s = state([build(s), next]);
            for (let i = 0; i < n; i++) s = build(s);
            return s;
          }
        : (next) => next;
    };

    const piece = (): Build => {
      const from = pos;
      const char = src[pos++];
      if (char == "(") {
        // (?:…) and (?<name>…) only: no lookaround, no flags (RegExp refused a name used twice where the browser does).
        if (src[pos] == "?") eat(GROUP) || no();
        const build = either();
        pos++;
        return build;
      }
      let c = "^$".indexOf(char!);
      if (char == "\\") {
        c = "bB".indexOf(src[pos]!);
        if (c < 0) pos--, escape();
        else pos++, (c += 2);
      } else if (char == "[") {
        if (src[pos] == "^") pos++;
        // (RegExp found its closing bracket; the guard only stops a bug of ours from looping.)
        while ((src[pos] ?? no()) != "]") {
          const first = member();
          // A range cannot start or end with \d, \w, \s (RegExp reads '-' as itself there).
          if (src[pos] == "-" && src[pos + 1] != "]") pos++, (member() || first) && no();
        }
        pos++;
      }
      real++;
      const native = RegExp(src.slice(from, pos), flags);
      const a = c < 0 ? (char: string) => native.test(char) : c;
      return (next) => state(undefined, next, a);
    };

    /** One member of a `[…]` list; true for \d \D \w \W \s \S. */
    const member = (): boolean => (eat(POSIX) && no(), src[pos] == "\\" ? escape() : !++pos);

    // The program, built backwards from MATCH: each state knows where it goes on.
    const MATCH = {} as State;
    const start = either()(MATCH);
    return { ok: true, regex: { source, test: (text) => text.length <= MAX_INPUT_LENGTH && text.length * size <= MAX_WORK && run(start, MATCH, text) } };
  } catch {
    return NO;
  }
}

const isWord = (char = ""): boolean => /\w/.test(char);
let mark = 0;

/** Whether the program from `start` reaches `match` anywhere in `text`, like RegExp.test: every start position, all states together. */
function run(start: State, match: State, text: string): boolean {
  let at = 0;
  let v = 0;
  let c: State["a"];
  /** Adds the reading states reachable from `s` without reading to `list`; true once MATCH is reached. Each state once per position. */
  const reach = (s: State, list: State[]): boolean =>
    s.v != v &&
    ((s.v = v),
    s == match ||
      (s.e
        ? s.e.some((t) => reach(t, list))
        : ((c = s.a!) as Atom).call
          ? !list.push(s)
          : ((c as number) < 2 ? at == ((c as number) && text.length) : (isWord(text[at - 1]) != isWord(text[at])) == (c == 2)) && reach(s.n!, list)));
  for (let list: State[] = [], next: State[]; at <= text.length; at++, list = next) {
    v = ++mark;
    next = [];
    if (list.some((s) => (s.a as Atom)(text[at - 1]!) && reach(s.n!, next)) || reach(start, next)) return true;
  }
  return false;
}
