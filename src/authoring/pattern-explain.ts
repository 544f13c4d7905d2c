/**
 * Why the runtime (src/core/pattern/compile.ts) refuses a `matches` pattern:
 * this reads the pattern as the runtime does, but says where and what, as a
 * Fault (a code and the pieces of the pattern it names) that
 * ./pattern-words.ts puts in words. The runtime only answers yes or no; the
 * two agree on which patterns they accept (test/pattern.test.ts).
 */
import { MAX_PATTERN_LENGTH, MAX_REPEAT_COUNT } from "../core/pattern/compile.js";

/** Why a pattern cannot be used: a code, then the pieces of the pattern it names. */
export type Fault = [code: string, ...detail: (string | number)[]];

/** Tests one character (one UTF-16 code unit). */
export type Atom = (char: string) => boolean;

export const ATOM = 0;
export const ASSERT = 1;
export const SEQUENCE = 2;
export const EITHER = 3;
export const REPEAT = 4;

/** `^`, `$`, `\b`, `\B`, in the order of their codes. */
export const ASSERTIONS = ["^", "$", "\\b", "\\B"];

export type Node =
  | [typeof ATOM, number]
  | [typeof ASSERT, number]
  | [typeof SEQUENCE, Node[]]
  | [typeof EITHER, Node[]]
  | [typeof REPEAT, Node, number, number];


const QUANTIFIER = /(?:([*+?])|\{(\d+)(,(\d*))?\})\??/y;

const fail = (...fault: Fault): never => {
  throw fault;
};

/**
 * Why the runtime refuses `source` (which it refused): the first fault its
 * reading finds, or `tooLong` / `tooComplex` (the program-size cap).
 */
export function patternFault(source: string): Fault {
  if (source.length > MAX_PATTERN_LENGTH) return ["tooLong", source.length];
  const ignoreCase = source.startsWith("(?i)");
  try {
    parse(ignoreCase ? source.slice(4) : source, [], ignoreCase);
  } catch (fault) {
    return Array.isArray(fault) ? (fault as Fault) : ["unread"];
  }
  return ["tooComplex"];
}

