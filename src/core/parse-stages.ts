/**
 * The checks on the `stages` list that a schema cannot express: two stages
 * with one name, and stages after a catch-all that can never match. Each
 * stage's condition is checked like a slot rule's.
 */
import type { PathSegment } from "./faults.js";
import { formatPath } from "./faults.js";
import { hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error, warning } from "./parse-fault.js";
import { scanCondition, type AudienceUse } from "./parse-conditions.js";
import type { PersonalScanContext } from "./parse-scores.js";

/** Checks the stages `raw` at `path`; returns the audiences they use. */
export function scanStages(raw: unknown, path: PathSegment[], context: PersonalScanContext): AudienceUse[] {
  const uses: AudienceUse[] = [];
  if (!Array.isArray(raw)) return uses;
  const named = new Map<string, number>();
  let catchAll: { index: number; name: unknown } | undefined;
  raw.forEach((stage, index) => {
    if (!isPlainObject(stage)) return;
    const at = [...path, index];
    const name = stage["name"];
    if (catchAll !== undefined) {
      const which = typeof name === "string" ? `stage ${quote(name)}` : "this stage";
      const before = typeof catchAll.name === "string" ? `stage ${quote(catchAll.name)}` : `the stage at ${formatPath([...path, catchAll.index])}`;
      context.faults.push(
        warning(
          "UNREACHABLE_RULE",
          at,
          `${which} can never match: ${before} before it has no 'when', so it always matches first`,
          "move the stage without 'when' to the end of the list",
        ),
      );
    } else if (!hasOwn(stage, "when")) {
      catchAll = { index, name };
    }
    if (typeof name === "string" && name !== "") {
      const first = named.get(name);
      if (first === undefined) named.set(name, index);
      else {
        context.faults.push(
          error(
            "DUPLICATE_NAME",
            [...at, "name"],
            `the stage name ${quote(name)} is already used at ${formatPath([...path, first])}`,
            "give each stage its own name: lifecycle.stage could not tell them apart",
          ),
        );
      }
    }
    if (hasOwn(stage, "when")) for (const use of scanCondition(stage["when"], [...at, "when"], context).uses) uses.push(use);
  });
  return uses;
}
