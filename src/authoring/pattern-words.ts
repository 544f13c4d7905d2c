/**
 * Why a `matches` pattern cannot be used, in words for marketers: the
 * runtime (src/core/pattern/) refuses a pattern; ./pattern-explain.ts finds
 * the fault code and the pieces of the pattern it is about; this turns that
 * into a sentence and a fix hint.
 */
import { compilePattern, MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_REPEAT_COUNT, type SafeRegex } from "../core/pattern/compile.js";
import { type Fault as PatternFault, patternFault } from "./pattern-explain.js";

/** A compiled pattern, or why the pattern cannot be used, in words. */
export type PatternCheck = { ok: true; regex: SafeRegex } | { ok: false; message: string; hint?: string };

const UNSUPPORTED = "which Slotwise does not support";
const WITHOUT_IT = "write the condition without it, or split it into several conditions";
const REPEAT_TEXT = "repeat the text itself instead of referring back to a group";
const SPLIT_IT = "split it into several conditions inside 'any'";

type Words = (...detail: string[]) => [message: string, hint?: string];

const WORDS: Record<string, Words> = {
  tooLong: (length) => [`the pattern is ${length} characters long, more than the ${MAX_PATTERN_LENGTH} Slotwise allows`, `shorten it, or ${SPLIT_IT}`],
  tooComplex: () => [
    `the pattern is too complex to check quickly: its repetitions add up to more than ${MAX_PROGRAM_SIZE} steps`,
    `use smaller counts in '{…}', or ${SPLIT_IT}`,
  ],
  strayClose: () => ["the pattern has a ')' with no '(' before it", "write '\\)' for a literal ')'"],
  nothingToRepeat: (text) => [`the pattern has '${text}' with nothing before it to repeat`, `write '\\${text[0]}' for a literal '${text[0]}'`],
  assertRepeat: (quantifier, assertion) => [
    `the pattern has '${quantifier}' right after '${assertion}', which cannot be repeated`,
    `remove '${quantifier}', or write '\\${quantifier[0]}' for a literal '${quantifier[0]}'`,
  ],
  doubleRepeat: (again, quantifier) => [`the pattern has '${again}' right after the repetition '${quantifier}'`, "remove one of them"],
  countOrder: (core) => {
    const [min = "", max] = core.slice(1, -1).split(",");
    return [`the repetition '${core}' has its numbers the wrong way round`, `write '{${max ?? ""},${min}}'`];
  },
  countTooLarge: (core) => [
    `the repetition '${core}' is too large; Slotwise allows counts up to ${MAX_REPEAT_COUNT}`,
    "use a smaller count, or '+' or '*' for any number",
  ],
  lookahead: (text) => [`the pattern uses a lookahead '(${text}', ${UNSUPPORTED}`, WITHOUT_IT],
  lookbehind: (text) => [`the pattern uses a lookbehind '(${text}', ${UNSUPPORTED}`, WITHOUT_IT],
  groupName: () => [
    "the pattern has a group name that is not letters, digits and '_' between '(?<' and '>'",
    "write it like '(?<city>…)', or use '(?:…)' for an unnamed group",
  ],
  groupTwice: (name) => [`the pattern uses the group name '${name}' twice`, "give each group its own name"],
  flags: (text) => [
    `the pattern uses the flag group '(${text}', ${UNSUPPORTED}`,
    "only '(?i)' is supported, at the very start of the pattern, to ignore case in all of it",
  ],
  groupSyntax: (text) => [`the pattern uses '(${text}', ${UNSUPPORTED}`, "write '\\(' for a literal '(', or use '(?:…)' for a group"],
  unclosedGroup: (at) => [`the pattern opens a group '(' at character ${at} that is never closed`, "add ')', or write '\\(' for a literal '('"],
  backref: (digits) => [`the pattern uses a backreference '\\${digits}', ${UNSUPPORTED}`, REPEAT_TEXT],
  namedBackref: () => [`the pattern uses a named backreference '\\k<…>', ${UNSUPPORTED}`, REPEAT_TEXT],
  loneBackslash: () => ["the pattern ends with a lone '\\'", "write '\\\\' for a literal backslash"],
  octal: (digit) => [`the pattern uses the octal escape '\\0${digit}', ${UNSUPPORTED}`, "write a hex escape instead, e.g. '\\x01'"],
  hex: (letter) => [
    `the pattern has '\\${letter}' without ${letter === "x" ? "two" : "four"} hex digits after it`,
    letter === "x" ? "write it like '\\x41'" : "write it like '\\u00e9'",
  ],
  property: (letter) => [`the pattern uses a Unicode property '\\${letter}{…}', ${UNSUPPORTED}`, "list the characters instead, e.g. '[a-zA-Z]'"],
  unknownEscape: (letter) => [
    `the pattern uses '\\${letter}', which Slotwise does not know`,
    `write '${letter}' for the character itself, or '\\\\' for a backslash`,
  ],
  unclosedClass: (at) => [
    `the pattern opens a list of characters '[' at character ${at} that is never closed`,
    "add ']', or write '\\[' for a literal '['",
  ],
  rangeClass: (text) => [`the range '${text}' in '[…]' cannot start or end with a class like '\\d'`, "write '\\-' for a literal '-'"],
  rangeBackwards: (text, first, last) => [
    `the range '${text}' in '[…]' goes backwards`,
    `write '${String.fromCharCode(Number(last))}-${String.fromCharCode(Number(first))}'`,
  ],
  classEscape: (letter) => [
    `the pattern uses '\\${letter}' inside '[…]', ${UNSUPPORTED}`,
    letter === "B" ? "write 'B' for the letter itself" : "write '\\x01'-style hex escapes for character codes",
  ],
  posix: (text) => [
    `the pattern uses the class '${text}', ${UNSUPPORTED}`,
    "list the characters instead, e.g. '[a-zA-Z]' for letters, '\\d' for digits, '\\s' for spaces",
  ],
};

/** The fault in words; a code without words (a bug of ours) still reads as a sentence. */
export function patternFaultWords([code, ...detail]: PatternFault): { message: string; hint?: string } {
  const words = Object.prototype.hasOwnProperty.call(WORDS, code) ? WORDS[code]!(...detail.map(String)) : undefined;
  if (words === undefined) return { message: "Slotwise could not read the pattern" };
  const [message, hint] = words;
  return hint === undefined ? { message } : { message, hint };
}

/**
 * Compiles a pattern (as the runtime does), with the refusal in words.
 *
 * @example
 * checkPattern("spring(?=_sale)");
 * // { ok: false, message: "the pattern uses a lookahead '(?=', which Slotwise does not support",
 * //   hint: "write the condition without it, or split it into several conditions" }
 */
export function checkPattern(source: string): PatternCheck {
  const result = compilePattern(source);
  return result.ok ? result : { ok: false, ...patternFaultWords(patternFault(source)) };
}
