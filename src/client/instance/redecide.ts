/**
 * Deciding again after the first decision: the slots asked for, in one
 * batch per turn, with the personalization first when it is due.
 */
import type { Context } from "../../core/types.js";

/**
 * The instance's `redecide(names, repersonalize)`: it re-decides `names`
 * (and, with `repersonalize`, the personalization first: then every slot
 * reading a personalization fact that changed is re-decided too),
 * coalescing calls made while a decision is running.
 *
 * - `facts()`: the store's facts now;
 * - `personalize()`: decides the personalization, returns the slots reading what changed;
 * - `decide(batch, base)`: decides and renders the slots of `batch` on `base`;
 * - `stopped()`: true once the instance is destroyed.
 */
export function createRedecide(
  facts: () => Context,
  personalize: () => string[],
  decide: (batch: string[], base: Context) => void,
  stopped: () => boolean,
): (names: Iterable<string>, repersonalize?: boolean) => Promise<void> {
  const waiting = new Set<string>();
  let running: Promise<void> | null = null;
  let personalDue = false;

  return (names, repersonalize = false) => {
    for (const name of names) waiting.add(name);
    if (repersonalize) personalDue = true;
    // Deciding is synchronous; it starts a microtask later, so the calls of one
    // turn (a set() and a track() together) are decided together.
    running ??= Promise.resolve().then(() => {
      try {
        while ((waiting.size > 0 || personalDue) && !stopped()) {
          if (personalDue) {
            personalDue = false;
            for (const slot of personalize()) waiting.add(slot);
            if (stopped()) break;
            // Facts changed while personalizing (a route change right after a track()): personalize again first.
            if (personalDue) continue;
          }
          // The batch and the facts it is decided on are taken together: a slot
          // asked for after this point waits for the next turn, with newer facts.
          const base = facts();
          const batch = [...waiting];
          waiting.clear();
          if (batch.length === 0) continue;
          decide(batch, base);
        }
      } finally {
        running = null;
      }
    });
    return running;
  };
}
