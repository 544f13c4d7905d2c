/**
 * `slotwise check rules.json`: every fault as `path: sentence`, errors first,
 * and a one-line summary. Plain text; colour is only ever added on top.
 *
 * A file that is not JSON is read once more with trailing commas and comments
 * dropped (lenient-json.ts): when that reads, the faults of the rest of the
 * file follow the syntax fault; when not, a line says they may be hidden.
 */
import { formatFault } from "../core/faults.js";
import type { Fault, ParseResult } from "../core/types.js";
import { parseRuleSet } from "../authoring/parse.js";
import { mendJson } from "./lenient-json.js";

export interface CheckReport {
  /** The file as the runtime reads it: what `explain` evaluates. */
  result: ParseResult;
  /** Every fault to show (after a syntax fault, those found in the mended file too). */
  errors: readonly Fault[];
  warnings: readonly Fault[];
  /** A line said after the faults (what was read past, or what may be hidden). */
  note?: string;
}

/** The report of a parse as it is. */
export function reportOf(result: ParseResult): CheckReport {
  return { result, errors: result.ok ? [] : result.errors, warnings: result.warnings };
}

/** Checks the text of a rule file, reading past a syntax fault when it can. */
export function checkRules(text: string): CheckReport {
  const result = parseRuleSet(text);
  const errors = result.ok ? [] : result.errors;
  if (result.ok || errors[0]?.code !== "NOT_JSON") return { result, errors, warnings: result.warnings };
  const mended = mendJson(text);
  const lenient = mended === undefined ? undefined : parseRuleSet(mended);
  if (lenient === undefined || (!lenient.ok && lenient.errors[0]?.code === "NOT_JSON")) {
    return { result, errors, warnings: [], note: "other faults may be hidden until the file is valid JSON" };
  }
  return {
    result,
    errors: [...errors, ...(lenient.ok ? [] : lenient.errors)],
    warnings: lenient.warnings,
    note: "the faults after the first were found by reading the file without its trailing commas and comments",
  };
}

/** A file that was read but is not UTF-8 text, as a report. */
export function notUtf8(message: string): CheckReport {
  const fault: Fault = { severity: "error", code: "NOT_JSON", path: "", message, hint: "save the file as UTF-8" };
  return { result: { ok: false, errors: [fault], warnings: [], value: null }, errors: [fault], warnings: [] };
}

/** Whether `check` fails: on errors, and with `--strict` on warnings too. */
export function fails(report: CheckReport, strict: boolean): boolean {
  return report.errors.length > 0 || (strict && report.warnings.length > 0);
}

export function formatCheck(file: string, report: CheckReport, strict = false): string {
  const { errors, warnings } = report;
  const lines = [
    ...errors.map((fault) => `error    ${formatFault(fault)}`),
    ...warnings.map((fault) => `warning  ${formatFault(fault)}`),
  ];
  const invalid = report.result.ok ? [] : (report.result.value?.invalidSlots ?? []);
  if (invalid.length > 0) lines.push(`slots that keep their default content until fixed: ${invalid.join(", ")}`);
  if (report.note !== undefined) lines.push(report.note);
  const verdict =
    errors.length === 0 && warnings.length === 0
      ? `${file}: ok`
      : `${file}: ${count(errors.length, "error")}, ${count(warnings.length, "warning")}` +
        (strict && errors.length === 0 ? " (--strict: warnings fail the check)" : "");
  return [...lines, verdict].join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
