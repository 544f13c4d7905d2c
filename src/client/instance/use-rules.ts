/**
 * Reading a rule file for the runtime: its valid slots are used, and its
 * faults are reported at once, in one RULES_INVALID naming the first three.
 */
import { formatPath } from "../../core/faults.js";
import { readRuleSet, type ReadResult } from "../../core/read/read-rules.js";
import { slotwiseError } from "../errors.js";
import type { Report } from "./report.js";

/** `input` read as rules (`value`: null when nothing usable); `ok` only for a file without faults, the only kind cached. */
export function readRules(input: unknown, report: Report): ReadResult {
  const parsed = readRuleSet(input);
  if (!parsed.ok) {
    const faults = parsed.faults.map(({ code, path }) => ({ code, path: formatPath(path) || "(the file)" }));
    const shown = faults.slice(0, 3).map(({ code, path }) => `${code} at ${path}`).join(", ");
    const more = faults.length > 3 ? ` and ${faults.length - 3} more` : "";
    report(
      slotwiseError(
        "RULES_INVALID",
        `the rule file has ${faults.length} error(s): ${shown}${more}; the slots concerned keep their default content (npx slotwise check says what each means and how to fix it)`,
        { faults },
      ),
    );
  }
  return parsed;
}
