/**
 * `slotwise/svelte` (Svelte 5): `<SlotwiseProvider>`, `<Slot>`, and the
 * stores and context functions of ./context.ts. The components ship as
 * .svelte source (the package's `svelte` export condition) for the app's
 * Svelte compiler, as Svelte libraries do.
 */
export { bindSlot, decision, getSlotwise, setSlotwise, stateScript } from "./context.js";
export type { Readable, ServerState, SlotContent, SlotProps, SlotwiseSvelteOptions } from "./context.js";
export { default as Slot } from "./Slot.svelte";
export { default as SlotwiseProvider } from "./SlotwiseProvider.svelte";
