/**
 * The regular expressions of the `matches` operator, run by a small engine of
 * our own instead of JavaScript's RegExp.
 *
 * Why: RegExp backtracks, so a marketer's `(a+)+$` meeting a long URL can
 * freeze the visitor's tab for minutes. Here a pattern is parsed into a
 * program (a Thompson NFA) and run Pike-style: every possible match state is
 * advanced together, one input character at a time, each state at most once
 * per character. Time is O(program size × input length), whatever the
 * pattern, and both are capped (MAX_PROGRAM_SIZE, MAX_INPUT_LENGTH).
 *
 * The price is a subset of the syntax: no backreferences and no lookaround
 * (they need backtracking), no flags but `(?i)` at the very start. Within the
 * subset the answer is the one `new RegExp(pattern).test(text)` gives (or
 * `new RegExp(pattern, "i")` for `(?i)`): the same UTF-16 code units, the same
 * `.` (no line terminators), `\s`, `\w`, `\b`, and the same case folding.
 */

/** Longest pattern accepted, in characters (including a `(?i)` prefix). */
export const MAX_PATTERN_LENGTH = 200;

/** Longest text a pattern is tried on; a longer text never matches. */
export const MAX_INPUT_LENGTH = 10_000;

/**
 * Largest compiled program. Counted repetitions are unrolled (`a{3}` is three
 * `a` steps), so this is what stops `(a{500}){500}` from building 250,000
 * states. With MAX_INPUT_LENGTH it bounds one test to 10 million state visits:
 * about 0.2 s on one server core for the worst patterns (`.{0,490}!`) on a
 * 10,000-character text; a few microseconds for typical rules on a URL.
 */
export const MAX_PROGRAM_SIZE = 1_000;

/** Largest count allowed in `{m}`, `{m,}` or `{m,n}`. */
export const MAX_REPEAT_COUNT = 500;

/** A compiled pattern. */
export interface SafeRegex {
  readonly source: string;
  /** Whether the pattern matches anywhere in `text` (like RegExp.test); false for texts over MAX_INPUT_LENGTH. */
  test(text: string): boolean;
}

/** A compiled pattern, or why the pattern cannot be used, in words for marketers. */
export type PatternResult = { ok: true; regex: SafeRegex } | { ok: false; message: string; hint?: string };

const CACHE_LIMIT = 256;
// Rules reuse a handful of patterns on every evaluation; compiling once each
// keeps `matches` cheap. Bounded and evicting oldest-first so a stream of
// distinct patterns cannot grow memory.
const cache = new Map<string, PatternResult>();

/**
 * Compiles a pattern of the supported subset (cached).
 *
 * @example
 * const result = compilePattern("(?i)^/blog/");
 * if (result.ok) result.regex.test("/Blog/spring"); // true
 */
export function compilePattern(source: string): PatternResult {
  if (source.length > MAX_PATTERN_LENGTH) {
    // Not cached: the check is cheap and long strings should not be kept.
    return {
      ok: false,
      message: `the pattern is ${source.length} characters long, more than the ${MAX_PATTERN_LENGTH} Slotwise allows`,
      hint: "shorten it, or split it into several conditions inside 'any'",
    };
  }
  const hit = cache.get(source);
  if (hit !== undefined) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const result = compileUncached(source);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, result);
  return result;
}

function compileUncached(source: string): PatternResult {
  const caseInsensitive = source.startsWith("(?i)");
  const body = caseInsensitive ? source.slice(4) : source;
  try {
    const tree = parse(body);
    const size = programSize(tree) + 1;
    if (size > MAX_PROGRAM_SIZE) {
      throw new PatternFault(
        `the pattern is too complex to check quickly: its repetitions add up to more than ${MAX_PROGRAM_SIZE} steps`,
        "use smaller counts in '{…}', or split it into several conditions inside 'any'",
      );
    }
    const program = emitProgram(tree, size, caseInsensitive);
    return { ok: true, regex: { source, test: (text) => run(program, text) } };
  } catch (error) {
    if (error instanceof PatternFault) {
      return error.hint === undefined
        ? { ok: false, message: error.message }
        : { ok: false, message: error.message, hint: error.hint };
    }
    // Only a bug of ours gets here; validation and evaluation must still answer.
    return { ok: false, message: "Slotwise could not read the pattern" };
  }
}

