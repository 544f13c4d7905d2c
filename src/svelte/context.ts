/**
 * `slotwise/svelte`, the part in plain TypeScript: the context a
 * `<SlotwiseProvider>` (or `setSlotwise`) holds, and Svelte stores over the
 * slot store (../react/store.ts, shared by every framework) that the
 * instance renders into. Usable from any .svelte file, runes or not:
 * `const hero = decision("hero")`, then `$hero`.
 *
 * On a server (no `window`) `setSlotwise` decides synchronously from `rules`
 * and `context`, and `stateScript()` carries those decisions into the page;
 * in the browser they are read back before hydration, so the first client
 * render is the server's. The instance starts once mounted, in the browser
 * only, and stops when the component that set it is destroyed.
 */
import { getContext, onMount, setContext, type Component, type Snippet } from "svelte";
import type { Decision, Slotwise, SlotwiseOptions } from "../index.js";
import { lazySlotwise } from "../react/instance.js";
import { decideOnServer, readServerState, stateJson, type ServerState } from "../react/server-state.js";
import { createSlotStore, type SlotStore } from "../react/store.js";

export type { ServerState };
export type SlotContent = NonNullable<ReturnType<SlotStore["content"]>>;

/** A Svelte store (the store contract: `$name` works in any component). */
export interface Readable<T> {
  subscribe(run: (value: T) => void): () => void;
}

export interface SlotwiseSvelteOptions extends SlotwiseOptions {
  /** The server's state, when the host carries it itself (SvelteKit `data`); otherwise read from the page. */
  state?: ServerState;
}

interface Shared {
  store: SlotStore;
  slotwise: Slotwise;
}

const KEY = Symbol.for("slotwise");
const onServer = typeof window === "undefined";

/**
 * Starts Slotwise for the components below this one (call it while a
 * component initialises, as setContext is). Returns the instance.
 *
 * @example
 * // +layout.svelte
 * setSlotwise({ rules, context: data.facts });
 */
export function setSlotwise(options: SlotwiseSvelteOptions = {}): Slotwise {
  const { state, ...rest } = options;
  const store = createSlotStore(onServer ? decideOnServer(rest.rules, rest.context ?? {}) : (state ?? readServerState()));
  const slotwise = lazySlotwise(store, rest);
  setContext<Shared>(KEY, { store, slotwise });
  if (!onServer) onMount(() => slotwise.start());
  return slotwise;
}

/** The instance of the nearest `setSlotwise`: `set`, `track`, `identify`, `consent`, `on`, … */
export function getSlotwise(): Slotwise {
  const shared = getContext<Shared | undefined>(KEY);
  if (!shared) throw new Error("getSlotwise() needs <SlotwiseProvider> or setSlotwise() above it");
  return shared.slotwise;
}

/** The decision of slot `name` (variant, reason, rule) as a store; `undefined` until decided. */
export function decision(name: string): Readable<Decision | undefined> {
  return follow(getContext<Shared | undefined>(KEY), name, "decision");
}

/**
 * The server's decisions as a `<script type="application/json">` element,
 * for `{@html}` (`<SlotwiseProvider>` writes it); empty in a browser page
 * that had none.
 */
export function stateScript(): string {
  const state = getContext<Shared | undefined>(KEY)?.store.server;
  return state ? `<script type="application/json" data-slotwise-state>${stateJson(state)}</script>` : "";
}

/**
 * What `<Slot>` shows: a store of the slot's content, registered with the
 * runtime once mounted (never on a server) and forgotten when destroyed.
 * `has(id)`: whether the slot has a snippet for variant `id`.
 */
export function bindSlot(name: string, has: (variant: string) => boolean): Readable<SlotContent | undefined> {
  const shared = getContext<Shared | undefined>(KEY);
  if (shared && !onServer) onMount(() => shared.store.attach({ name, isConnected: true, has }));
  return follow(shared, name, "content");
}

function follow<K extends "content" | "decision">(shared: Shared | undefined, name: string, key: K): Readable<ReturnType<SlotStore[K]> | undefined> {
  const read = () => shared?.store[key](name) as ReturnType<SlotStore[K]> | undefined;
  return {
    subscribe(run) {
      run(read());
      return shared && !onServer ? shared.store.subscribe(name, () => run(read())) : () => {};
    },
  };
}

/** The props of `<Slot>`: snippet props named by variant id, and any attribute, pass through. */
export type SlotProps = {
  /** The slot's name in the rule file (fixed for the life of the component: wrap in `{#key}` to change it). */
  name: string;
  /** The wrapping element. @default "div" */
  as?: string;
  /** The default content. */
  children?: Snippet;
  /** Snippets by variant id, for ids that are not identifiers. */
  variants?: Readonly<Record<string, Snippet>>;
  [attribute: string]: unknown;
};

// The components, for TypeScript: their code is ./Slot.svelte and
// ./SlotwiseProvider.svelte, compiled by the app (the `svelte` export condition).
/** Renders the decided variant of slot `name` (./Slot.svelte). */
export declare const Slot: Component<SlotProps>;
/** Starts Slotwise for the components inside it and carries the server's decisions (./SlotwiseProvider.svelte). */
export declare const SlotwiseProvider: Component<SlotwiseSvelteOptions & { children?: Snippet }>;
