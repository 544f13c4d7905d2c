/**
 * `createSlotwise` with the personalization layer: what the npm package and
 * slotwise.personalize.global.js start.
 */
import { createActivation } from "./activation/activate.js";
import { createBrowserSlotwise } from "./browser.js";
import type { Slotwise, SlotwiseOptions } from "./options.js";
import { createPersonalizer } from "./personalizer.js";

/**
 * Starts Slotwise: decides every `[data-slot]` of the page from the rules and
 * the visitor's context, and keeps deciding as facts and routes change.
 *
 * @example
 * const sw = createSlotwise({ rules, context: { user: { type: "repeat_customer" } } });
 * await sw.ready;
 * sw.set({ geo: { city: "Bangalore" } });
 */
export function createSlotwise(options: SlotwiseOptions = {}): Slotwise {
  return createBrowserSlotwise(options, { personalizer: createPersonalizer, createActivation });
}
