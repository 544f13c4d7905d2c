/**
 * The part of a personal record that only events and decisions create (not
 * derivable from stored facts), as one comparable text: the store writes
 * storage when it changes, and lets the rest ride along with the next write.
 */
import type { PersonalRecord } from "./personal.js";

/** Scores, awards and action activations of `record`, as JSON. */
export function earned(record: PersonalRecord | undefined): string {
  return record ? JSON.stringify([record.state.scores, record.state.awarded, record.state.actions]) : "[{},{},{}]";
}
