/**
 * `slotwise/react`: slots as components. The provider holds a slot store
 * (./store.ts) that a Slotwise instance renders into; each `<Slot>` reads
 * its entry with `useSyncExternalStore`, so React owns every node of the
 * slot and only slots whose decision changed render again.
 *
 * On a server (no `window`) the provider decides synchronously from `rules`
 * and `context` and writes what it decided into the HTML; in the browser it
 * reads that back, so hydration reproduces the server's HTML exactly, then
 * starts the instance, which re-decides with what only the browser knows.
 */
import {
  createContext,
  createElement as h,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  useSyncExternalStore,
  type ElementType,
  type ReactElement,
  type ReactNode,
} from "react";
import type { Slotwise } from "../client/options.js";
import type { SlotwiseOptions } from "../rule-file.js";
import { createSlotwise } from "../client/slotwise.js";
import type { Decision } from "../core/types.js";
import { lazySlotwise } from "./instance.js";
import { decideOnServer, readServerState, stateJson } from "./server-state.js";
import { createSlotStore, type SlotStore } from "./store.js";

interface Shared {
  store: SlotStore;
  slotwise: ReturnType<typeof lazySlotwise>;
}

const SlotwiseContext = createContext<Shared | null>(null);
const stores = new WeakMap<Slotwise, SlotStore>();
const onServer = typeof window === "undefined";
// Layout effects: a slot is registered, and the instance started, before the browser paints.
const useMountEffect = onServer ? useEffect : useLayoutEffect;
const hasOwn = Object.prototype.hasOwnProperty;

export type SlotwiseProviderProps = SlotwiseOptions & {
  /** An instance from `createReactSlotwise`; otherwise the provider starts (and ends) its own from the other props. */
  instance?: Slotwise;
  children?: ReactNode;
};

/**
 * Starts Slotwise for the slots below it. Server: pass `rules` as an object
 * and the request's facts as `context`; browser: the same props (a rules URL
 * works there), or `instance`.
 *
 * @example
 * <SlotwiseProvider rules={rules} context={{ geo: { city } }}><App /></SlotwiseProvider>
 */
export function SlotwiseProvider({ instance, children, ...options }: SlotwiseProviderProps): ReactElement {
  const [shared] = useState<Shared>(() => {
    const given = instance && stores.get(instance);
    if (instance && !given) console.warn("[slotwise] <SlotwiseProvider instance> takes an instance from createReactSlotwise(); its slots keep their default content");
    const store = given ?? createSlotStore(onServer ? decideOnServer(options.rules, options.context ?? {}) : readServerState());
    return { store, slotwise: lazySlotwise(store, options, instance) };
  });
  useMountEffect(() => shared.slotwise.start(), [shared]);
  const state = shared.store.server;
  const script = state && h("script", { type: "application/json", "data-slotwise-state": "", dangerouslySetInnerHTML: { __html: stateJson(state) } });
  return h(SlotwiseContext.Provider, { value: shared }, children, script);
}

/**
 * A Slotwise instance whose slots are `<Slot>` components: create it once at
 * the app's start and give it to `<SlotwiseProvider instance>`.
 *
 * @example
 * const slotwise = createReactSlotwise({ rules: "/rules.json" });
 * hydrateRoot(root, <SlotwiseProvider instance={slotwise}><App /></SlotwiseProvider>);
 */
export function createReactSlotwise(options: SlotwiseOptions = {}): Slotwise {
  const store = createSlotStore(readServerState());
  const instance = createSlotwise({ ...options, adapter: store.adapter });
  instance.on("decision", store.announce);
  stores.set(instance, store);
  return instance;
}

/** The slot store of an instance from createReactSlotwise (for tests). */
export function storeOf(instance: Slotwise): SlotStore | undefined {
  return stores.get(instance);
}

export type SlotProps = {
  /** The slot's name in the rule file. */
  name: string;
  /** The default content. */
  children?: ReactNode;
  /** Variants as elements, by id: they win over the rule file's content of the same id. */
  variants?: Readonly<Record<string, ReactNode>>;
  /** The wrapping element. @default "div" */
  as?: ElementType;
} & Record<string, unknown>;

/**
 * Renders the decided variant of slot `name` (text, sanitized html, or an
 * element from `variants`), or its children.
 *
 * @example
 * <Slot name="hero" variants={{ BangaloreOffer: <BangaloreHero /> }}><DefaultHero /></Slot>
 */
export function Slot({ name, children, variants, as = "div", ...attributes }: SlotProps): ReactElement {
  const shared = useShared();
  const variantsRef = useRef(variants);
  variantsRef.current = variants;
  useMountEffect(
    () => shared?.store.attach({ name, isConnected: true, has: (id) => !!variantsRef.current && hasOwn.call(variantsRef.current, id) }),
    [shared, name],
  );
  const content = useStoreValue(shared, name, "content", "serverContent");
  const element = content && content.kind !== "default" && variants && hasOwn.call(variants, content.variant) ? variants[content.variant] : undefined;
  const shown = element !== undefined || content?.kind === "text" || content?.kind === "html";
  const props: Record<string, unknown> = {
    ...attributes,
    "data-slotwise-slot": name,
    "data-slot-state": content ? (shown ? "variant" : "default") : undefined,
    "data-slot-variant": shown && content && content.kind !== "default" ? content.variant : undefined,
  };
  if (element === undefined && content?.kind === "html") return h(as, { ...props, dangerouslySetInnerHTML: { __html: content.html } });
  return h(as, props, element !== undefined ? element : content?.kind === "text" ? content.text : children);
}

/** The decision of slot `name` (variant, reason, rule); `undefined` until decided. */
export function useDecision(name: string): Decision | undefined {
  return useStoreValue(useShared(), name, "decision", "serverDecision");
}

/** The instance of the nearest provider: `set`, `track`, `identify`, `consent`, `on`, … */
export function useSlotwise(): Slotwise {
  const shared = useShared();
  if (!shared) throw new Error("useSlotwise() needs a <SlotwiseProvider> above it");
  return shared.slotwise;
}

function useShared(): Shared | null {
  return useContext(SlotwiseContext);
}

function useStoreValue<K extends "content" | "decision">(
  shared: Shared | null,
  name: string,
  current: K,
  server: "serverContent" | "serverDecision",
): ReturnType<SlotStore[K]> | undefined {
  const store = shared?.store;
  const subscribe = useCallback((listener: () => void) => store?.subscribe(name, listener) ?? noop, [store, name]);
  return useSyncExternalStore(
    subscribe,
    () => store?.[current](name) as ReturnType<SlotStore[K]> | undefined,
    () => store?.[server](name) as ReturnType<SlotStore[K]> | undefined,
  );
}

function noop(): void {}
