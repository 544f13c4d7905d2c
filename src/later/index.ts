/**
 * The after-paint half of the visitor store (issue 21 item 5): recording,
 * writing, SPA routes, the geo adapter. The script tags load it as
 * dist/slotwise.later.js (./auto.ts) after the first decisions;
 * `createSlotwise` of the npm package gives it at once (src/client/slotwise.ts).
 * It uses the kernel's helpers through the store (`s.lib`), not copies of its own.
 */
import type { Later } from "../runtime/context-types.js";
import { watchNavigation } from "../dom/navigation.js";
import { askGeo } from "../runtime/geo.js";
import { flush, write } from "./persist.js";
import { grant, identify, track } from "./record.js";
import { navigate } from "./routes.js";
import { slots } from "./slots.js";

// `slots`: the instance's after-paint part (./slots.ts).
export const later: Later = { track, identify, grant, write, flush, routes: watchNavigation, geo: askGeo, navigate, ...{ slots } };
