/**
 * What a server render decided, carried to the browser with the HTML: the
 * content and decision of each slot the server could decide, in a
 * `<script type="application/json" data-slotwise-state>` that the browser's
 * provider reads before hydrating, so its first render is the server's.
 */
import { decideSlots, usableRuleSet } from "../core/decide.js";
import { slotsLeftToBrowser } from "../core/known-facts.js";
import { slotContent, type SlotContent } from "../core/slot-content.js";
import type { Context, Decision } from "../core/types.js";
import type { Rules } from "../rule-file.js";

export interface ServerState {
  readonly contents: Readonly<Record<string, SlotContent>>;
  readonly decisions: Readonly<Record<string, Decision>>;
}

export const STATE_SELECTOR = "script[data-slotwise-state]";

/**
 * Decides, synchronously, every slot whose facts are all in `context`; the
 * others are left out (their default renders, the browser decides them).
 */
export function decideOnServer(rules: Rules | undefined, context: Context): ServerState {
  const contents = ownOnly<SlotContent>({});
  const decisions = ownOnly<Decision>({});
  const ruleSet = usableRuleSet(rules);
  if (ruleSet) {
    const left = slotsLeftToBrowser(ruleSet, context);
    const names = Object.keys(ruleSet.slots).filter((slot) => !left.has(slot));
    for (const decision of decideSlots(ruleSet, names, context)) {
      decisions[decision.slot] = decision;
      contents[decision.slot] = slotContent(ruleSet, decision.variant, context);
    }
  }
  return { contents, decisions };
}

/** The state as script content: JSON with `<`, U+2028 and U+2029 escaped, so no value can end the script. */
export function stateJson(state: ServerState): string {
  return JSON.stringify(state).replace(/[<\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The state a server render left in the page, if any (and readable). */
export function readServerState(): ServerState | undefined {
  try {
    const text = typeof document === "undefined" ? null : document.querySelector(STATE_SELECTOR)?.textContent;
    const state = text ? (JSON.parse(text) as Partial<ServerState>) : undefined;
    if (!state || typeof state.contents !== "object" || typeof state.decisions !== "object") return undefined;
    return { contents: ownOnly(state.contents), decisions: ownOnly(state.decisions) };
  } catch {
    return undefined; // a page without it, or a broken one: the browser decides everything
  }
}

/** A null-prototype copy: a slot named "constructor" must not find Object.prototype's. */
function ownOnly<T>(record: Record<string, T> | null | undefined): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

