/**
 * `createSlotwise` of the npm package: the instance on the browser's
 * platform (on a page), with exposures to the page and preview by address;
 * personalization, geo and anything else are passed as plugins, so a bundler
 * drops what an app does not pass.
 */
import { exposures } from "../plugins/exposure.js";
import { geo } from "../plugins/geo.js";
import { preview } from "../plugins/preview.js";
import { provideLater } from "../runtime/context.js";
import { createSlotwise as create, type Host } from "../runtime/instance.js";
import { msg } from "../runtime/util.js";
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
  const sw = create({
    ...options,
    platform: { ...browserPlatform(), ...options.platform },
    plugins: [exposures(), preview(), ...(options.geo ? [geo(options.geo)] : []), ...(options.plugins ?? [])],
  });
  // Recording, writing and routes after the first decisions, as the script tags load them: an app's
  // bundler makes src/later/ a chunk of its own. Until it is here, track() and identify() wait in memory.
  void sw.ready.then(() => import("../later/index.js")).then((m) => provideLater(m.later), (e) => (sw as unknown as Host).report("LATER_FAILED", msg(e)));
  return sw;
}
