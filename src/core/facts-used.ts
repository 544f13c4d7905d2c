/**
 * Which fact paths each slot's decision depends on, so a runtime can re-decide
 * a slot only when one of them changed.
 */
import { factsOf } from "../runtime/rules.js";
import type { RuleSet } from "./types.js";

/**
 * For every slot of the rule set, the fact paths its rules read (audiences
 * expanded), each once, in the order they first appear. Only rules that can
 * be reached count: those after a catch-all never decide anything. A slot
 * whose rules read no fact (a lone catch-all) gets an empty list. A rule with
 * a holdout reads `visitor.id`, one with a split `user.id`. Slots that
 * failed validation are not in `ruleSet.slots` and are not listed. Found by
 * the walk that compiles the rules (src/runtime/rules.ts `factsOf`).
 *
 * A change under a listed path (`geo` replaced as a whole, for `geo.city`) or
 * above it is a change of that fact; comparing the resolved values is the
 * runtime's part.
 *
 * @example
 * factsUsedBy(ruleSet); // { "hero-banner": ["geo.city"], offer: ["user.type"] }
 */
// fromEntries defines each key: a slot may be named "__proto__", which stays a plain key.
export const factsUsedBy = (ruleSet: RuleSet): Record<string, string[]> => Object.fromEntries(factsOf(ruleSet));
