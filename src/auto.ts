/**
 * The script-tag entry (dist/slotwise.global.js), the only module with side
 * effects at import. For now it exposes the pure core as window.Slotwise; the
 * browser runtime (createSlotwise, auto-start from data-* attributes) builds on it.
 */
import * as Slotwise from "./index.js";

declare global {
  interface Window {
    Slotwise?: typeof Slotwise;
  }
}

if (typeof window !== "undefined" && !window.Slotwise) {
  window.Slotwise = Slotwise;
}
