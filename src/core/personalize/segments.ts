/**
 * Segments: every audience of the rule set is one. The visitor's segments
 * are the audiences whose condition holds now, in file order.
 */
import type { ConditionTrace } from "../types.js";
import type { SegmentTrace } from "./types.js";

/**
 * The segments from the audiences' traces (`names[i]` is traced by
 * `conditions[i]`). An audience the engine did not answer is not a segment.
 */
export function decideSegments(names: readonly string[], conditions: readonly ConditionTrace[]): { segments: string[]; traces: SegmentTrace[] } {
  const segments: string[] = [];
  const traces: SegmentTrace[] = [];
  names.forEach((segment, index) => {
    const condition = conditions[index];
    if (condition === undefined) return;
    const member = condition.kind !== "skipped" && condition.result;
    if (member) segments.push(segment);
    traces.push({ segment, member, condition });
  });
  return { segments, traces };
}
