/**
 * Every operator a condition may use, in the order the README documents them.
 * Kept apart from their implementations so the schema (and the JSON Schema that
 * editors read) can list them without pulling in any evaluation code.
 */
export type OperatorName =
  | "equal"
  | "notEqual"
  | "equalIgnoreCase"
  | "in"
  | "notIn"
  | "contains"
  | "doesNotContain"
  | "lessThan"
  | "lessThanInclusive"
  | "greaterThan"
  | "greaterThanInclusive"
  | "startsWith"
  | "endsWith"
  | "exists"
  | "matches"
  | "before"
  | "after";

// One string, split: fewer bytes than a list of seventeen.
export const OPERATOR_NAMES = /* @__PURE__ */ "equal notEqual equalIgnoreCase in notIn contains doesNotContain lessThan lessThanInclusive greaterThan greaterThanInclusive startsWith endsWith exists matches before after".split(
  " ",
) as unknown as readonly [OperatorName, ...OperatorName[]];
