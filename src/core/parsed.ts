/**
 * Remembers which objects came out of `parseRuleSet`, so `evaluate` can trust
 * them without validating again and re-validates anything else it is given.
 */
import type { RuleSet } from "./types.js";

const parsed = new WeakSet<object>();

export function markParsed(ruleSet: RuleSet): RuleSet {
  parsed.add(ruleSet);
  return ruleSet;
}

export function isParsedRuleSet(value: unknown): value is RuleSet {
  return typeof value === "object" && value !== null && parsed.has(value);
}
