// TEMPORARY development stub (helper A); removed before hand-off.
import type { OperatorName } from "./operator-names.js";
export function checkOperatorValue(operator: OperatorName, value: unknown): { code: "WRONG_VALUE_TYPE" | "BAD_PATTERN" | "BAD_DATE"; message: string; hint?: string } | null {
  if (operator === "exists") return value === undefined || typeof value === "boolean" ? null : { code: "WRONG_VALUE_TYPE", message: `operator 'exists' needs true or false` };
  if (value === undefined) return { code: "WRONG_VALUE_TYPE", message: `operator '${operator}' needs a value` };
  if (operator.startsWith("greater") || operator.startsWith("less")) {
    if (typeof value !== "number") return { code: "WRONG_VALUE_TYPE", message: `operator '${operator}' needs a number, but the value is the text '${String(value)}'`, hint: `write ${String(value)} without quotes` };
  }
  if (operator === "matches" && value === "(") return { code: "BAD_PATTERN", message: "bad pattern" };
  if ((operator === "before" || operator === "after") && typeof value === "string" && !/^\d{4}-\d\d-\d\d/.test(value)) return { code: "BAD_DATE", message: "bad date" };
  if ((operator === "in" || operator === "notIn") && !Array.isArray(value)) return { code: "WRONG_VALUE_TYPE", message: `operator '${operator}' needs a list of values` };
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return { code: "WRONG_VALUE_TYPE", message: `operator '${operator}' needs a value, but it is an object` };
  return null;
}
