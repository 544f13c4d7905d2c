/**
 * The authoring face of the operators (src/core/operators.ts): why a
 * condition's `value` does not suit its operator, in words with a fix hint.
 * The runtime asks the same question without words (valueFits).
 */
import { checkPattern } from "./pattern-words.js";
import { toEpochMillis } from "../core/dates.js";
import { explainBadDate } from "./explain-date.js";
import type { OperatorName } from "../core/operator-names.js";
import { DEFINITIONS, isNumber, isScalar, isText, SECONDS_LOOKALIKE, type ValueKind } from "../core/operators.js";

/** What each kind of operator's `value` must be, in words. */
const EXPECTS: Record<ValueKind, string> = {
  scalar: "a single value",
  text: "a text",
  number: "a number",
  list: "a list of values",
  presence: "true or false",
  pattern: "a pattern written as text",
  date: "a date",
};

/** A value to show in the hint when a condition has none. */
const EXAMPLES: Record<OperatorName, string> = {
  equal: '"Bangalore"',
  notEqual: '"Bangalore"',
  in: '["Bangalore", "Mumbai"]',
  notIn: '["Bangalore", "Mumbai"]',
  contains: '"vip"',
  doesNotContain: '"vip"',
  lessThan: "10",
  lessThanInclusive: "10",
  greaterThan: "10",
  greaterThanInclusive: "10",
  startsWith: '"/blog/"',
  endsWith: '".pdf"',
  matches: '"^spring_"',
  before: '"2026-12-01"',
  after: '"2026-12-01"',
  equalIgnoreCase: '"bangalore"',
  exists: "true",
};

/** Why a condition's `value` does not suit its operator, for parse faults. */
export interface OperatorValueFault {
  code: "WRONG_VALUE_TYPE" | "BAD_PATTERN" | "BAD_DATE";
  message: string;
  hint?: string;
}

/**
 * Checks a condition's `value` against what its operator takes, for the rule
 * file validator; `null` when it suits. `value` is `undefined` when the
 * condition has none, which only `exists` allows (meaning `true`).
 *
 * @example
 * checkOperatorValue("greaterThan", "10");
 * // { code: "WRONG_VALUE_TYPE",
 * //   message: "operator 'greaterThan' needs a number, but the value is the text '10'",
 * //   hint: "write 10 without quotes" }
 */
export function checkOperatorValue(operator: OperatorName, value: unknown): OperatorValueFault | null {
  // Own keys only: a name like 'toString' must not reach Object.prototype.
  // Unknown operators are reported by the validator itself.
  if (!Object.prototype.hasOwnProperty.call(DEFINITIONS, operator)) return null;
  const definition = DEFINITIONS[operator];
  const { kind } = definition;
  const needs = `operator '${operator}' needs ${EXPECTS[kind]}`;
  const wrong = (hint?: string): OperatorValueFault => {
    const fault: OperatorValueFault = { code: "WRONG_VALUE_TYPE", message: `${needs}, but the value is ${describe(value)}` };
    if (hint !== undefined) fault.hint = hint;
    return fault;
  };

  if (value === undefined) {
    if (kind === "presence") return null;
    return {
      code: "WRONG_VALUE_TYPE",
      message: `${needs}, but the condition has no 'value'`,
      hint: `add a value, e.g. "value": ${EXAMPLES[operator]}`,
    };
  }

  switch (kind) {
    case "scalar":
      if (isScalar(value)) return null;
      if (Array.isArray(value)) return wrong(LIST_HINTS[operator]);
      return wrong();

    case "text":
      if (isText(value)) return null;
      if (isNumber(value) || typeof value === "boolean") {
        return wrong(
          operator === "equalIgnoreCase"
            ? `use 'equal' to compare numbers and true/false, or write it in quotes: "${String(value)}"`
            : `write it in quotes: "${String(value)}"`,
        );
      }
      if (Array.isArray(value)) return wrong("use one condition per text, inside 'any'");
      return wrong();

    case "number":
      if (isNumber(value)) return null;
      if (isText(value) && /^\s*-?\d+(?:\.\d+)?\s*$/.test(value)) return wrong(`write ${value.trim()} without quotes`);
      return wrong();

    case "list":
      if (!Array.isArray(value)) {
        return isScalar(value) ? wrong(`write it as a list: ${JSON.stringify([value])}`) : wrong();
      }
      for (const [index, item] of value.entries()) {
        if (!isScalar(item)) {
          return {
            code: "WRONG_VALUE_TYPE",
            message: `${needs}, but item ${index + 1} of the list is ${describe(item)}`,
            hint: "a list may hold texts, numbers, true/false and null",
          };
        }
      }
      return null;

    case "presence":
      if (typeof value === "boolean") return null;
      if (value === "true" || value === "false") return wrong(`write ${value} without quotes`);
      return wrong("use true (the fact is present) or false (the fact is missing)");

    case "pattern": {
      if (!isText(value)) return wrong('write the pattern in quotes, e.g. "^spring_"');
      const compiled = checkPattern(value);
      if (compiled.ok) return null;
      const fault: OperatorValueFault = { code: "BAD_PATTERN", message: compiled.message };
      if (compiled.hint !== undefined) fault.hint = compiled.hint;
      return fault;
    }

    case "date":
      return checkDate(operator, value, wrong);
  }
}

const LIST_HINTS: Partial<Record<OperatorName, string>> = {
  equal: "use 'in' to match any of several values",
  notEqual: "use 'notIn' to exclude several values",
  contains: "use one 'contains' condition per value, inside 'all' or 'any'",
  doesNotContain: "use one 'doesNotContain' condition per value, inside 'all'",
};

function checkDate(
  operator: OperatorName,
  value: unknown,
  wrong: (hint?: string) => OperatorValueFault,
): OperatorValueFault | null {
  if (typeof value === "number") {
    if (toEpochMillis(value) === undefined) {
      return {
        code: "BAD_DATE",
        message: `operator '${operator}' needs a date, but the number ${String(value)} is not one`,
        hint: "write a date as '2026-12-01', or a number of milliseconds since 1970",
      };
    }
    if (value >= SECONDS_LOOKALIKE.from && value < SECONDS_LOOKALIKE.to) {
      return {
        code: "BAD_DATE",
        message: `operator '${operator}' needs a date, but the number ${value} looks like seconds since 1970, and Slotwise counts milliseconds`,
        hint: `write ${value * 1000}, or the date as text like '2026-12-01'`,
      };
    }
    return null;
  }
  if (isText(value)) {
    if (toEpochMillis(value) !== undefined) return null;
    const { problem, hint } = explainBadDate(value);
    return {
      code: "BAD_DATE",
      message: `operator '${operator}' needs a date, but the value '${shorten(value)}' ${problem}`,
      hint,
    };
  }
  return wrong("write a date as '2026-12-01', or a date and time with its offset as '2026-12-01T09:00:00+05:30'");
}

/** A value in words, after "the value is": "the text '10'", "a list", "null". */
function describe(value: unknown): string {
  if (typeof value === "string") return value === "" ? "an empty text" : `the text '${shorten(value)}'`;
  if (typeof value === "number") return Number.isFinite(value) ? `the number ${value}` : String(value);
  if (typeof value === "boolean" || value === null) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty list" : "a list";
  if (typeof value === "object") return "an object";
  return `a value of type ${typeof value}`;
}

const SHOWN_TEXT = 40;

function shorten(text: string): string {
  return text.length <= SHOWN_TEXT ? text : `${text.slice(0, SHOWN_TEXT)}…`;
}