// ---------------------------------------------------------------------------
// Syntax tree

type Assertion = "start" | "end" | "wordBoundary" | "notWordBoundary";

/** Sorted, non-overlapping inclusive ranges of UTF-16 code units: [lo0, hi0, lo1, hi1, …]. */
type Ranges = number[];

interface CharSet {
  ranges: Ranges;
  negated: boolean;
}

type Node =
  | { kind: "empty" }
  | { kind: "char"; code: number }
  | { kind: "any" }
  | { kind: "set"; set: CharSet }
  | { kind: "assert"; assertion: Assertion }
  | { kind: "concat"; items: Node[] }
  | { kind: "alternate"; items: Node[] }
  | { kind: "repeat"; item: Node; min: number; max: number };

// Internal control flow of the parser only; compilePattern turns it into a result.
class PatternFault extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const DIGITS: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// The code units JavaScript's \s matches (WhiteSpace and LineTerminator).
const SPACE: Ranges = [
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f,
  0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
];

const CLASS_ESCAPES: Record<string, CharSet> = {
  d: { ranges: DIGITS, negated: false },
  D: { ranges: DIGITS, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
};

const CONTROL_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };

const EMPTY: Node = { kind: "empty" };

function parse(src: string): Node {
  let pos = 0;
  const groupNames = new Set<string>();

  const tree = parseAlternation();
  if (pos < src.length) {
    // parseSequence only stops early at a ')' it did not open.
    throw new PatternFault("the pattern has a ')' with no '(' before it", "write '\\)' for a literal ')'");
  }
  return tree;

  function parseAlternation(): Node {
    const items = [parseSequence()];
    while (src[pos] === "|") {
      pos++;
      items.push(parseSequence());
    }
    return items.length === 1 ? items[0]! : { kind: "alternate", items };
  }

  function parseSequence(): Node {
    const items: Node[] = [];
    while (pos < src.length && src[pos] !== "|" && src[pos] !== ")") {
      const atom = parseAtom();
      const quantifier = readQuantifier();
      if (quantifier === null) {
        items.push(atom);
        continue;
      }
      if (atom.kind === "assert") {
        throw new PatternFault(
          `the pattern has '${quantifier.text}' right after '${assertionText(atom.assertion)}', which cannot be repeated`,
          `remove '${quantifier.text}', or write '\\${quantifier.text[0]}' for a literal '${quantifier.text[0]}'`,
        );
      }
      const again = quantifierAt(pos);
      if (again !== null) {
        throw new PatternFault(
          `the pattern has '${again}' right after the repetition '${quantifier.text}'`,
          "remove one of them",
        );
      }
      items.push({ kind: "repeat", item: atom, min: quantifier.min, max: quantifier.max });
    }
    if (items.length === 0) return EMPTY;
    return items.length === 1 ? items[0]! : { kind: "concat", items };
  }

  function parseAtom(): Node {
    const ch = src[pos]!;
    switch (ch) {
      case "(":
        return parseGroup();
      case "[":
        return parseClass();
      case ".":
        pos++;
        return { kind: "any" };
      case "^":
        pos++;
        return { kind: "assert", assertion: "start" };
      case "$":
        pos++;
        return { kind: "assert", assertion: "end" };
      case "\\":
        return parseEscape();
      case "*":
      case "+":
      case "?":
        throw nothingToRepeat(ch);
      case "{": {
        const braces = quantifierAt(pos);
        if (braces !== null) throw nothingToRepeat(braces);
        break; // a '{' that does not form {m,n} is a literal, as in JavaScript
      }
    }
    pos++;
    return { kind: "char", code: ch.charCodeAt(0) };
  }

  function nothingToRepeat(text: string): PatternFault {
    return new PatternFault(
      `the pattern has '${text}' with nothing before it to repeat`,
      `write '\\${text[0]}' for a literal '${text[0]}'`,
    );
  }

  /** The quantifier text at `at` (with a lazy '?'), or null; does not move. */
  function quantifierAt(at: number): string | null {
    const ch = src[at];
    let end: number;
    if (ch === "*" || ch === "+" || ch === "?") {
      end = at + 1;
    } else if (ch === "{") {
      const braces = /^\{\d+(?:,\d*)?\}/.exec(src.slice(at, at + 2 * MAX_PATTERN_LENGTH));
      if (braces === null) return null;
      end = at + braces[0].length;
    } else {
      return null;
    }
    if (src[end] === "?") end++;
    return src.slice(at, end);
  }

  function readQuantifier(): { min: number; max: number; text: string } | null {
    const text = quantifierAt(pos);
    if (text === null) return null;
    pos += text.length;
    const core = text.length > 1 && text.endsWith("?") ? text.slice(0, -1) : text;
    // Lazy forms are accepted and run as greedy: only match / no match is asked.
    if (core === "*") return { min: 0, max: Infinity, text };
    if (core === "+") return { min: 1, max: Infinity, text };
    if (core === "?") return { min: 0, max: 1, text };
    const [minText = "", maxText] = core.slice(1, -1).split(",");
    const min = Number(minText);
    const max = maxText === undefined ? min : maxText === "" ? Infinity : Number(maxText);
    if (min > max) {
      throw new PatternFault(
        `the repetition '${core}' has its numbers the wrong way round`,
        `write '{${maxText ?? ""},${minText}}'`,
      );
    }
    if (min > MAX_REPEAT_COUNT || (max !== Infinity && max > MAX_REPEAT_COUNT)) {
      throw new PatternFault(
        `the repetition '${core}' is too large; Slotwise allows counts up to ${MAX_REPEAT_COUNT}`,
        "use a smaller count, or '+' or '*' for any number",
      );
    }
    return { min, max, text };
  }

  function parseGroup(): Node {
    const open = pos;
    pos++;
    if (src[pos] === "?") {
      const rest = src.slice(pos, pos + 3);
      if (rest.startsWith("?:")) {
        pos += 2;
      } else if (rest.startsWith("?=") || rest.startsWith("?!")) {
        throw new PatternFault(
          `the pattern uses a lookahead '(${rest.slice(0, 2)}', which Slotwise does not support`,
          "write the condition without it, or split it into several conditions",
        );
      } else if (rest === "?<=" || rest === "?<!") {
        throw new PatternFault(
          `the pattern uses a lookbehind '(${rest}', which Slotwise does not support`,
          "write the condition without it, or split it into several conditions",
        );
      } else if (rest.startsWith("?<")) {
        const named = /^\?<([A-Za-z_$][A-Za-z0-9_$]*)>/.exec(src.slice(pos, pos + MAX_PATTERN_LENGTH));
        if (named === null) {
          throw new PatternFault(
            "the pattern has a group name that is not letters, digits and '_' between '(?<' and '>'",
            "write it like '(?<city>…)', or use '(?:…)' for an unnamed group",
          );
        }
        const name = named[1]!;
        if (groupNames.has(name)) {
          throw new PatternFault(`the pattern uses the group name '${name}' twice`, "give each group its own name");
        }
        groupNames.add(name);
        pos += named[0].length;
      } else if (/^\?[a-z-]/.test(rest)) {
        const flags = /^\?[a-z-]*[:)]?/.exec(src.slice(pos, pos + 12))![0];
        throw new PatternFault(
          `the pattern uses the flag group '(${flags}', which Slotwise does not support`,
          "only '(?i)' is supported, at the very start of the pattern, to ignore case in all of it",
        );
      } else {
        throw new PatternFault(
          `the pattern uses '(${src.slice(pos, pos + 2)}', which Slotwise does not support`,
          "write '\\(' for a literal '(', or use '(?:…)' for a group",
        );
      }
    }
    const inner = parseAlternation();
    if (src[pos] !== ")") {
      throw new PatternFault(
        `the pattern opens a group '(' at character ${open + 1} that is never closed`,
        "add ')', or write '\\(' for a literal '('",
      );
    }
    pos++;
    // Wrapped so that '(^)*', which JavaScript accepts, is not taken for a bare '^*'.
    return inner.kind === "assert" ? { kind: "concat", items: [inner] } : inner;
  }

  function parseEscape(): Node {
    const next = src[pos + 1];
    if (next === "b" || next === "B") {
      pos += 2;
      return { kind: "assert", assertion: next === "b" ? "wordBoundary" : "notWordBoundary" };
    }
    if (next !== undefined && next >= "1" && next <= "9") {
      const digits = /^\d+/.exec(src.slice(pos + 1))![0];
      throw new PatternFault(
        `the pattern uses a backreference '\\${digits}', which Slotwise does not support`,
        "repeat the text itself instead of referring back to a group",
      );
    }
    if (next === "k" && src[pos + 2] === "<") {
      throw new PatternFault(
        "the pattern uses a named backreference '\\k<…>', which Slotwise does not support",
        "repeat the text itself instead of referring back to a group",
      );
    }
    const escaped = readEscape(false);
    return typeof escaped === "number" ? { kind: "char", code: escaped } : { kind: "set", set: escaped };
  }

  /** Reads `\…` at pos (outside or inside a class): a code unit or a class escape. */
  function readEscape(inClass: boolean): number | CharSet {
    const next = src[pos + 1];
    if (next === undefined) {
      throw new PatternFault("the pattern ends with a lone '\\'", "write '\\\\' for a literal backslash");
    }
    pos += 2;
    const set = CLASS_ESCAPES[next];
    if (set !== undefined) return set;
    const control = CONTROL_ESCAPES[next];
    if (control !== undefined) return control;
    if (inClass && next === "b") return 0x08; // [\b] is backspace, as in JavaScript
    if (next === "0") {
      if (!/\d/.test(src[pos] ?? "")) return 0;
      throw new PatternFault(
        `the pattern uses the octal escape '\\0${src[pos]}', which Slotwise does not support`,
        "write a hex escape instead, e.g. '\\x01'",
      );
    }
    if (next === "x" || next === "u") {
      const width = next === "x" ? 2 : 4;
      const hex = src.slice(pos, pos + width);
      if (hex.length < width || !/^[0-9A-Fa-f]+$/.test(hex)) {
        throw new PatternFault(
          `the pattern has '\\${next}' without ${width === 2 ? "two" : "four"} hex digits after it`,
          next === "x" ? "write it like '\\x41'" : "write it like '\\u00e9'",
        );
      }
      pos += width;
      return parseInt(hex, 16);
    }
    if (next === "c" && /^[A-Za-z]$/.test(src[pos] ?? "")) {
      return src.charCodeAt(pos++) % 32;
    }
    if (next === "p" || next === "P") {
      throw new PatternFault(
        `the pattern uses a Unicode property '\\${next}{…}', which Slotwise does not support`,
        "list the characters instead, e.g. '[a-zA-Z]'",
      );
    }
    if (/[0-9A-Za-z]/.test(next)) {
      throw new PatternFault(
        `the pattern uses '\\${next}', which Slotwise does not know`,
        `write '${next}' for the character itself, or '\\\\' for a backslash`,
      );
    }
    // Any other escaped character stands for itself: \. \/ \- \$ \( …
    return next.charCodeAt(0);
  }

  function parseClass(): Node {
    const open = pos;
    pos++;
    let negated = false;
    if (src[pos] === "^") {
      negated = true;
      pos++;
    }
    const ranges: Ranges = [];
    for (;;) {
      if (pos >= src.length) {
        throw new PatternFault(
          `the pattern opens a list of characters '[' at character ${open + 1} that is never closed`,
          "add ']', or write '\\[' for a literal '['",
        );
      }
      if (src[pos] === "]") {
        pos++;
        break;
      }
      const startAt = pos;
      const first = readClassAtom();
      if (src[pos] === "-" && pos + 1 < src.length && src[pos + 1] !== "]") {
        pos++;
        const last = readClassAtom();
        const text = src.slice(startAt, pos);
        if (typeof first !== "number" || typeof last !== "number") {
          throw new PatternFault(
            `the range '${text}' in '[…]' cannot start or end with a class like '\\d'`,
            "write '\\-' for a literal '-'",
          );
        }
        if (first > last) {
          throw new PatternFault(
            `the range '${text}' in '[…]' goes backwards`,
            `write '${String.fromCharCode(last)}-${String.fromCharCode(first)}'`,
          );
        }
        ranges.push(first, last);
      } else if (typeof first === "number") {
        ranges.push(first, first);
      } else {
        ranges.push(...(first.negated ? complement(first.ranges) : first.ranges));
      }
    }
    return { kind: "set", set: { ranges: normalize(ranges), negated } };
  }

  function readClassAtom(): number | CharSet {
    if (src[pos] === "\\") {
      const next = src[pos + 1];
      if (next === "B" || (next !== undefined && next >= "1" && next <= "9")) {
        throw new PatternFault(
          `the pattern uses '\\${next}' inside '[…]', which Slotwise does not support`,
          next === "B" ? "write 'B' for the letter itself" : "write '\\x01'-style hex escapes for character codes",
        );
      }
      return readEscape(true);
    }
    const posix = /^\[:([a-z]+):\]/.exec(src.slice(pos, pos + 12));
    if (posix !== null) {
      throw new PatternFault(
        `the pattern uses the class '${posix[0]}', which Slotwise does not support`,
        "list the characters instead, e.g. '[a-zA-Z]' for letters, '\\d' for digits, '\\s' for spaces",
      );
    }
    return src.charCodeAt(pos++);
  }
}

