/**
 * `slotwise/react`: `<SlotwiseProvider>`, `<Slot>`, `useDecision`,
 * `useSlotwise`, and `createReactSlotwise` for an instance made outside
 * React. React 18 or 19 is a peer dependency; the core knows nothing of React.
 */
export { createReactSlotwise, Slot, SlotwiseProvider, useDecision, useSlotwise } from "./components.js";
export type { SlotProps, SlotwiseProviderProps } from "./components.js";
export { decideOnServer } from "./server-state.js";
export type { ServerState } from "./server-state.js";
export type { SlotContent } from "../core/slot-content.js";
