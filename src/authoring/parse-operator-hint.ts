/**
 * "Did you mean …?" for operators. Besides slips (`equals`, `greater_than`),
 * authors bring names from other tools (`eq`, `>=`, `regex`): those are
 * mapped by hand, since no edit distance would find them.
 */
import { OPERATOR_NAMES, type OperatorName } from "../core/operator-names.js";
import { hasOwn, quote, quoteList } from "./parse-describe.js";
import { closestName, type SuggestBudget } from "./suggest.js";

const FROM_OTHER_TOOLS: Readonly<Record<string, OperatorName>> = {
  "=": "equal",
  "==": "equal",
  "===": "equal",
  eq: "equal",
  is: "equal",
  "!=": "notEqual",
  "!==": "notEqual",
  "<>": "notEqual",
  ne: "notEqual",
  neq: "notEqual",
  isnot: "notEqual",
  ">": "greaterThan",
  gt: "greaterThan",
  ">=": "greaterThanInclusive",
  gte: "greaterThanInclusive",
  greaterthanorequal: "greaterThanInclusive",
  greaterthanorequalto: "greaterThanInclusive",
  "<": "lessThan",
  lt: "lessThan",
  "<=": "lessThanInclusive",
  lte: "lessThanInclusive",
  lessthanorequal: "lessThanInclusive",
  lessthanorequalto: "lessThanInclusive",
  includes: "contains",
  has: "contains",
  excludes: "doesNotContain",
  notcontains: "doesNotContain",
  doesnotinclude: "doesNotContain",
  oneof: "in",
  nin: "notIn",
  notoneof: "notIn",
  regex: "matches",
  regexp: "matches",
  match: "matches",
  like: "matches",
  defined: "exists",
  isset: "exists",
  present: "exists",
};

/** The hint for an operator name that is not one of ours. */
export function operatorHint(written: string, budget: SuggestBudget): string {
  const key = written.toLowerCase().replace(/[\s_-]+/g, "");
  const meant = (hasOwn(FROM_OTHER_TOOLS, key) ? FROM_OTHER_TOOLS[key] : undefined) ?? closestName(written, OPERATOR_NAMES, budget);
  return meant === undefined ? `use one of ${quoteList(OPERATOR_NAMES)}` : `did you mean ${quote(meant)}?`;
}
