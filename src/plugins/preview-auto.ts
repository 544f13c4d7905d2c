/**
 * dist/slotwise.preview.js: hands the preview plugin to the script tag that
 * loaded it (src/later/load.ts `sideFiles` listens for this event).
 */
import { preview } from "./preview.js";

dispatchEvent(new CustomEvent("slotwise:preview", { detail: preview() }));
