/**
 * What slot rules, stages and action rules share: an ordered list where the
 * first match wins. Two entries with one name are an error (explanations and
 * facts tell them apart by name), and an entry after a catch-all can never
 * match (a warning). The callers say what their entries are called and what
 * makes one a catch-all.
 */
import type { PathSegment } from "../core/faults.js";
import { formatPath } from "../core/faults.js";
import { isPlainObject, quote } from "./parse-describe.js";
import { error, warning, type RawFault } from "./parse-fault.js";
import type { FaultCode } from "../core/types.js";

export interface OrderedListWording {
  /** What one entry is called in sentences: "rule" or "stage". */
  noun: string;
  /** True for an entry that always wins, so nothing after it is ever tried. */
  isCatchAll(entry: Record<string, unknown>): boolean;
  /** Why the catch-all always wins, e.g. "has no 'when', so it always matches first". */
  catchAllReason: string;
  /** How to fix an unreachable entry. */
  unreachableHint: string;
  duplicateCode: Extract<FaultCode, "DUPLICATE_RULE_NAME" | "DUPLICATE_NAME">;
  /** Why names must differ, as a hint. */
  duplicateHint: string;
}

/** Checks names and reachability of the entries of `list` at `path`; faults go to `faults`. */
export function checkOrderedList(list: readonly unknown[], path: PathSegment[], wording: OrderedListWording, faults: RawFault[]): void {
  const named = new Map<string, number>();
  let catchAll: { index: number; name: unknown } | undefined;
  list.forEach((entry, index) => {
    if (!isPlainObject(entry)) return;
    const at = [...path, index];
    const name = entry["name"];
    if (catchAll !== undefined) {
      const which = typeof name === "string" ? `${wording.noun} ${quote(name)}` : `this ${wording.noun}`;
      const before =
        typeof catchAll.name === "string"
          ? `${wording.noun} ${quote(catchAll.name)}`
          : `the ${wording.noun} at ${formatPath([...path, catchAll.index])}`;
      faults.push(warning("UNREACHABLE_RULE", at, `${which} can never match: ${before} before it ${wording.catchAllReason}`, wording.unreachableHint));
    } else if (wording.isCatchAll(entry)) {
      catchAll = { index, name };
    }
    if (typeof name !== "string" || name === "") return;
    const first = named.get(name);
    if (first === undefined) named.set(name, index);
    else {
      faults.push(
        error(
          wording.duplicateCode,
          [...at, "name"],
          `the ${wording.noun} name ${quote(name)} is already used at ${formatPath([...path, first])}`,
          wording.duplicateHint,
        ),
      );
    }
  });
}
