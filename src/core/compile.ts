/**
 * Conditions -> closures sharing one audience table, for the personalization
 * layer (signals, segments, stages, actions). The compiler is the runtime
 * reader's (src/runtime/rules.ts `readCond`): one set of semantics.
 */
import { envOf, MAX_EXPANDED, readCond, stands, walk, type Compiled } from "../runtime/rules.js";
import type { Condition, ConditionTrace, Context } from "./types.js";
import { own } from "../runtime/util.js";

export type { Compiled };
/** How many conditions one condition may have once its audiences are expanded. */
export const MAX_EXPANDED_CONDITIONS = MAX_EXPANDED;

export interface ConditionEngine {
  /** The trace of each condition, in the order they were compiled. */
  run(context: Context): ConditionTrace[];
  readonly conditions: readonly Compiled[];
}

/**
 * Compiles conditions sharing one audience table. Throws when a condition is
 * not sound, names an unknown audience or one in a cycle, or grows past
 * {@link MAX_EXPANDED_CONDITIONS} once its audiences are expanded.
 */
export function compileConditions(conditions: readonly Condition[], audiences: Readonly<Record<string, Condition>>): ConditionEngine {
  const e = { ...envOf(audiences), f: [], t: true };
  const compiled = conditions.map((condition) => {
    const w = walk();
    const c = readCond(e, condition, [], w);
    const unknown = w.u.find((x) => typeof x != "string" && !own(audiences, x[0]));
    if (unknown) throw new Error(`unknown audience '${unknown[0]}'`);
    const size = c && stands(e, w);
    if (size === undefined) throw new Error(`an audience it uses refers to itself or is not sound`);
    if (size > MAX_EXPANDED) throw new Error(`a rule has more than ${MAX_EXPANDED} conditions once its audiences are expanded`);
    return c!;
  });
  return { conditions: compiled, run: (context) => compiled.map((c) => c.trace(context)) };
}