function assertionText(assertion: Assertion): string {
  return { start: "^", end: "$", wordBoundary: "\\b", notWordBoundary: "\\B" }[assertion];
}

function normalize(ranges: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i]!, ranges[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: Ranges = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) {
      out[last] = Math.max(out[last]!, hi);
    } else {
      out.push(lo, hi);
    }
  }
  return out;
}

/** The code units 0–0xFFFF not in `ranges` (which must be normalized). */
function complement(ranges: Ranges): Ranges {
  const out: Ranges = [];
  let from = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    if (ranges[i]! > from) out.push(from, ranges[i]! - 1);
    from = ranges[i + 1]! + 1;
  }
  if (from <= 0xffff) out.push(from, 0xffff);
  return out;
}

// ---------------------------------------------------------------------------
// Program

const OP_CHAR = 0;
const OP_ANY = 1;
const OP_SET = 2;
const OP_SPLIT = 3;
const OP_JUMP = 4;
const OP_ASSERT = 5;
const OP_MATCH = 6;

const ASSERTION_CODES: Record<Assertion, number> = { start: 0, end: 1, wordBoundary: 2, notWordBoundary: 3 };

interface Program {
  /** Opcode of each step; `a`/`b` are its operands (a code unit, a set index, jump targets, an assertion). */
  ops: Uint8Array;
  a: Int32Array;
  b: Int32Array;
  sets: CharSet[];
  caseInsensitive: boolean;
  /** Every match starts at position 0 (the pattern begins with '^'), so later starts are not tried. */
  anchored: boolean;
}

