/**
 * The one door to json-rules-engine. It turns Slotwise conditions into the
 * engine's conditions, runs them, and reads the engine's per-condition results
 * back into Slotwise traces. Nothing else imports json-rules-engine, so
 * trimming or replacing it touches this file only.
 *
 * How our conditions map onto the engine's:
 * - the whole context is ONE engine fact ("context"); a fact path becomes the
 *   condition's `path`, read by our own resolver (./path.ts), so the engine's
 *   jsonpath-plus is never called;
 * - `{ "audience": NAME }` is expanded here (the engine's named conditions
 *   would drop the name from its results, and the trace must keep it);
 * - every operator is ours (./operators.ts), registered under the built-in
 *   names so they replace json-rules-engine's, whose `notEqual` / `notIn` /
 *   `doesNotContain` would match a missing fact.
 */
import { Engine, Fact } from "json-rules-engine";
import { OPERATOR_NAMES } from "./operator-names.js";
import { OPERATORS } from "./operators.js";
import { resolveFactPath } from "./path.js";
import type { Condition, ConditionTrace, Context } from "./types.js";

/**
 * How many conditions one rule may have once its audiences are expanded.
 * Audiences can use audiences, so a small file can describe an exponentially
 * large condition (`a` = all of `b` twice, `b` = all of `c` twice, …); the cap
 * keeps evaluation bounded. Real rules stay in the tens.
 */
export const MAX_EXPANDED_CONDITIONS = 5_000;

/** Idle engines kept per compiled unit; more are built when runs overlap. */
const MAX_IDLE_ENGINES = 4;

const CONTEXT_FACT = "context";

/** A condition in json-rules-engine's format. */
type EngineCondition =
  | { fact: string; path: string; operator: string; value: unknown }
  | { all: EngineCondition[] }
  | { any: EngineCondition[] }
  | { not: EngineCondition };

/** What the engine writes on a condition as it evaluates it. */
interface EngineNode {
  result?: unknown;
  factResult?: unknown;
  all?: EngineNode[];
  any?: EngineNode[];
  not?: EngineNode;
}

/** The parts of json-rules-engine's rule result read here. */
interface EngineRuleResult {
  name: unknown;
  result: unknown;
  conditions: EngineNode;
}

/** Conditions compiled for json-rules-engine, ready to run against contexts. */
export interface ConditionEngine {
  /**
   * Evaluates every condition against the context and returns the trace of
   * each, in the order they were compiled. Rejects when the engine fails.
   */
  run(context: Context): Promise<ConditionTrace[]>;
}

/**
 * Compiles conditions (e.g. the `when` of each rule of a slot) into a
 * reusable engine. Throws when a condition names an unknown audience, when
 * audiences refer to each other in a cycle, or when a condition grows past
 * {@link MAX_EXPANDED_CONDITIONS}: a parsed rule set only meets the last.
 */
export function compileConditions(
  conditions: readonly Condition[],
  audiences: Readonly<Record<string, Condition>>,
): ConditionEngine {
  // ONE engine rule holds every condition, under an `all` the engine does not
  // cut short: conditions of equal priority (we set none) are all evaluated,
  // together, before it combines their results. A rule costs far more to run
  // than a condition (result copies, events, promise chains), and the results
  // are read per condition, never from the rule.
  const rule = {
    name: "conditions",
    conditions: { all: conditions.map((condition) => toEngineCondition(condition, audiences, new Set(), { count: 0 })) },
    event: { type: "match" },
  };
  const idle: Engine[] = [];

  const build = (): Engine => {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolveFactPath });
    for (const name of OPERATOR_NAMES) {
      const operator = OPERATORS[name];
      engine.addOperator(name, (fact: unknown, expected: unknown) => operator.test(fact, expected) === true);
    }
    engine.addRule(rule);
    return engine;
  };

  return {
    async run(context) {
      // One engine per run at a time: json-rules-engine keeps its run status on
      // the engine, so overlapping runs of one engine could cut each other short.
      const engine = idle.pop() ?? build();
      // Uncached: the engine would otherwise serialise a cache key for the fact
      // on every run, and a constant fact is read from the fact itself anyway.
      const fact = new Fact(CONTEXT_FACT, context, { cache: false });
      const outcome = (await engine.run({ [CONTEXT_FACT]: fact })) as unknown as {
        results: EngineRuleResult[];
        failureResults: EngineRuleResult[];
      };
      // Read before the engine is reused: results may live on its own conditions.
      const nodes = [...outcome.results, ...outcome.failureResults].find((result) => result.name === rule.name)?.conditions.all;
      const traces = conditions.map((condition, index) => traceOf(condition, nodes?.[index], audiences));
      // A failed run is not given back: it may still have evaluations in flight.
      if (idle.length < MAX_IDLE_ENGINES) idle.push(engine);
      return traces;
    },
  };
}

