/**
 * `slotwise explain rules.json --context visitor.json`: for each slot, what
 * this visitor sees and why — every rule tried and, inside it, every condition
 * with the value the visitor has. Written in words, so it reads the same with
 * or without colour.
 */
import type { ConditionTrace, Decision, RuleTrace } from "../core/types.js";

export function formatExplanation(decisions: readonly Decision[]): string {
  return decisions.map(formatDecision).join("\n\n");
}

function formatDecision(decision: Decision): string {
  return [headline(decision), ...decision.trace.flatMap((rule) => formatRule(rule, "  "))].join("\n");
}

function headline(decision: Decision): string {
  const slot = `slot '${decision.slot}'`;
  switch (decision.reason) {
    case "MATCH":
      return `${slot}: shows '${decision.variant}' (rule '${decision.rule}' matched)`;
    case "DEFAULT":
      return decision.trace.length === 0
        ? `${slot}: keeps its default content (it has no rules)`
        : `${slot}: keeps its default content (no rule matched)`;
    case "ERROR":
      return `${slot}: keeps its default content because of an error (${decision.errorCode ?? "unknown"})`;
  }
}

function formatRule(rule: RuleTrace, indent: string): string[] {
  const head = `${indent}rule '${rule.rule}': ${rule.matched ? "matched" : "did not match"}`;
  if (!rule.condition) return [`${head} (no "when": it always matches)`];
  return [head, ...formatCondition(rule.condition, `${indent}  `)];
}

function formatCondition(trace: ConditionTrace, indent: string): string[] {
  switch (trace.kind) {
    case "fact":
      return [
        `${indent}${mark(trace.result)} ${trace.fact} ${trace.operator} ${show(trace.expected)}` +
          ` (this visitor: ${trace.actual === undefined ? "missing" : show(trace.actual)})`,
      ];
    case "all":
    case "any":
      return [
        `${indent}${mark(trace.result)} ${trace.kind === "all" ? "all of" : "any of"}:`,
        ...trace.conditions.flatMap((child) => formatCondition(child, `${indent}  `)),
      ];
    case "not":
      return [`${indent}${mark(trace.result)} not:`, ...formatCondition(trace.condition, `${indent}  `)];
    case "audience":
      return [
        `${indent}${mark(trace.result)} audience '${trace.audience}':`,
        ...formatCondition(trace.condition, `${indent}  `),
      ];
    case "skipped":
      return [`${indent}- (not checked: the result was already decided)`];
  }
}

function mark(result: boolean): string {
  return result ? "yes" : "no ";
}

function show(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}