/** Steps `node` compiles to; kept in step with emitProgram. */
function programSize(node: Node): number {
  switch (node.kind) {
    case "empty":
      return 0;
    case "char":
    case "any":
    case "set":
    case "assert":
      return 1;
    case "concat":
      return node.items.reduce((sum, item) => sum + programSize(item), 0);
    case "alternate":
      return node.items.reduce((sum, item) => sum + programSize(item), 0) + 2 * (node.items.length - 1);
    case "repeat": {
      const size = programSize(node.item);
      const optional = node.max === Infinity ? size + 2 : (node.max - node.min) * (size + 1);
      return node.min * size + optional;
    }
  }
}

function emitProgram(tree: Node, size: number, caseInsensitive: boolean): Program {
  const ops = new Uint8Array(size);
  const a = new Int32Array(size);
  const b = new Int32Array(size);
  const sets: CharSet[] = [];
  const setIndexes = new Map<CharSet, number>();
  let count = 0;

  const push = (op: number, x = 0): number => {
    ops[count] = op;
    a[count] = x;
    return count++;
  };

  const emit = (node: Node): void => {
    switch (node.kind) {
      case "empty":
        return;
      case "char":
        push(OP_CHAR, caseInsensitive ? canonicalize(node.code) : node.code);
        return;
      case "any":
        push(OP_ANY);
        return;
      case "set": {
        // Unrolled repetitions share one set, so its answer is worked out once per character.
        let index = setIndexes.get(node.set);
        if (index === undefined) {
          index = sets.push(node.set) - 1;
          setIndexes.set(node.set, index);
        }
        push(OP_SET, index);
        return;
      }
      case "assert":
        push(OP_ASSERT, ASSERTION_CODES[node.assertion]);
        return;
      case "concat":
        for (const item of node.items) emit(item);
        return;
      case "alternate": {
        const exits: number[] = [];
        node.items.forEach((item, index) => {
          if (index === node.items.length - 1) {
            emit(item);
            return;
          }
          const split = push(OP_SPLIT, count + 1);
          emit(item);
          exits.push(push(OP_JUMP));
          b[split] = count;
        });
        for (const exit of exits) a[exit] = count;
        return;
      }
      case "repeat": {
        for (let i = 0; i < node.min; i++) emit(node.item);
        if (node.max === Infinity) {
          const split = push(OP_SPLIT, count + 1);
          emit(node.item);
          push(OP_JUMP, split);
          b[split] = count;
          return;
        }
        const splits: number[] = [];
        for (let i = node.min; i < node.max; i++) {
          splits.push(push(OP_SPLIT, count + 1));
          emit(node.item);
        }
        for (const split of splits) b[split] = count;
        return;
      }
    }
  };

  emit(tree);
  push(OP_MATCH);
  return { ops, a, b, sets, caseInsensitive, anchored: startsAnchored(tree) };
}

