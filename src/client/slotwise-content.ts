/**
 * `createSlotwise` without the personalization layer: dynamic content only,
 * what slotwise.global.js starts. A rule file with scores, stages or actions
 * is reported once (load slotwise.personalize.global.js instead), and its
 * slots are decided without them.
 */
import { createBrowserSlotwise } from "./browser.js";
import type { Slotwise, SlotwiseOptions } from "./options.js";

export function createSlotwise(options: SlotwiseOptions = {}): Slotwise {
  return createBrowserSlotwise(options);
}
