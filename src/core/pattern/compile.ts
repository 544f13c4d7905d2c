/**
 * The regular expressions of the `matches` operator, run by a small engine of
 * our own instead of JavaScript's RegExp.
 *
 * Why: RegExp backtracks, so a marketer's `(a+)+$` meeting a long URL can
 * freeze the visitor's tab for minutes. Here a pattern is read into a program
 * (a Thompson NFA) run Pike-style, without backtracking: every possible match
 * state advances together, one character at a time, each state at most once
 * per character, so a test costs O(program size × input length) whatever the
 * pattern, and both are capped (MAX_PROGRAM_SIZE, MAX_INPUT_LENGTH, MAX_WORK).
 *
 * The price is a subset of the syntax: no backreferences and no lookaround
 * (they need backtracking), no flags but `(?i)` at the very start. Within the
 * subset the answer is the one `new RegExp(pattern).test(text)` gives (or
 * `new RegExp(pattern, "i")` for `(?i)`): RegExp checks the syntax first, and
 * each single character is tested by RegExp itself, on that one character
 * only, where it cannot backtrack. This file reads the structure and refuses
 * what the subset leaves out; why, in words, is the authoring face's
 * (src/authoring/pattern-explain.ts, pattern-words.ts).
 */

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

/** Largest count allowed in `{m}`, `{m,}` or `{m,n}`. */
export const MAX_REPEAT_COUNT = 500;

/** A compiled pattern. */
export interface SafeRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like RegExp.test); false for texts over MAX_INPUT_LENGTH or MAX_WORK. */
  test(text: string): boolean;
}

/** A compiled pattern, or a refusal (why, in words: src/authoring/pattern-words.ts). */
export type PatternResult = { ok: true; regex: SafeRegex } | { ok: false };

// Operations of the program; STEP and CHECK read or test the text, the others only move.
const STEP = 0; // read one character that atom `x` accepts
const CHECK = 1; // an assertion, `x` its code: ^ $ \b \B
const SPLIT = 2; // go on at `x` and at `y`
const JUMP = 3; // go on at `x`
const MATCH = 4;

// Rules reuse a handful of patterns on every evaluation: compiled once each,
// in a bounded cache (oldest out first) so a stream of distinct patterns
// cannot grow memory.
const cache = new Map<string, PatternResult>();

/**
 * Compiles a pattern of the supported subset (cached).
 *
 * @example
 * const result = compilePattern("(?i)^/blog/");
 * if (result.ok) result.regex.test("/Blog/spring"); // true
 */
export function compilePattern(source: string): PatternResult {
  let result = cache.get(source);
  if (!result) {
    result = compile(source);
    // Long strings are refused at once and not kept.
    if (source.length <= MAX_PATTERN_LENGTH) {
      if (cache.size > 255) cache.delete(cache.keys().next().value!);
      cache.set(source, result);
    }
  }
  return result;
}

const no = (): never => {
  throw 0;
};

/**
 * The program (a Thompson NFA) is written while the pattern is read, and run
 * by `run`. A repeated piece is read again for each copy (`a{3}` is three `a`
 * steps), so the program-size cap also bounds the reading.
 */