/** The tree of `src` (without its `(?i)`); each one-character piece becomes an entry of `atoms`. */
function parse(src: string, atoms: Atom[], ignoreCase: boolean): Node {
  let pos = 0;
  const names = new Set<string>();
  const next = (at = pos + 1): string => src[at] || "";
  const quantifierAt = (at: number): RegExpExecArray | null => {
    QUANTIFIER.lastIndex = at;
    return QUANTIFIER.exec(src);
  };
  const atom = (from: number): Node => {
    const text = src.slice(from, pos);
    if (text.length === 1 && text !== "." && !ignoreCase) return [ATOM, atoms.push((char) => char === text) - 1];
    let native: RegExp | undefined;
    try {
      native = new RegExp(text, ignoreCase ? "i" : "");
    } catch {
      fail("unread");
    }
    return [ATOM, atoms.push((char) => native!.test(char)) - 1];
  };

  const either = (): Node => {
    const items = [sequence()];
    while (src[pos] === "|") {
      pos++;
      items.push(sequence());
    }
    return items.length > 1 ? [EITHER, items] : items[0]!;
  };

  const sequence = (): Node => {
    const items: Node[] = [];
    while (pos < src.length && src[pos] !== "|" && src[pos] !== ")") {
      const item = piece();
      const found = quantifierAt(pos);
      if (!found) {
        items.push(item);
        continue;
      }
      const [quantifier, sign, low, comma, high] = found;
      pos += quantifier.length;
      // `*` is 0 to Infinity. Lazy forms run as greedy: only match or not is asked.
      const min = sign ? +(sign === "+") : +low!;
      const max = sign ? (sign === "?" ? 1 : Infinity) : !comma ? min : high ? +high : Infinity;
      const core = `{${low}${comma || ""}}`;
      if (min > max) fail("countOrder", core);
      if (Math.max(min, max === Infinity ? 0 : max) > MAX_REPEAT_COUNT) fail("countTooLarge", core);
      if (item[0] === ASSERT) fail("assertRepeat", quantifier, ASSERTIONS[item[1]]!);
      const again = quantifierAt(pos);
      if (again) fail("doubleRepeat", again[0], quantifier);
      items.push([REPEAT, item, min, max]);
    }
    return items.length === 1 ? items[0]! : [SEQUENCE, items];
  };

  const piece = (): Node => {
    const char = src[pos]!;
    const from = pos++;
    if (char === "(") return group(from);
    if (char === "[") return charClass(from);
    if (char === "^" || char === "$") return [ASSERT, char === "^" ? 0 : 1];
    if (char === "\\") return escape(from);
    if ("*+?".includes(char)) fail("nothingToRepeat", char);
    // A '{' that does not form {m,n} is a literal, as in JavaScript.
    const braces = char === "{" && quantifierAt(from);
    if (braces) fail("nothingToRepeat", braces[0]);
    return atom(from);
  };

  const group = (open: number): Node => {
    if (src[pos] === "?") {
      const rest = src.slice(pos, pos + 3);
      const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(pos));
      if (rest.startsWith("?:")) pos += 2;
      else if (/^\?[=!]/.test(rest)) fail("lookahead", rest.slice(0, 2));
      else if (rest === "?<=" || rest === "?<!") fail("lookbehind", rest);
      else if (named) {
        if (names.has(named[1]!)) fail("groupTwice", named[1]!);
        names.add(named[1]!);
        pos += named[0].length;
      } else if (rest.startsWith("?<")) fail("groupName");
      else if (/^\?[a-z-]/.test(rest)) fail("flags", /^\?[a-z-]*[:)]?/.exec(src.slice(pos, pos + 12))![0]);
      else fail("groupSyntax", src.slice(pos, pos + 2));
    }
    const inner = either();
    if (src[pos++] !== ")") fail("unclosedGroup", open + 1);
    // Wrapped so that '(^)*', which JavaScript accepts, is not taken for a bare '^*'.
    return inner[0] === ASSERT ? [SEQUENCE, [inner]] : inner;
  };

  const escape = (from: number): Node => {
    const char = next(from + 1);
    if (char === "b" || char === "B") {
      pos++;
      return [ASSERT, char === "b" ? 2 : 3];
    }
    if (char >= "1" && char <= "9") fail("backref", /\d+/.exec(src.slice(pos))![0]);
    if (char === "k" && next() === "<") fail("namedBackref");
    pos = from;
    readEscape(false);
    return atom(from);
  };

  /** Reads the escape at pos; its code unit, or -1 for \d \w \s and their capitals. */
  const readEscape = (inClass: boolean): number => {
    const char = next();
    if (char === "") fail("loneBackslash");
    pos += 2;
    if ("dDwWsS".includes(char)) return -1;
    const control = "tnvfr".indexOf(char);
    if (control >= 0) return 9 + control;
    if (inClass && char === "b") return 8; // [\b] is backspace, as in JavaScript
    if (char === "0") return /\d/.test(next(pos)) ? fail("octal", src[pos]!) : 0;
    if (char === "x" || char === "u") {
      const width = char === "x" ? 2 : 4;
      const hex = src.slice(pos, (pos += width));
      if (hex.length < width || /[^\dA-Fa-f]/.test(hex)) fail("hex", char);
      return parseInt(hex, 16);
    }
    if (char === "c" && /[A-Za-z]/.test(next(pos))) return src.charCodeAt(pos++) % 32;
    if (char === "p" || char === "P") fail("property", char);
    if (/[\dA-Za-z]/.test(char)) fail("unknownEscape", char);
    return char.charCodeAt(0);
  };

  const charClass = (open: number): Node => {
    if (src[pos] === "^") pos++;
    while (src[pos] !== "]") {
      if (pos >= src.length) fail("unclosedClass", open + 1);
      const from = pos;
      const first = classMember();
      if (src[pos] === "-" && pos + 1 < src.length && src[pos + 1] !== "]") {
        pos++;
        const last = classMember();
        const text = src.slice(from, pos);
        if (first < 0 || last < 0) fail("rangeClass", text);
        if (first > last) fail("rangeBackwards", text, first, last);
      }
    }
    pos++;
    return atom(open);
  };

  const classMember = (): number => {
    if (src[pos] === "\\") {
      const char = next();
      if (char === "B" || (char >= "1" && char <= "9")) fail("classEscape", char);
      return readEscape(true);
    }
    const posix = /^\[:[a-z]+:\]/.exec(src.slice(pos, pos + 12));
    if (posix) fail("posix", posix[0]);
    return src.charCodeAt(pos++);
  };

  const tree = either();
  // sequence() only stops early at a ')' it did not open.
  if (pos < src.length) fail("strayClose");
  return tree;
}
