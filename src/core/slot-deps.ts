/**
 * Which facts each slot's decision and content depend on, so a change of facts
 * re-decides only the slots it can affect: the facts its rules read, and the
 * `{{path}}` placeholders of the variants it may show.
 */
import { factsOf } from "../runtime/rules.js";
import { placeholderPaths } from "./placeholders.js";
import type { RuleSet } from "./types.js";
import { own } from "../runtime/util.js";

export function slotDependencies(ruleSet: RuleSet): Map<string, string[]> {
  const deps = factsOf(ruleSet);
  for (const [slot, used] of deps) {
    const paths = new Set(used);
    for (const rule of ruleSet.slots[slot]!)
      for (const id of rule.split ? Object.keys(rule.split) : [rule.show!]) {
        const v = own(ruleSet.variants, id) && (ruleSet.variants[id] as { text?: string; html?: string });
        if (v) for (const path of placeholderPaths(v.text ?? v.html ?? "")) paths.add(path);
      }
    deps.set(slot, [...paths]);
  }
  return deps;
}

/** True when a change at `changed` can alter a fact at `used` (one is a prefix path of the other). */
export const pathsOverlap = (used: string, changed: string): boolean => used === changed || used.startsWith(changed + ".") || changed.startsWith(used + ".");
