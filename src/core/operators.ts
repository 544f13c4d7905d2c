/**
 * What each operator means, for the engine (`OPERATORS[name].test`) and for
 * the runtime reader (`valueFits`; its words are src/authoring/operator-values.ts).
 * They replace json-rules-engine's
 * built-ins of the same names, so one set of rules holds everywhere:
 *
 * - A missing fact (`undefined`) never matches, whatever the operator, except
 *   `exists` with value `false`. So `notEqual`, `notIn` and `doesNotContain`
 *   do not match a visitor the context knows nothing about: "city is not
 *   Bangalore" should not select everyone whose city is unknown.
 * - `null` is a present value for `equal`, `notEqual`, `in`, `notIn` and
 *   `contains` (a list may hold null), but absent for `exists`.
 * - No type coercion: the text "10" is not the number 10, and a fact of the
 *   wrong type makes the condition false, negated operators included.
 *   NaN and ±Infinity are not numbers to any operator.
 */
import { toEpochMillis } from "./dates.js";
import { OPERATOR_NAMES, type OperatorName } from "./operator-names.js";
import { compilePattern, MAX_INPUT_LENGTH } from "./pattern/compile.js";
import { num } from "../runtime/util.js";

/** How one operator compares a fact with a condition's value. */
export interface OperatorSpec {
  /**
   * Whether the fact's value passes the condition. `fact` is `undefined` when
   * the context lacks it; `expected` is the condition's `value` (`undefined`
   * when it has none). Returns false for wrong types; never throws.
   */
  test(fact: unknown, expected: unknown): boolean;
}

type Scalar = string | number | boolean | null;
type Test = (fact: unknown, expected: unknown) => boolean;

/** The kinds of `value` an operator takes; each has its check (valueFits) and its words (authoring). */
export type ValueKind = "scalar" | "text" | "number" | "list" | "presence" | "pattern" | "date";

export const isNumber = num;
export const isText = (value: unknown): value is string => typeof value === "string";
export const isScalar = (value: unknown): value is Scalar => value === null || isText(value) || typeof value === "boolean" || num(value);

/** Both fact and value pass `is`, then `test` compares them. */
const both =
  <T>(is: (value: unknown) => value is T, test: (fact: T, expected: T) => boolean): Test =>
  (f, v) =>
    is(f) && is(v) && test(f, v);
const list = (v: unknown): v is unknown[] => Array.isArray(v);

/** true / false for a list or text fact, undefined when the fact or value is of the wrong type. */
const contains = (f: unknown, v: unknown): boolean | undefined =>
  list(f) ? (isScalar(v) ? f.includes(v) : undefined) : isText(f) && isText(v) ? f.includes(v) : undefined;

/**
 * Case-insensitive form of a text. NFC first, so 'é' typed as one or two
 * code points is the same; then upper- and lower-casing, which follow the
 * Unicode default mappings (never the visitor's locale), so 'Straße' and
 * 'STRASSE' compare equal everywhere, and Turkish 'İ' does not depend on
 * the browser's language.
 */
const fold = (text: string): string => text.normalize("NFC").toUpperCase().toLowerCase();

/** Negative / positive when fact is before / after value; NaN when either is not a date. */
const compareDates = (f: unknown, v: unknown): number => {
  const a = toEpochMillis(f);
  const b = toEpochMillis(v);
  return a === undefined || b === undefined ? NaN : a - b;
};

