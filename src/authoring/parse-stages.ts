/**
 * The checks on the `stages` list that a schema cannot express: two stages
 * with one name, and stages after a catch-all that can never match. Each
 * stage's condition is checked like a slot rule's.
 */
import type { PathSegment } from "../core/faults.js";
import { hasOwn, isPlainObject } from "./parse-describe.js";
import { scanCondition, type AudienceUse } from "./parse-conditions.js";
import { checkOrderedList, type OrderedListWording } from "./parse-ordered-list.js";
import type { PersonalScanContext } from "./parse-scores.js";

const STAGES: OrderedListWording = {
  noun: "stage",
  isCatchAll: (stage) => !hasOwn(stage, "when"),
  catchAllReason: "has no 'when', so it always matches first",
  unreachableHint: "move the stage without 'when' to the end of the list",
  duplicateCode: "DUPLICATE_NAME",
  duplicateHint: "give each stage its own name: lifecycle.stage could not tell them apart",
};

/** Checks the stages `raw` at `path`; returns the audiences they use. */
export function scanStages(raw: unknown, path: PathSegment[], context: PersonalScanContext): AudienceUse[] {
  const uses: AudienceUse[] = [];
  if (!Array.isArray(raw)) return uses;
  checkOrderedList(raw, path, STAGES, context.faults);
  raw.forEach((stage, index) => {
    if (!isPlainObject(stage)) return;
    const at = [...path, index];
    if (hasOwn(stage, "when")) for (const use of scanCondition(stage["when"], [...at, "when"], context).uses) uses.push(use);
  });
  return uses;
}
