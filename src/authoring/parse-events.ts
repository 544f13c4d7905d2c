/**
 * Event names in signals that are a slip of another event name in the file
 * ('pricng_page_viewed' next to 'pricing_page_viewed'). The page's events
 * cannot be known from the rules, so this is a warning, and only for a name
 * close to another that the file uses more (or as much, and earlier): of two
 * close names, only the odd one out is reported.
 */
import { formatPath } from "../core/faults.js";
import { isPlainObject, quote } from "./parse-describe.js";
import { warning, type RawFault } from "./parse-fault.js";
import type { EventUse } from "./parse-scores.js";
import { nearMissOf, type SuggestBudget } from "./suggest.js";

const EVENT_FACT = /^events\.([^.]+)(?:\.|$)/;

/** Every `events.NAME…` fact in the conditions of the file, in file order (an explicit stack: no recursion limit). */
function eventFacts(root: unknown): string[] {
  const names: string[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let index = value.length - 1; index >= 0; index--) stack.push(value[index]);
    } else if (isPlainObject(value)) {
      const fact = value["fact"];
      if (typeof fact === "string") {
        const match = EVENT_FACT.exec(fact);
        if (match?.[1] !== undefined) names.push(match[1]);
      }
      const keys = Object.keys(value);
      for (let index = keys.length - 1; index >= 0; index--) stack.push(value[keys[index] as string]);
    }
  }
  return names;
}

/** UNKNOWN_EVENT warnings for the signal events `uses` of the file `root`. */
export function checkEventNames(uses: readonly EventUse[], root: unknown, budget: SuggestBudget): RawFault[] {
  if (uses.length === 0) return [];
  const count = new Map<string, number>();
  const first = new Map<string, number>();
  const all = [...eventFacts(root), ...uses.map((use) => use.name)];
  all.forEach((name, index) => {
    count.set(name, (count.get(name) ?? 0) + 1);
    if (!first.has(name)) first.set(name, index);
  });
  const faults: RawFault[] = [];
  const reported = new Set<string>();
  for (const use of uses) {
    const key = formatPath(use.path);
    if (reported.has(key)) continue;
    const mine = count.get(use.name) ?? 0;
    const stronger = [...count.keys()].filter((other) => {
      const theirs = count.get(other) ?? 0;
      return other !== use.name && (theirs > mine || (theirs === mine && (first.get(other) ?? 0) < (first.get(use.name) ?? 0)));
    });
    const meant = nearMissOf(use.name, stronger, budget);
    if (meant === undefined) continue;
    reported.add(key);
    faults.push(
      warning(
        "UNKNOWN_EVENT",
        use.path,
        mine === 1
          ? `the event ${quote(use.name)} is not used anywhere else in the rules, but ${quote(meant)} is`
          : `the event ${quote(use.name)} is close to ${quote(meant)}, which the rules use more`,
        `did you mean ${quote(meant)}? A signal counts only events the page tracks with exactly this name`,
      ),
    );
  }
  return faults;
}
