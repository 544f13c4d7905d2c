/**
 * How a fault reads for people: its JSON path and its sentence on one line,
 * e.g. `slots.offer[1].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?`.
 */
import type { Fault } from "./types.js";

/** One step of a path into the rule file: an object key or a list index. */
export type PathSegment = string | number;

// Keys that read unambiguously after a dot. Anything else (spaces, dots,
// quotes, a leading digit, the empty key) goes in brackets as a JSON string.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Writes a path the way the README shows it: `slots.offer[1].when.all[0].operator`.
 * Keys that are not plain identifiers (dashes allowed) are written `["like this"]`;
 * the root of the file is the empty string.
 *
 * @example
 * formatPath(["slots", "hero-banner", 0, "show"]); // "slots.hero-banner[0].show"
 * formatPath(["slots", "summer sale"]);            // 'slots["summer sale"]'
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * One line for a person: `path: message; hint`. The hint part is left out when
 * there is none, and so is the `path: ` part for a fault about the whole file
 * (its path is the empty string).
 *
 * @example
 * formatFault({ severity: "error", code: "UNKNOWN_OPERATOR", path: "slots.offer[1].when.all[0].operator",
 *   message: "unknown operator 'equals'", hint: "did you mean 'equal'?" });
 * // "slots.offer[1].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?"
 */
export function formatFault(fault: Fault): string {
  const where = fault.path === "" ? "" : `${fault.path}: `;
  const hint = fault.hint === undefined || fault.hint === "" ? "" : `; ${fault.hint}`;
  return `${where}${fault.message}${hint}`;
}