function compile(source: string): PatternResult {
  try {
    if (source.length > MAX_PATTERN_LENGTH) no();
    const flags = source.startsWith("(?i)") ? "i" : "";
    const src = flags ? source.slice(4) : source;
    // RegExp refuses what is not a pattern at all; below only the structure is read.
    RegExp(src, flags);
    const atoms: ((char: string) => boolean)[] = [];
    const names = new Map<string, number>();
    const op: number[] = [];
    const x: number[] = [];
    const y: number[] = [];
    let pos = 0;
    const room = () => op.length > MAX_PROGRAM_SIZE - 3 && no();
    const push = (code: number, to = 0): number => {
      room();
      x.push(to);
      y.push(0);
      return op.push(code) - 1;
    };
    const cut = (length: number) => (op.length = x.length = y.length = length);

    /**
     * Alternatives: SPLIT, first, JUMP out, SPLIT, second, JUMP out, …, last.
     * A SPLIT is put in front of an alternative once a '|' follows it: the
     * steps after it move one place on, and so do the jumps to them.
     */
    const either = (): void => {
      const exits: number[] = [];
      for (;;) {
        const at = op.length;
        while (pos < src.length && src[pos] !== "|" && src[pos] !== ")") repeated();
        if (src[pos++] !== "|") break;
        room();
        op.splice(at, 0, SPLIT);
        x.splice(at, 0, at);
        y.splice(at, 0, 0);
        for (let i = at; i < op.length; i++) if (op[i]! > CHECK) (x[i]! >= at && x[i]!++), (y[i]! >= at && y[i]!++);
        exits.push(push(JUMP));
        y[at] = op.length;
      }
      pos--;
      for (const exit of exits) x[exit] = op.length;
    };

    /** A piece and its quantifier, if any. */
    const repeated = (): void => {
      const start = op.length;
      const from = pos;
      piece();
      const q = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(src.slice(pos));
      if (!q) return;
      // `*` is 0 to Infinity. Lazy forms run as greedy: only match or not is asked.
      const [all, sign, low, comma, high] = q;
      const n = sign ? +(sign === "+") : +low!;
      const m = sign ? (sign === "?" ? 1 : Infinity) : !comma ? n : high ? +high : Infinity;
      if (Math.max(n, m < Infinity ? m : 0) > MAX_REPEAT_COUNT) no();
      const end = pos + all.length;
      // A piece that reads and tests nothing (`()`, `(?:|)`) matches only the empty text, however often: left out.
      const real = op.slice(start).some((code) => code < SPLIT);
      cut(start);
      const again = () => ((pos = from), piece());
      if (real) {
        for (let i = 0; i < n; i++) again();
        const splits: number[] = [];
        for (let i = n; i < m; i++) {
          splits.push(push(SPLIT, op.length + 1));
          again();
          // Any number more: back to the split after each one.
          if (m === Infinity) {
            push(JUMP, splits[0]);
            break;
          }
        }
        for (const split of splits) y[split] = op.length;
      }
      pos = end;
    };

    const piece = (): void => {
      const from = pos;
      const char = src[pos++];
      if (char === "(") {
        if (src[pos] === "?") {
          // (?:…) and (?<name>…) only: no lookaround, no flags, each name once (read again for a copy).
          const group = /^\?(?::|<([A-Za-z_$][\w$]*)>)/.exec(src.slice(pos)) || no();
          const name = group[1];
          if (name) {
            if ((names.get(name) ?? pos) !== pos) no();
            names.set(name, pos);
          }
          pos += group[0].length;
        }
        either();
        pos++;
        return;
      }
      // ^ $ \b \B: codes 1 to 4.
      const b = char === "\\" ? "bB".indexOf(src[pos]!) : -1;
      const assertion = "^$".indexOf(char!) + 1 || (b >= 0 && b + 3);
      if (assertion) {
        pos += +(assertion > 2);
        push(CHECK, assertion - 1);
        return;
      }
      if (char === "\\") escape();
      else if (char === "[") {
        if (src[pos] === "^") pos++;
        // (RegExp found its closing bracket; the guard only stops a bug of ours from looping.)
        while ((src[pos] ?? no()) !== "]") {
          const first = member();
          // A range cannot start or end with \d, \w, \s (RegExp reads '-' as itself there).
          if (src[pos] === "-" && src[pos + 1] !== "]") pos++, (member() || first) && no();
        }
        pos++;
      }
      const text = src.slice(from, pos);
      const native = RegExp(text, flags);
      push(STEP, atoms.push(text.length > 1 || flags || text === "." ? (c) => native.test(c) : (c) => c === text) - 1);
    };

    /** One member of a `[…]` list; true for \d \D \w \W \s \S. */
    const member = (): boolean => {
      if (/^\[:[a-z]+:\]/.test(src.slice(pos))) no();
      return src[pos++] === "\\" && escape();
    };

    /**
     * The escape whose '\\' is at pos - 1; true for \d \D \w \W \s \S. No
     * backreferences, octal, \p, \k or unknown letters (`\b` outside a
     * list is an assertion, read before).
     */
    const escape = (): boolean => {
      const read = /^\\(?:([dDwWsS])|[tnvfrb]|x[\dA-Fa-f]{2}|u[\dA-Fa-f]{4}|c[A-Za-z]|0(?!\d)|[^\dA-Za-z])/.exec(src.slice(pos - 1)) || no();
      pos += read[0].length - 1;
      return !!read[1];
    };

    either();
    op.push(MATCH);
    return {
      ok: true,
      regex: { source, test: (text) => text.length <= MAX_INPUT_LENGTH && text.length * op.length <= MAX_WORK && run(op, x, y, atoms, text) },
    };
  } catch {
    return { ok: false };
  }
}

const isWord = (char = ""): boolean => /\w/.test(char);

/** Whether the program matches anywhere in `text`, like RegExp.test. */
function run(op: number[], x: number[], y: number[], atoms: ((char: string) => boolean)[], text: string): boolean {
  const length = text.length;
  // Every match starts at position 0 (the program begins with '^'), so later starts are not tried.
  const anchored = op[0] === CHECK && !x[0];
  // seen[pc] === position + 1 once pc is in the list for that position: one
  // visit per step and character (and the end of ε-loops).
  const seen = new Int32Array(op.length);

  /** Adds pc and every step reachable from it without reading to `list`; true once MATCH is reached. */
  const reach = (pc: number, at: number, list: number[]): boolean => {
    if (seen[pc] === at + 1) return false;
    seen[pc] = at + 1;
    const code = op[pc];
    const to = x[pc]!;
    if (code === MATCH) return true;
    if (code === JUMP) return reach(to, at, list);
    if (code === SPLIT) return reach(to, at, list) || reach(y[pc]!, at, list);
    if (code === CHECK)
      return (to < 2 ? at === (to && length) : (isWord(text[at - 1]) !== isWord(text[at])) === (to === 2)) && reach(pc + 1, at, list);
    list.push(pc);
    return false;
  };

  let current: number[] = [];
  for (let at = 0; ; at++) {
    if ((at === 0 || !anchored) && reach(0, at, current)) return true;
    if (at === length || (anchored && !current.length)) return false;
    const next: number[] = [];
    // Each step has an atom of its own (a copy is read again), so each atom is asked once per character.
    for (const pc of current) if (atoms[x[pc]!]!(text[at]!) && reach(pc + 1, at + 1, next)) return true;
    current = next;
  }
}