function toEngineCondition(
  condition: Condition,
  audiences: Readonly<Record<string, Condition>>,
  expanding: Set<string>,
  size: { count: number },
): EngineCondition {
  size.count += 1;
  if (size.count > MAX_EXPANDED_CONDITIONS) {
    throw new Error(`a rule has more than ${MAX_EXPANDED_CONDITIONS} conditions once its audiences are expanded`);
  }
  if ("fact" in condition) {
    // `value` must be an own key even when absent (exists), or the engine refuses the condition.
    return { fact: CONTEXT_FACT, path: condition.fact, operator: condition.operator, value: condition.value };
  }
  if ("audience" in condition) {
    const name = condition.audience;
    const audience = Object.prototype.hasOwnProperty.call(audiences, name) ? audiences[name] : undefined;
    if (audience === undefined) throw new Error(`unknown audience '${name}'`);
    if (expanding.has(name)) throw new Error(`audience '${name}' refers to itself`);
    expanding.add(name);
    const expanded = toEngineCondition(audience, audiences, expanding, size);
    expanding.delete(name);
    return expanded;
  }
  if ("all" in condition) return { all: condition.all.map((c) => toEngineCondition(c, audiences, expanding, size)) };
  if ("any" in condition) {
    // The engine calls an empty `any` true; "any of nothing" is false, which it
    // spells as not(all of nothing).
    if (condition.any.length === 0) return { not: { all: [] } };
    return { any: condition.any.map((c) => toEngineCondition(c, audiences, expanding, size)) };
  }
  return { not: toEngineCondition(condition.not, audiences, expanding, size) };
}

const SKIPPED: ConditionTrace = { kind: "skipped" };

/** Our condition and the engine's evaluated copy of it, walked side by side. */
function traceOf(
  condition: Condition,
  node: EngineNode | undefined,
  audiences: Readonly<Record<string, Condition>>,
): ConditionTrace {
  // No result: the engine never evaluated this branch.
  if (node === undefined || typeof node.result !== "boolean") return SKIPPED;
  const result = node.result;
  if ("fact" in condition) {
    const expected = Array.isArray(condition.value) ? [...condition.value] : condition.value;
    return { kind: "fact", fact: condition.fact, operator: condition.operator, expected, actual: node.factResult, result };
  }
  if ("audience" in condition) {
    const audience = audiences[condition.audience];
    if (audience === undefined) return SKIPPED;
    const inner = traceOf(audience, node, audiences);
    return { kind: "audience", audience: condition.audience, result, condition: inner };
  }
  if ("all" in condition) {
    return { kind: "all", result, conditions: condition.all.map((c, i) => traceOf(c, node.all?.[i], audiences)) };
  }
  if ("any" in condition) {
    return { kind: "any", result, conditions: condition.any.map((c, i) => traceOf(c, node.any?.[i], audiences)) };
  }
  return { kind: "not", result, condition: traceOf(condition.not, node.not, audiences) };
}
