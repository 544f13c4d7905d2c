/**
 * The slot store between a Slotwise instance and React: the instance renders
 * into it through a render adapter (so deciding, re-deciding on changed
 * facts, route changes and `decision` events stay the runtime's), and each
 * `<Slot>` reads its own entry through `useSyncExternalStore`, so a changed
 * decision re-renders that slot and no other. React owns the DOM: nothing
 * here touches a node.
 */
import type { RenderAdapter, SlotHandle } from "../core/adapter.js";
import { sameContent, variantContent, type SlotContent } from "../core/slot-content.js";
import type { Decision } from "../core/types.js";
import type { ServerState } from "./server-state.js";

/** A mounted `<Slot>`, as the runtime sees it (the handle's target). */
export interface SlotTarget {
  readonly name: string;
  /** False once unmounted: the runtime then forgets the slot. */
  isConnected: boolean;
  /** Whether the slot's `variants` map has a component for this id. */
  has(variant: string): boolean;
}

export interface SlotStore {
  /** The content shown now; `undefined` while undecided (the default children show). */
  content(name: string): SlotContent | undefined;
  /** The content of the server's HTML, which hydration must reproduce. */
  serverContent(name: string): SlotContent | undefined;
  decision(name: string): Decision | undefined;
  serverDecision(name: string): Decision | undefined;
  subscribe(name: string, listener: () => void): () => void;
  /** Records a decision the instance announced. */
  announce(decision: Decision): void;
  /** Registers a mounted slot with the runtime; returns its unmount. */
  attach(target: SlotTarget): () => void;
  readonly adapter: RenderAdapter<SlotTarget>;
  /** What the server decided, to be written into the page for hydration. */
  readonly server: ServerState | undefined;
  /** Subscriptions alive (for tests: unmounting leaves none). */
  size(): number;
}

const DEFAULT: SlotContent = { kind: "default" };

export function createSlotStore(server?: ServerState): SlotStore {
  const contents = new Map<string, SlotContent>();
  const decisions = new Map<string, Decision>();
  const listeners = new Map<string, Set<() => void>>();
  const attached = new Set<SlotTarget>();
  let onAdded: ((slots: SlotHandle<SlotTarget>[]) => void) | undefined;

  const notify = (name: string): void => {
    for (const listener of [...(listeners.get(name) ?? [])]) listener();
  };
  const show = (name: string, content: SlotContent): void => {
    if (sameContent(store.content(name), content)) return;
    contents.set(name, content);
    notify(name);
  };
  const handle = (target: SlotTarget): SlotHandle<SlotTarget> => ({ name: target.name, target });

  const store: SlotStore = {
    server,
    content: (name) => contents.get(name) ?? store.serverContent(name),
    serverContent: (name) => server?.contents[name],
    decision: (name) => decisions.get(name) ?? store.serverDecision(name),
    serverDecision: (name) => server?.decisions[name],
    subscribe(name, listener) {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(name);
      };
    },
    announce(decision) {
      decisions.set(decision.slot, decision);
      notify(decision.slot);
    },
    attach(target) {
      attached.add(target);
      onAdded?.([handle(target)]);
      return () => {
        target.isConnected = false;
        attached.delete(target);
      };
    },
    size: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    adapter: {
      findSlots: () => [...attached].map(handle),
      render({ name, target }, variant, facts) {
        const content = variantContent(variant, facts);
        // A page template has no place in a React tree: the slot's own `variants` map stands in for it.
        if (content.kind === "template" && !target.has(variant.id)) {
          show(name, DEFAULT);
          const message = `no component for variant '${variant.id}' in <Slot name="${name}" variants={…}>`;
          return { ok: false, error: { code: "VARIANT_NOT_FOUND", slot: name, variant: variant.id, message }, revert: noop };
        }
        show(name, content);
        return { ok: true, revert: noop };
      },
      markDefault({ name }) {
        show(name, DEFAULT);
        return noop;
      },
      observe(added) {
        onAdded = added;
        if (attached.size > 0) added([...attached].map(handle));
        return () => {
          if (onAdded === added) onAdded = undefined;
        };
      },
    },
  };
  return store;
}

function noop(): void {}