function startsAnchored(node: Node): boolean {
  if (node.kind === "assert") return node.assertion === "start";
  if (node.kind === "concat") return node.items[0] !== undefined && startsAnchored(node.items[0]);
  return false;
}

// ---------------------------------------------------------------------------
// Running

function run(program: Program, text: string): boolean {
  const length = text.length;
  if (length > MAX_INPUT_LENGTH) return false;
  const { ops, a, b, sets, caseInsensitive, anchored } = program;
  const size = ops.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  // seen[pc] === position + 1 when pc is already in the list for that position:
  // this is what keeps each step to one visit per character (and ends ε-loops).
  const seen = new Int32Array(size);
  const stack = new Int32Array(size);
  // Per set: the position + 1 its answer was computed for, and that answer.
  const setAt = new Int32Array(sets.length);
  const setAnswer = new Uint8Array(sets.length);

  const isWord = (at: number): boolean => {
    if (at < 0 || at >= length) return false;
    const c = text.charCodeAt(at);
    return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x61 && c <= 0x7a);
  };

  const holds = (assertion: number, at: number): boolean => {
    switch (assertion) {
      case 0:
        return at === 0;
      case 1:
        return at === length;
      case 2:
        return isWord(at - 1) !== isWord(at);
      default:
        return isWord(at - 1) === isWord(at);
    }
  };

  /** Adds `start` and every step reachable from it without reading to `list`; -1 when a match is reached. */
  const close = (start: number, at: number, list: Int32Array, listCount: number): number => {
    const stamp = at + 1;
    if (seen[start] === stamp) return listCount;
    seen[start] = stamp;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const pc = stack[--top]!;
      switch (ops[pc]) {
        case OP_MATCH:
          return -1;
        case OP_JUMP:
          if (seen[a[pc]!] !== stamp) {
            seen[a[pc]!] = stamp;
            stack[top++] = a[pc]!;
          }
          break;
        case OP_SPLIT:
          if (seen[b[pc]!] !== stamp) {
            seen[b[pc]!] = stamp;
            stack[top++] = b[pc]!;
          }
          if (seen[a[pc]!] !== stamp) {
            seen[a[pc]!] = stamp;
            stack[top++] = a[pc]!;
          }
          break;
        case OP_ASSERT:
          if (holds(a[pc]!, at) && seen[pc + 1] !== stamp) {
            seen[pc + 1] = stamp;
            stack[top++] = pc + 1;
          }
          break;
        default:
          list[listCount++] = pc;
      }
    }
    return listCount;
  };

  let count = 0;
  for (let at = 0; ; at++) {
    if (at === 0 || !anchored) {
      count = close(0, at, current, count);
      if (count < 0) return true;
    }
    if (at === length || count === 0) {
      if (at === length || anchored) return false;
      continue;
    }
    const code = text.charCodeAt(at);
    const folded = caseInsensitive ? canonicalize(code) : code;
    let nextCount = 0;
    for (let i = 0; i < count; i++) {
      const pc = current[i]!;
      let accepts: boolean;
      switch (ops[pc]) {
        case OP_CHAR:
          accepts = folded === a[pc];
          break;
        case OP_ANY:
          accepts = code !== 0x0a && code !== 0x0d && code !== 0x2028 && code !== 0x2029;
          break;
        default: {
          const index = a[pc]!;
          if (setAt[index] !== at + 1) {
            const set = sets[index]!;
            setAt[index] = at + 1;
            setAnswer[index] = setAccepts(set.ranges, code, caseInsensitive ? folded : -1) !== set.negated ? 1 : 0;
          }
          accepts = setAnswer[index] === 1;
        }
      }
      if (accepts) {
        nextCount = close(pc + 1, at + 1, next, nextCount);
        if (nextCount < 0) return true;
      }
    }
    const swap = current;
    current = next;
    next = swap;
    count = nextCount;
  }
}

