/**
 * Exposures to the page: each `exposure` as the `slotwise:exposure` DOM event
 * and, with `dataLayer` on and consent granted, as
 * `{ event: "slotwise_exposure", slot, variant, rule, reason }` on `window.dataLayer`.
 */
import type { Exposure } from "../client/options.js";
import type { Plugin } from "../runtime/plugin.js";
import { toPage } from "./channels.js";

export const exposures = (): Plugin => (sw) => sw.on("exposure", (x: Exposure) => toPage(sw, "slotwise:exposure", "slotwise_exposure", x));