/** The tests, in the order of OPERATOR_NAMES. */
const TESTS: Test[] = [
  both(isScalar, (f, v) => f === v),
  both(isScalar, (f, v) => f !== v),
  both(isText, (f, v) => fold(f) === fold(v)),
  // A list never holds NaN here (isScalar refuses it), so includes is ===.
  (f, v) => isScalar(f) && list(v) && v.includes(f),
  (f, v) => isScalar(f) && list(v) && !v.includes(f),
  (f, v) => contains(f, v) === true,
  (f, v) => contains(f, v) === false,
  both(num, (f, v) => f < v),
  both(num, (f, v) => f <= v),
  both(num, (f, v) => f > v),
  both(num, (f, v) => f >= v),
  both(isText, (f, v) => f.startsWith(v)),
  both(isText, (f, v) => f.endsWith(v)),
  (f, v) => {
    const present = f != null;
    return v === undefined || v === true ? present : v === false && !present;
  },
  both(isText, (f, v) => {
    const compiled = f.length <= MAX_INPUT_LENGTH && compilePattern(v);
    return !!compiled && compiled.ok && compiled.regex.test(f);
  }),
  (f, v) => compareDates(f, v) < 0,
  (f, v) => compareDates(f, v) > 0,
];

/** Each operator's ValueKind, by its first letter, in the order of OPERATOR_NAMES. */
const KINDS = "sstllssnnnnttpmdd";
const KIND_NAMES: Record<string, ValueKind> = { s: "scalar", t: "text", n: "number", l: "list", p: "presence", m: "pattern", d: "date" };

interface Definition {
  kind: ValueKind;
  test(fact: unknown, expected: unknown): boolean;
}

/** Each operator's kind of value and test (the authoring face's words read `kind`). */
export const DEFINITIONS: Record<OperatorName, Definition> = /* @__PURE__ */ (() =>
  Object.fromEntries(OPERATOR_NAMES.map((name, i) => [name, { kind: KIND_NAMES[KINDS[i]!]!, test: TESTS[i]! }])) as Record<OperatorName, Definition>)();

/** An operator's test, unguarded: the reader's fact closure catches what a host's fact throws. */
export const testOf = (name: OperatorName): Test => TESTS[OPERATOR_NAMES.indexOf(name)]!;

/**
 * Every operator, by name. The engine registers these in place of
 * json-rules-engine's own.
 *
 * A context can hold anything a host app put there (a Proxy, a getter that
 * throws); evaluation must still answer, so such a fact just does not match.
 *
 * @example
 * OPERATORS.greaterThan.test(12, 10); // true
 * OPERATORS.greaterThan.test("12", 10); // false: no coercion
 * OPERATORS.notEqual.test(undefined, "Bangalore"); // false: the fact is missing
 */
export const OPERATORS: Readonly<Record<OperatorName, OperatorSpec>> = /* @__PURE__ */ (() =>
  Object.freeze(
    Object.fromEntries(
      OPERATOR_NAMES.map((name, i) => [
        name,
        Object.freeze({
          test: (f: unknown, v: unknown) => {
            try {
              return TESTS[i]!(f, v);
            } catch {
              return false;
            }
          },
        }),
      ]),
    ) as Record<OperatorName, OperatorSpec>,
  ))();

// Seconds since 1970 for 2001–5138 are 10⁹–10¹¹; read as milliseconds they fall
// in January–March 1970, a date no marketing rule means.
export const SECONDS_LOOKALIKE = { from: 1e9, to: 1e11 };

/** The value checks of each kind (by KINDS letter). */
const FITS: Record<string, (value: unknown) => boolean> = {
  s: isScalar,
  t: isText,
  n: num,
  l: (v) => list(v) && v.every(isScalar),
  p: (v) => typeof v === "boolean",
  m: (v) => isText(v) && compilePattern(v).ok,
  d: (v) => toEpochMillis(v) !== undefined && (isText(v) || (num(v) && !(v >= 1e9 && v < 1e11))),
};

/**
 * Whether `value` suits the operator: what checkOperatorValue (authoring) checks, as a
 * yes or no without the sentences (the runtime reader's question).
 */
export function valueFits(operator: OperatorName, value: unknown): boolean {
  const kind = KINDS[OPERATOR_NAMES.indexOf(operator)];
  return !kind || (value === undefined ? kind === "p" : FITS[kind]!(value));
}
