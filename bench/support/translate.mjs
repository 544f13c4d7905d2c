/**
 * Mechanical translation of Slotwise conditions into the peers' dialects, so
 * every engine runs the same rules written once (bench/fixtures/rules-20.json):
 * GrowthBook's MongoDB-style `evalCondition` conditions and json-logic-js.
 * Only what the fixture uses is translated; anything else throws, so a new
 * operator in the fixture cannot be silently dropped.
 */

const GROWTHBOOK_OPERATORS = {
  equal: "$eq",
  in: "$in",
  greaterThan: "$gt",
  greaterThanInclusive: "$gte",
  lessThan: "$lt",
  lessThanInclusive: "$lte",
};

/** A Slotwise condition as a GrowthBook condition. */
export function toGrowthBook(condition) {
  if ("all" in condition) return { $and: condition.all.map(toGrowthBook) };
  if ("any" in condition) return { $or: condition.any.map(toGrowthBook) };
  if ("not" in condition) return { $not: toGrowthBook(condition.not) };
  if ("fact" in condition) {
    // A list fact holding the value: one element equal to it.
    if (condition.operator === "contains") return { [condition.fact]: { $elemMatch: { $eq: condition.value } } };
    const operator = GROWTHBOOK_OPERATORS[condition.operator];
    if (operator) return { [condition.fact]: { [operator]: condition.value } };
  }
  throw new Error(`no GrowthBook translation for ${JSON.stringify(condition)}`);
}

const JSON_LOGIC_OPERATORS = {
  // Strict: json-logic's "==" coerces types, Slotwise never does.
  equal: "===",
  greaterThan: ">",
  greaterThanInclusive: ">=",
  lessThan: "<",
  lessThanInclusive: "<=",
};

/** A Slotwise condition as a json-logic rule. */
export function toJsonLogic(condition) {
  if ("all" in condition) return { and: condition.all.map(toJsonLogic) };
  if ("any" in condition) return { or: condition.any.map(toJsonLogic) };
  if ("not" in condition) return { "!": [toJsonLogic(condition.not)] };
  if ("fact" in condition) {
    const fact = { var: condition.fact };
    if (condition.operator === "in") return { in: [fact, condition.value] };
    if (condition.operator === "contains") return { in: [condition.value, fact] };
    const operator = JSON_LOGIC_OPERATORS[condition.operator];
    if (operator) return { [operator]: [fact, condition.value] };
  }
  throw new Error(`no json-logic translation for ${JSON.stringify(condition)}`);
}

/** Counts the fact tests of a condition. */
export function countFactTests(condition) {
  if ("all" in condition) return condition.all.reduce((n, c) => n + countFactTests(c), 0);
  if ("any" in condition) return condition.any.reduce((n, c) => n + countFactTests(c), 0);
  if ("not" in condition) return countFactTests(condition.not);
  return 1;
}
