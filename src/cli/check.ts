/**
 * `slotwise check rules.json`: every fault as `path: sentence`, errors first,
 * and a one-line summary. Plain text; colour is only ever added on top.
 */
import { formatFault } from "../core/faults.js";
import type { ParseResult } from "../core/types.js";

export function formatCheck(file: string, result: ParseResult): string {
  const errors = result.ok ? [] : result.errors;
  const lines = [
    ...errors.map((fault) => `error    ${formatFault(fault)}`),
    ...result.warnings.map((fault) => `warning  ${formatFault(fault)}`),
  ];
  const summary =
    errors.length === 0 && result.warnings.length === 0
      ? `${file}: ok`
      : `${file}: ${count(errors.length, "error")}, ${count(result.warnings.length, "warning")}`;
  const broken = !result.ok && result.value?.invalidSlots.length
    ? [`slots that keep their default content until fixed: ${result.value.invalidSlots.join(", ")}`]
    : [];
  return [...lines, ...broken, summary].join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
