/**
 * `createSlotwise` of the npm package: the instance on the browser's
 * platform (on a page), with exposures to the page and preview by address;
 * personalization, geo and anything else are passed as plugins, so a bundler
 * drops what an app does not pass.
 */
import { exposures } from "../plugins/exposure.js";
import { geo } from "../plugins/geo.js";
import { preview } from "../plugins/preview.js";
import { later } from "../later/index.js";
import { provideLater } from "../runtime/context.js";
import { createSlotwise as create } from "../runtime/instance.js";
import { browserPlatform } from "./browser.js";
import type { Slotwise, SlotwiseOptions } from "./options.js";

/**
 * Starts Slotwise: decides every `[data-slot]` of the page from the rules and
 * the visitor's context, and keeps deciding as facts and routes change.
 *
 * @example
 * import { createSlotwise, personalization } from "slotwise";
 * const sw = createSlotwise({ rules, plugins: [personalization()] });
 * await sw.ready;
 * sw.set({ geo: { city: "Bangalore" } });
 */
export function createSlotwise(options: SlotwiseOptions = {}): Slotwise {
  // Recording, writing and routes at once (the script tags load them after paint).
  provideLater(later);
  return create({
    ...options,
    platform: { ...browserPlatform(), ...options.platform },
    plugins: [exposures(), preview(), ...(options.geo ? [geo(options.geo)] : []), ...(options.plugins ?? [])],
  });
}
