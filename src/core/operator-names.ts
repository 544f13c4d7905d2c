/**
 * Every operator a condition may use, in the order the README documents them.
 * Kept apart from their implementations so the schema (and the JSON Schema that
 * editors read) can list them without pulling in any evaluation code.
 */
export const OPERATOR_NAMES = [
  "equal",
  "notEqual",
  "equalIgnoreCase",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
  "startsWith",
  "endsWith",
  "exists",
  "matches",
  "before",
  "after",
] as const;

export type OperatorName = (typeof OPERATOR_NAMES)[number];
