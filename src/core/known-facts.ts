/**
 * Which slots a server or an edge can decide from the facts it was given,
 * and which it must leave to the browser: React server rendering and the
 * edge both decide a slot only when its context has every fact the slot
 * reads (its rules and its placeholders), so the first HTML never shows a
 * decision that the visitor's own browser would then take back.
 */
import { resolveFactPath as factAt } from "./path.js";
import { slotDependencies } from "./slot-deps.js";
import type { Context, RuleSet } from "./types.js";
import { own } from "../runtime/util.js";

/**
 * The top-level facts the personalization layer owns, in the order they are
 * computed: computed in the browser from stored state, never known on a server.
 */
export const PERSONAL_FACTS = ["scores", "segments", "lifecycle", "nextBestAction"] as const;

/**
 * The slots of `ruleSet` that read a fact whose top-level object (`geo` of
 * `geo.city`) is not in `context`, or a personalization fact.
 *
 * @example
 * slotsLeftToBrowser(ruleSet, { geo: { city: "Pune" } }); // Set { "welcome" } (it reads visitor.type)
 */
export function slotsLeftToBrowser(ruleSet: RuleSet, context: Context): Set<string> {
  const left = new Set<string>();
  for (const [slot, paths] of slotDependencies(ruleSet)) {
    if (paths.some((path) => !known(path.split(".")[0] ?? path, context))) left.add(slot);
    // A split is drawn from a stable id only: the host's user.id (e.g. its first-party cookie), else the browser's visitor.id.
    else if (ruleSet.slots[slot]?.some((rule) => rule.split) && typeof factAt(context, "user.id") !== "string") left.add(slot);
  }
  return left;
}

function known(root: string, context: Context): boolean {
  return !(PERSONAL_FACTS as readonly string[]).includes(root) && own(context, root) && context[root] !== undefined;
}
