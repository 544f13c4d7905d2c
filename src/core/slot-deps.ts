/**
 * Which facts each slot's decision and content depend on, so a change of facts
 * re-decides only the slots it can affect: the facts its rules read, and the
 * `{{path}}` placeholders of the variants it may show.
 */
import { factsUsedBy } from "./facts-used.js";
import { placeholderPaths as pathsIn } from "./placeholders.js";
import type { RuleSet, Variant } from "./types.js";
import { own } from "../runtime/util.js";

export function slotDependencies(ruleSet: RuleSet): Map<string, string[]> {
  const used = factsUsedBy(ruleSet);
  const deps = new Map<string, string[]>();
  for (const [slot, rules] of Object.entries(ruleSet.slots)) {
    const paths = new Set(used[slot] ?? []);
    for (const rule of rules)
      for (const id of rule.split ? Object.keys(rule.split) : [rule.show!]) for (const path of placeholderPaths(own(ruleSet.variants, id) ? ruleSet.variants[id] : undefined)) paths.add(path);
    deps.set(slot, [...paths]);
  }
  return deps;
}

function placeholderPaths(variant: Variant | undefined): string[] {
  if (!variant) return [];
  const text = "text" in variant ? variant.text : "html" in variant ? variant.html : "";
  return pathsIn(text);
}

/** True when a change at `changed` can alter a fact at `used` (one is a prefix path of the other). */
export function pathsOverlap(used: string, changed: string): boolean {
  return used === changed || used.startsWith(`${changed}.`) || changed.startsWith(`${used}.`);
}
