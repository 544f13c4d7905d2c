/**
 * Which fact paths each slot's decision depends on, so a runtime can re-decide
 * a slot only when one of them changed.
 */
import type { Condition, RuleSet } from "./types.js";
import { own } from "../runtime/util.js";


/**
 * For every slot of the rule set, the fact paths its rules read (audiences
 * expanded), each once, in the order they first appear. Only rules that can
 * be reached count: those after a catch-all never decide anything. A slot
 * whose rules read no fact (a lone catch-all) gets an empty list. A rule with
 * a holdout reads `visitor.id`. Slots that
 * failed validation are not in `ruleSet.slots` and are not listed.
 *
 * A change under a listed path (`geo` replaced as a whole, for `geo.city`) or
 * above it is a change of that fact; comparing the resolved values is the
 * runtime's part.
 *
 * @example
 * factsUsedBy(ruleSet); // { "hero-banner": ["geo.city"], offer: ["user.type"] }
 */
export function factsUsedBy(ruleSet: RuleSet): Record<string, string[]> {
  // Each audience's paths are collected once, however often it is used, so
  // audiences built from audiences cannot make this grow exponentially.
  const byAudience = new Map<string, readonly string[]>();
  const audiencePaths = (name: string, expanding: ReadonlySet<string>): readonly string[] => {
    const known = byAudience.get(name);
    if (known !== undefined) return known;
    const audience = own(ruleSet.audiences, name) ? ruleSet.audiences[name] : undefined;
    // Unknown names and cycles are parse errors; they read nothing here.
    if (audience === undefined || expanding.has(name)) return [];
    const paths = new Set<string>();
    collect(audience, paths, new Set([...expanding, name]));
    const list = [...paths];
    byAudience.set(name, list);
    return list;
  };
  const collect = (condition: Condition, into: Set<string>, expanding: ReadonlySet<string>): void => {
    if ("fact" in condition) into.add(condition.fact);
    else if ("audience" in condition) for (const path of audiencePaths(condition.audience, expanding)) into.add(path);
    else if ("all" in condition) for (const c of condition.all) collect(c, into, expanding);
    else if ("any" in condition) for (const c of condition.any) collect(c, into, expanding);
    else collect(condition.not, into, expanding);
  };

  const result: Record<string, string[]> = {};
  for (const slot of Object.keys(ruleSet.slots)) {
    const paths = new Set<string>();
    for (const rule of ruleSet.slots[slot] ?? []) {
      // A holdout draws on the visitor id (holdout.ts).
      if (rule.holdout) paths.add("visitor.id");
      // A split draws on user.id, else visitor.id (runtime/split.ts); both change together (forget, identify).
      if (rule.split) paths.add("user.id");
      if (rule.when === undefined) break;
      collect(rule.when, paths, new Set());
    }
    // defineProperty: a slot may be named "__proto__", which must stay a plain key.
    Object.defineProperty(result, slot, { value: [...paths], enumerable: true, writable: true, configurable: true });
  }
  return result;
}
