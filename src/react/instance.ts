/**
 * The instance behind `useSlotwise()`: stable for the life of the provider,
 * it forwards to the Slotwise instance once the provider has started it (in
 * an effect, so StrictMode's double mount and a server render start
 * nothing). Calls made earlier (a child's layout effect calling `track`)
 * are kept and replayed in order; on the server they do nothing, and
 * `context()` is the server's context.
 */
import type { Slotwise, SlotwiseEvents } from "../client/options.js";
import { profileOf } from "../runtime/instance.js";
import type { Context, Decision } from "../core/types.js";
import { createSlotwise } from "../client/slotwise.js";
import type { SlotwiseOptions } from "../client/options.js";
import type { SlotStore } from "./store.js";

export interface LazySlotwise extends Slotwise {
  /** Starts the instance (or adopts `given`), wired to the store; returns its stop. */
  start(): () => void;
}

type Call = (instance: Slotwise) => void;
type AnyListener = (payload: never) => void;

export function lazySlotwise(store: SlotStore, options: SlotwiseOptions, given?: Slotwise): LazySlotwise {
  let current: Slotwise | undefined;
  const queued: Call[] = [];
  const listeners = new Set<{ event: keyof SlotwiseEvents; listener: AnyListener; stop?: () => void }>();
  const waiting: ((instance: Slotwise) => void)[] = [];
  const whenStarted = (): Promise<Slotwise> => (current ? Promise.resolve(current) : new Promise((resolve) => waiting.push(resolve)));

  const call = (action: Call): void => {
    if (current) action(current);
    else queued.push(action);
  };
  const listen = (entry: { event: keyof SlotwiseEvents; listener: AnyListener; stop?: () => void }, instance: Slotwise): void => {
    entry.stop = instance.on(entry.event, entry.listener as (payload: SlotwiseEvents[typeof entry.event]) => void);
  };

  return {
    get ready() {
      return whenStarted().then((instance) => instance.ready);
    },
    set: (facts) => call((i) => i.set(facts)),
    track: (name, props) => call((i) => i.track(name, props)),
    identify: (id, traits) => call((i) => i.identify(id, traits)),
    consent: (state) => call((i) => i.consent(state)),
    forget: () => call((i) => i.forget()),
    destroy: (destroyOptions) => call((i) => i.destroy(destroyOptions)),
    context: (): Context => current?.context() ?? options.context ?? {},
    profile: () => current?.profile() ?? profileOf(options.context ?? {}),
    export: () => current?.export(),
    decide: (): Promise<Decision[]> => whenStarted().then((instance) => instance.decide()),
    on(event, listener) {
      const entry = { event, listener: listener as AnyListener, stop: undefined as (() => void) | undefined };
      listeners.add(entry);
      if (current) listen(entry, current);
      return () => {
        listeners.delete(entry);
        entry.stop?.();
      };
    },
    start() {
      // A given instance (createReactSlotwise) announces to its store from its creation on.
      const instance = given ?? createSlotwise({ ...options, adapter: store.adapter });
      const stopAnnouncing = given ? () => {} : instance.on("decision", store.announce);
      current = instance;
      for (const entry of listeners) listen(entry, instance);
      for (const action of queued.splice(0)) action(instance);
      for (const resolve of waiting.splice(0)) resolve(instance);
      return () => {
        stopAnnouncing();
        for (const entry of listeners) entry.stop?.();
        // An instance the app gave is the app's to destroy.
        if (!given) instance.destroy();
        if (current === instance) current = undefined;
      };
    },
  };
}
