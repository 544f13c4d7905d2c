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

/**
 * A pattern's tree: an atom's index (≥ 0), an assertion (`~code`: ^ $ \b \B),
 * a sequence (a list), an alternation `{ e }`, a repetition `{ r, n: min, m: max }`.
 */
type Node = number | Node[] | { e: Node[] } | { r: Node; n: number; m: number };

// Operations of the program.
const STEP = 0; // read one character that atom `x` accepts
const SPLIT = 1; // go on at `x` and at `y`
const JUMP = 2; // go on at `x`
const CHECK = 3; // an assertion, `x` its code
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

function compile(source: string): PatternResult {
  try {
    if (source.length > MAX_PATTERN_LENGTH) no();
    const flags = source.startsWith("(?i)") ? "i" : "";
    const src = flags ? source.slice(4) : source;
    // RegExp refuses what is not a pattern at all; below only the structure is read.
    RegExp(src, flags);
    const atoms: ((char: string) => boolean)[] = [];
    const names = new Set<string>();
    let pos = 0;

    const either = (): Node => {
      const items = [sequence()];
      while (src[pos] === "|") pos++, items.push(sequence());
      return items[1] === undefined ? items[0]! : { e: items };
    };

    const sequence = (): Node => {
      const items: Node[] = [];
      while (pos < src.length && src[pos] !== "|" && src[pos] !== ")") {
        const item = piece();
        const q = /^(?:([*+?])|\{(\d+)(,(\d*))?\})\??/.exec(src.slice(pos));
        if (q) {
          // `*` is 0 to Infinity. Lazy forms run as greedy: only match or not is asked.
          const [all, sign, low, comma, high] = q;
          const n = sign ? +(sign === "+") : +low!;
          const m = sign ? (sign === "?" ? 1 : Infinity) : !comma ? n : high ? +high : Infinity;
          if (Math.max(n, m < Infinity ? m : 0) > MAX_REPEAT_COUNT) no();
          pos += all.length;
          items.push({ r: item, n, m });
        } else items.push(item);
      }
      return items.length === 1 ? items[0]! : items;
    };

    const piece = (): Node => {
      const from = pos;
      const char = src[pos++];
      if (char === "(") {
        if (src[pos] === "?") {
          // (?:…) and (?<name>…) only: no lookaround, no flags, each name once.
          const group = /^\?(?::|<([A-Za-z_$][\w$]*)>)/.exec(src.slice(pos)) || no();
          const name = group[1];
          if (name !== undefined) {
            if (names.has(name)) no();
            names.add(name);
          }
          pos += group[0].length;
        }
        const inner = either();
        pos++;
        return inner;
      }
      if (char === "^" || char === "$") return char === "^" ? ~0 : ~1;
      if (char === "\\" && (src[pos] === "b" || src[pos] === "B")) return src[pos++] === "b" ? ~2 : ~3;
      if (char === "\\") escape(0);
      else if (char === "[") {
        if (src[pos] === "^") pos++;
        while (src[pos] !== "]") {
          const first = member();
          // A range cannot start or end with \d, \w, \s (RegExp reads '-' as itself there).
          if (src[pos] === "-" && src[pos + 1] !== "]") pos++, (member() || first) && no();
        }
        pos++;
      }
      const text = src.slice(from, pos);
      const native = RegExp(text, flags);
      return atoms.push(text.length > 1 || flags || text === "." ? (c) => native.test(c) : (c) => c === text) - 1;
    };

    /** One member of a `[…]` list; true for \d \D \w \W \s \S. */
    const member = (): boolean => {
      if (/^\[:[a-z]+:\]/.test(src.slice(pos))) no();
      return src[pos++] === "\\" && escape(1);
    };

    /** The escape whose letter is at pos; true for \d \D \w \W \s \S. Refuses backreferences, octal, \p, \k and unknown letters. */
    const escape = (inClass: number): boolean => {
      const char = src[pos++]!;
      const hex = char === "x" ? 2 : char === "u" ? 4 : 0;
      if (hex) {
        if (!/^[\dA-Fa-f]+$/.test(src.substr(pos, hex)) || pos + hex > src.length) no();
        pos += hex;
      } else if (char === "c") {
        if (!/^[A-Za-z]$/.test(src[pos++] || "")) no();
      } else if (char === "0") {
        if (/\d/.test(src[pos] || "")) no();
      } else if (/[\dA-Za-z]/.test(char) && !"dDwWsStnvfr".includes(char) && !(inClass && char === "b")) no();
      return "dDwWsS".includes(char);
    };

    const tree = either();
    const op: number[] = [];
    const x: number[] = [];
    const y: number[] = [];
    const push = (code: number, to = 0): number => {
      if (op.length >= MAX_PROGRAM_SIZE - 1) no();
      x.push(to);
      y.push(0);
      return op.push(code) - 1;
    };
    const emit = (node: Node): void => {
      if (typeof node === "number") push(node < 0 ? CHECK : STEP, node < 0 ? ~node : node);
      else if (Array.isArray(node)) node.forEach(emit);
      else if ("e" in node) {
        const exits: number[] = [];
        node.e.forEach((item, index) => {
          const last = index === node.e.length - 1;
          const split = last ? 0 : push(SPLIT, op.length + 1);
          emit(item);
          if (!last) exits.push(push(JUMP)), (y[split] = op.length);
        });
        for (const exit of exits) x[exit] = op.length;
      } else {
        const { r, n, m } = node;
        const start = op.length;
        // A repetition of something that emits nothing (`(){500}`) is emitted once.
        for (let i = 0; i < n && (i < 1 || op.length > start); i++) emit(r);
        const splits: number[] = [];
        for (let i = n; i < m; i++) {
          splits.push(push(SPLIT, op.length + 1));
          emit(r);
          // Any number more: back to the split after each one.
          if (m === Infinity) {
            push(JUMP, splits[0]);
            break;
          }
        }
        for (const split of splits) y[split] = op.length;
      }
    };
    emit(tree);
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
  const anchored = op[0] === CHECK && x[0] === 0;
  // seen[pc] === position + 1 once pc is in the list for that position: one
  // visit per step and character (and the end of ε-loops).
  const seen = new Int32Array(op.length);
  // Per atom: the position + 1 it was last asked about, and its answer.
  const askedAt = new Int32Array(atoms.length);
  const answer = new Uint8Array(atoms.length);

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
    for (const pc of current) {
      const atom = x[pc]!;
      if (askedAt[atom] !== at + 1) (askedAt[atom] = at + 1), (answer[atom] = +atoms[atom]!(text[at]!));
      if (answer[atom] && reach(pc + 1, at + 1, next)) return true;
    }
    current = next;
  }
}