function inRanges(ranges: Ranges, code: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) {
    if (code < ranges[i]!) return false;
    if (code <= ranges[i + 1]!) return true;
  }
  return false;
}

/**
 * Whether a class contains `code`; with a case-folded `folded` (≥ 0), whether
 * it contains any character that folds to the same, which is how RegExp's `i`
 * flag defines class membership.
 */
function setAccepts(ranges: Ranges, code: number, folded: number): boolean {
  if (folded < 0) return inRanges(ranges, code);
  if (folded < 0x80) {
    // No non-ASCII character folds to ASCII, so an ASCII letter's only variants are its two cases.
    if (folded >= 0x41 && folded <= 0x5a) return inRanges(ranges, folded) || inRanges(ranges, folded + 0x20);
    return inRanges(ranges, code);
  }
  const variants = caseVariants(folded);
  if (variants === undefined) return inRanges(ranges, code);
  for (const variant of variants) if (inRanges(ranges, variant)) return true;
  return false;
}

/**
 * RegExp's case folding without the `u` flag (ECMAScript's Canonicalize): the
 * upper case of a code unit when that is one code unit and does not turn a
 * non-ASCII character into an ASCII one. Locale-independent by definition.
 */
function canonicalize(code: number): number {
  if (code < 0x80) return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const folded = upper.charCodeAt(0);
  return folded < 0x80 ? code : folded;
}

