/**
 * `slotwise/vue`: slots as Vue 3 components. `app.use(createSlotwisePlugin(
 * options))` holds a slot store (../react/store.ts, shared by every
 * framework) that a Slotwise instance renders into through a render adapter;
 * each `<SlotwiseSlot>` subscribes to its own entry, so a changed decision
 * re-renders that slot and no other, and Vue owns every node.
 *
 * On a server (no `window`) the plugin decides synchronously from `rules`
 * and `context`; `<SlotwiseState />` writes those decisions into the HTML,
 * and in the browser the plugin reads them back before hydration, so the
 * first client render is the server's. The instance starts in the browser
 * only, and stops when the app unmounts.
 */
import {
  defineComponent,
  getCurrentInstance,
  h,
  inject,
  onBeforeUnmount,
  onMounted,
  shallowRef,
  watch,
  type App,
  type InjectionKey,
  type PropType,
  type ShallowRef,
} from "vue";
import type { Decision, Slotwise, SlotwiseOptions } from "../index.js";
import { lazySlotwise } from "../react/instance.js";
import { decideOnServer, readServerState, stateJson, type ServerState } from "../react/server-state.js";
import { createSlotStore, type SlotStore } from "../react/store.js";

export type { ServerState };
export type SlotContent = NonNullable<ReturnType<SlotStore["content"]>>;

export interface SlotwisePluginOptions extends SlotwiseOptions {
  /** The server's state, when the host carries it itself (a Nuxt payload); otherwise read from `<SlotwiseState />`'s script. */
  state?: ServerState;
}

export interface SlotwisePlugin {
  install(app: App): void;
  /** The instance (`set`, `track`, `on`, …) for code outside components: router guards, stores. Calls made before it starts are replayed. */
  readonly instance: Slotwise;
}

interface Shared {
  store: SlotStore;
  slotwise: Slotwise;
}

const KEY: InjectionKey<Shared> = Symbol("slotwise");
const onServer = typeof window === "undefined";

/**
 * @example
 * const app = createSSRApp(App);
 * app.use(createSlotwisePlugin({ rules, context: { geo: { city } } }));
 */
export function createSlotwisePlugin(options: SlotwisePluginOptions = {}): SlotwisePlugin {
  const { state, ...rest } = options;
  const store = createSlotStore(onServer ? decideOnServer(rest.rules, rest.context ?? {}) : (state ?? readServerState()));
  const slotwise = lazySlotwise(store, rest);
  return {
    instance: slotwise,
    install(app) {
      app.provide(KEY, { store, slotwise });
      if (onServer) return;
      const stop = slotwise.start();
      app.onUnmount(stop);
    },
  };
}

/** Writes the server's decisions into the page for hydration: render it once, in the root component. */
export const SlotwiseState = defineComponent({
  name: "SlotwiseState",
  setup() {
    const shared = inject(KEY, null);
    return () => {
      const state = shared?.store.server;
      return state ? h("script", { type: "application/json", "data-slotwise-state": "", innerHTML: stateJson(state) }) : null;
    };
  },
});

/**
 * Renders the decided variant of slot `name`: text, sanitized html, or the
 * named Vue slot of the variant's id; the default slot otherwise.
 *
 * @example
 * <SlotwiseSlot name="hero" as="header">
 *   <template #BangaloreHero><BangaloreHero /></template>
 *   <h1>Default hero</h1>
 * </SlotwiseSlot>
 */
export const SlotwiseSlot = defineComponent({
  name: "SlotwiseSlot",
  props: {
    /** The slot's name in the rule file. */
    name: { type: String, required: true },
    /** The wrapping element. */
    as: { type: [String, Object] as PropType<string | object>, default: "div" },
  },
  setup(props, { slots }) {
    const shared = inject(KEY, null);
    const content = follow<SlotContent>(shared, () => props.name, "content", true);
    return () => {
      const shown = content.value;
      const variant = shown && shown.kind !== "default" ? slots[shown.variant] : undefined;
      const decided = !!variant || shown?.kind === "text" || shown?.kind === "html";
      const attrs = {
        "data-slotwise-slot": props.name,
        "data-slot-state": shown ? (decided ? "variant" : "default") : undefined,
        "data-slot-variant": decided && shown && shown.kind !== "default" ? shown.variant : undefined,
      };
      if (!variant && shown?.kind === "html") return h(props.as, { ...attrs, innerHTML: shown.html });
      return h(props.as, attrs, variant ? variant() : shown?.kind === "text" ? shown.text : slots.default?.());
    };
  },
});

/** The decision of slot `name` (variant, reason, rule); `undefined` until decided. */
export function useDecision(name: string | (() => string)): Readonly<ShallowRef<Decision | undefined>> {
  return follow<Decision>(inject(KEY, null), typeof name === "function" ? name : () => name, "decision", false);
}

/** The plugin's instance: `set`, `track`, `identify`, `consent`, `on`, … */
export function useSlotwise(): Slotwise {
  const shared = inject(KEY, null);
  if (!shared) throw new Error("useSlotwise() needs app.use(createSlotwisePlugin(…))");
  return shared.slotwise;
}

/**
 * A ref following one slot's entry in the store. Subscribed once mounted
 * (never on a server); a `<SlotwiseSlot>` also registers with the runtime
 * then, and both end on unmount.
 */
function follow<T>(shared: Shared | null, name: () => string, key: "content" | "decision", attach: boolean): ShallowRef<T | undefined> {
  const read = () => shared?.store[key](name()) as T | undefined;
  const value = shallowRef(read()) as ShallowRef<T | undefined>;
  if (!shared || !getCurrentInstance()) return value;
  const { slots } = getCurrentInstance()!;
  let stop = (): void => {};
  const bind = (slot: string): void => {
    stop();
    const unsubscribe = shared.store.subscribe(slot, () => (value.value = read()));
    const detach = attach ? shared.store.attach({ name: slot, isConnected: true, has: (id) => typeof slots[id] === "function" }) : undefined;
    value.value = read();
    stop = () => (unsubscribe(), detach?.());
  };
  onMounted(() => {
    bind(name());
    watch(name, bind);
  });
  onBeforeUnmount(() => stop());
  return value;
}
