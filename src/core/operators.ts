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
import type { OperatorName } from "./operator-names.js";
import { compilePattern, MAX_INPUT_LENGTH } from "./pattern/compile.js";
import { own } from "../runtime/util.js";

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

/** The kinds of `value` an operator takes; each has its check (valueFits) and its words (authoring). */
export type ValueKind = "scalar" | "text" | "number" | "list" | "presence" | "pattern" | "date";


interface Definition {
  kind: ValueKind;
  test(fact: unknown, expected: unknown): boolean;
}

export const DEFINITIONS: Record<OperatorName, Definition> = {
  equal: { kind: "scalar", test: (f, v) => isScalar(f) && isScalar(v) && f === v },
  notEqual: { kind: "scalar", test: (f, v) => isScalar(f) && isScalar(v) && f !== v },
  equalIgnoreCase: {
    kind: "text",
    test: (f, v) => isText(f) && isText(v) && foldCase(f) === foldCase(v),
  },
  in: { kind: "list", test: (f, v) => isScalar(f) && isList(v) && listHas(v, f) },
  notIn: { kind: "list", test: (f, v) => isScalar(f) && isList(v) && !listHas(v, f) },
  contains: { kind: "scalar", test: (f, v) => contains(f, v) === true },
  doesNotContain: { kind: "scalar", test: (f, v) => contains(f, v) === false },
  lessThan: { kind: "number", test: (f, v) => isNumber(f) && isNumber(v) && f < v },
  lessThanInclusive: { kind: "number", test: (f, v) => isNumber(f) && isNumber(v) && f <= v },
  greaterThan: { kind: "number", test: (f, v) => isNumber(f) && isNumber(v) && f > v },
  greaterThanInclusive: { kind: "number", test: (f, v) => isNumber(f) && isNumber(v) && f >= v },
  startsWith: { kind: "text", test: (f, v) => isText(f) && isText(v) && f.startsWith(v) },
  endsWith: { kind: "text", test: (f, v) => isText(f) && isText(v) && f.endsWith(v) },
  exists: {
    kind: "presence",
    test: (f, v) => {
      const present = f !== undefined && f !== null;
      if (v === undefined || v === true) return present;
      return v === false && !present;
    },
  },
  matches: { kind: "pattern", test: (f, v) => isText(f) && isText(v) && matches(f, v) },
  before: { kind: "date", test: (f, v) => compareDates(f, v) < 0 },
  after: { kind: "date", test: (f, v) => compareDates(f, v) > 0 },
};

/**
 * Every operator, by name. The engine registers these in place of
 * json-rules-engine's own.
 *
 * @example
 * OPERATORS.greaterThan.test(12, 10); // true
 * OPERATORS.greaterThan.test("12", 10); // false: no coercion
 * OPERATORS.notEqual.test(undefined, "Bangalore"); // false: the fact is missing
 */
export const OPERATORS: Readonly<Record<OperatorName, OperatorSpec>> = Object.freeze(
  Object.fromEntries(
    Object.entries(DEFINITIONS).map(([name, definition]) => [
      name,
      Object.freeze({ test: guarded(definition.test) }),
    ]),
  ) as Record<OperatorName, OperatorSpec>,
);

// A context can hold anything a host app put there (a Proxy, a getter that
// throws); evaluation must still answer, so such a fact just does not match.
function guarded(test: (fact: unknown, expected: unknown) => boolean): OperatorSpec["test"] {
  return (fact, expected) => {
    try {
      return test(fact, expected);
    } catch {
      return false;
    }
  };
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === "string" || typeof value === "boolean" || isNumber(value);
}

export function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

export function isText(value: unknown): value is string {
  return typeof value === "string";
}

function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function listHas(list: readonly unknown[], item: Scalar): boolean {
  for (const element of list) if (element === item) return true;
  return false;
}

/**
 * Case-insensitive form of a text. NFC first, so 'é' typed as one or two
 * code points is the same; then upper- and lower-casing, which follow the
 * Unicode default mappings (never the visitor's locale), so 'Straße' and
 * 'STRASSE' compare equal everywhere, and Turkish 'İ' does not depend on
 * the browser's language.
 */
function foldCase(text: string): string {
  return text.normalize("NFC").toUpperCase().toLowerCase();
}

/** true / false for a list or text fact, undefined when the fact or value is of the wrong type. */
function contains(fact: unknown, value: unknown): boolean | undefined {
  if (Array.isArray(fact)) return isScalar(value) ? listHas(fact, value) : undefined;
  if (isText(fact) && isText(value)) return fact.includes(value);
  return undefined;
}

function matches(text: string, pattern: string): boolean {
  if (text.length > MAX_INPUT_LENGTH) return false;
  const compiled = compilePattern(pattern);
  return compiled.ok && compiled.regex.test(text);
}

/** Negative / positive when fact is before / after value; NaN when either is not a date. */
function compareDates(fact: unknown, value: unknown): number {
  const a = toEpochMillis(fact);
  const b = toEpochMillis(value);
  return a === undefined || b === undefined ? NaN : a - b;
}

/**
 * Whether `value` suits the operator: what checkOperatorValue (authoring) checks, as a
 * yes or no without the sentences (the runtime reader's question).
 */
export function valueFits(operator: OperatorName, value: unknown): boolean {
  if (!own(DEFINITIONS, operator)) return true;
  const { kind } = DEFINITIONS[operator];
  if (value === undefined) return kind === "presence";
  switch (kind) {
    case "scalar":
      return isScalar(value);
    case "text":
      return isText(value);
    case "number":
      return isNumber(value);
    case "list":
      return Array.isArray(value) && value.every(isScalar);
    case "presence":
      return typeof value === "boolean";
    case "pattern":
      return isText(value) && compilePattern(value).ok;
    case "date":
      if (typeof value === "number") return toEpochMillis(value) !== undefined && !(value >= SECONDS_LOOKALIKE.from && value < SECONDS_LOOKALIKE.to);
      return isText(value) && toEpochMillis(value) !== undefined;
  }
}

// Seconds since 1970 for 2001–5138 are 10⁹–10¹¹; read as milliseconds they fall
// in January–March 1970, a date no marketing rule means.
export const SECONDS_LOOKALIKE = { from: 1e9, to: 1e11 };

