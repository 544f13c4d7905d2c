/**
 * Exposures to the page: each `exposure` as the `slotwise:exposure` DOM event
 * and, with `dataLayer` on and consent granted, as
 * `{ event: "slotwise_exposure", slot, variant, rule, reason, holdout?, experiment?, arm? }` on `window.dataLayer`;
 * with `expose: "seen"`, told once the slot was seen (./seen.ts).
 */
import type { Exposure } from "../client/options.js";
import type { Plugin } from "../runtime/plugin.js";
import { toPage } from "./channels.js";
import { seen } from "./seen.js";

export const exposures = (): Plugin => (sw) => (seen(sw), sw.on("exposure", (x: Exposure) => toPage(sw, "slotwise:exposure", "slotwise_exposure", x)));
