/**
 * Conditions -> plain closures, compiled once per rule set (no eval, no
 * `new Function`). Deciding is then a walk of function calls: `test` answers
 * the boolean and stops as soon as it is known; `trace` evaluates every branch
 * and says why, for `explain`, debugging and personalization traces.
 *
 * The semantics are json-rules-engine's condition format with our operators
 * (./operators.ts): `all` of nothing is true, `any` of nothing is false, a
 * named audience is expanded in place and keeps its name in the trace.
 */
import type { OperatorName } from "./operator-names.js";
import { OPERATORS } from "./operators.js";
import { factReader } from "./path.js";
import type { Condition, ConditionTrace, Context } from "./types.js";

/**
 * How many conditions one rule may have once its audiences are expanded.
 * Audiences can use audiences, so a small file can describe an exponentially
 * large condition (`a` = all of `b` twice, `b` = all of `c` twice, …); the cap
 * keeps compiling and evaluating bounded. Real rules stay in the tens.
 */
export const MAX_EXPANDED_CONDITIONS = 5_000;

/** One condition, compiled. */
export interface Compiled {
  /** Whether the context passes; short-circuits. Throws only when an input cannot be read. */
  test(context: Context): boolean;
  /** The same answer with the trace of every branch. */
  trace(context: Context): ConditionTrace;
}

/** Conditions compiled together (the `when` of each rule of a slot, a part of personalization). */
export interface ConditionEngine {
  /** The trace of each condition, in the order they were compiled. */
  run(context: Context): ConditionTrace[];
  readonly conditions: readonly Compiled[];
}

type Audiences = Readonly<Record<string, Condition>>;

/**
 * Compiles conditions sharing one audience table. Throws when a condition
 * names an unknown audience, when audiences refer to each other in a cycle,
 * or when one condition grows past {@link MAX_EXPANDED_CONDITIONS}.
 */
export function compileConditions(conditions: readonly Condition[], audiences: Audiences): ConditionEngine {
  const compiled = conditions.map((condition) => compileOne(condition, audiences, [], { count: 0 }));
  return { conditions: compiled, run: (context) => compiled.map((c) => c.trace(context)) };
}

function compileOne(condition: Condition, audiences: Audiences, expanding: string[], size: { count: number }): Compiled {
  if (++size.count > MAX_EXPANDED_CONDITIONS) {
    throw new Error(`a rule has more than ${MAX_EXPANDED_CONDITIONS} conditions once its audiences are expanded`);
  }
  const inner = (c: Condition) => compileOne(c, audiences, expanding, size);
  if ("fact" in condition) return fact(condition.fact, condition.operator, condition.value);
  if ("audience" in condition) {
    const name = condition.audience;
    const audience = Object.prototype.hasOwnProperty.call(audiences, name) ? audiences[name] : undefined;
    if (audience === undefined) throw new Error(`unknown audience '${name}'`);
    if (expanding.includes(name)) throw new Error(`audience '${name}' refers to itself`);
    expanding.push(name);
    const body = inner(audience);
    expanding.pop();
    return {
      test: body.test,
      trace(context) {
        const trace = body.trace(context);
        return { kind: "audience", audience: name, result: (trace as { result: boolean }).result, condition: trace };
      },
    };
  }
  if ("not" in condition) {
    const body = inner(condition.not);
    return {
      test: (context) => !body.test(context),
      trace(context) {
        const trace = body.trace(context);
        return { kind: "not", result: !(trace as { result: boolean }).result, condition: trace };
      },
    };
  }
  const all = "all" in condition;
  const parts = (all ? condition.all : condition.any).map(inner);
  return {
    // all: no part fails; any: some part passes.
    test: (context) => parts.some((part) => part.test(context) !== all) !== all,
    trace(context) {
      // Every part is traced, as json-rules-engine evaluates every branch.
      const conditions = parts.map((part) => part.trace(context));
      const result = conditions.some((trace) => (trace as { result: boolean }).result !== all) !== all;
      return { kind: all ? "all" : "any", result, conditions };
    },
  };
}

function fact(path: string, operator: OperatorName, expected: unknown): Compiled {
  const read = factReader(path);
  const { test } = OPERATORS[operator];
  // Copied once: a trace must not share the rule's own list with its reader.
  const shown = () => (Array.isArray(expected) ? [...expected] : expected);
  return {
    test: (context) => test(read(context), expected) === true,
    trace(context) {
      const actual = read(context);
      return { kind: "fact", fact: path, operator, expected: shown(), actual, result: test(actual, expected) === true };
    },
  };
}