let variantsByFolded: Map<number, number[]> | undefined;

/** Every code unit that folds to `folded`, when there is more than one. */
function caseVariants(folded: number): readonly number[] | undefined {
  variantsByFolded ??= buildCaseVariants();
  return variantsByFolded.get(folded);
}

/**
 * Built once, on the first case-insensitive class test of a non-ASCII
 * character; it makes `(?i)[σ]` match 'ς' exactly as RegExp does.
 */
function buildCaseVariants(): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  const chunk: number[] = [];
  for (let from = 0; from <= 0xffff; from += 256) {
    chunk.length = 0;
    for (let code = from; code < from + 256; code++) chunk.push(code);
    // Upper-casing 256 units at once is ~20× faster than one by one. When no
    // unit expanded (ß → SS) the result lines up unit for unit; otherwise
    // this chunk is done one by one. Chunks are 256-aligned, so no surrogate
    // pair forms across them.
    const upper = String.fromCharCode(...chunk).toUpperCase();
    const aligned = upper.length === chunk.length;
    for (let code = from; code < from + 256; code++) {
      const target = aligned ? foldFromUpper(code, upper.charCodeAt(code - from)) : canonicalize(code);
      if (target === code) continue;
      const group = groups.get(target);
      if (group === undefined) groups.set(target, [code]);
      else group.push(code);
    }
  }
  for (const [target, group] of groups) {
    if (canonicalize(target) === target) group.push(target);
  }
  return groups;
}

function foldFromUpper(code: number, upper: number): number {
  return code >= 0x80 && upper < 0x80 ? code : upper;
}
