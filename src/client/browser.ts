/**
 * The instance an app or the script tag uses: the browser edge (DOM adapter,
 * slot cloak, route watching, localStorage, rules cache) assembled around the
 * runtime in create-slotwise.ts, with the personalization layer when the
 * build carries it (./slotwise.ts) or without (./slotwise-content.ts).
 * Outside a browser (SSR, tests, workers) the same call works with no DOM:
 * decisions only, context in memory.
 */
import { geoFromUrl, type FetchLike, type GeoLookup } from "../core/context/geo.js";
import { createContextStore, type ContextStore } from "../core/context/store.js";
import { createDomAdapter } from "../dom/adapter.js";
import { cloakSlots } from "../dom/cloak.js";
import { readEnvironment } from "../dom/environment.js";
import { findVariantTemplate, UNDECIDED_SLOT_SELECTOR } from "../dom/markup.js";
import { watchNavigation } from "../dom/navigation.js";
import { createRulesCache } from "../dom/rules-cache.js";
import { browserStorage } from "../dom/storage.js";
import { tabParam } from "../dom/tab-param.js";
import type { createActivation } from "./activation/activate.js";
import { createSlotwiseWith } from "./create-slotwise.js";
import type { DataLayerWindow } from "./page-channels.js";
import { exposureChannels } from "./exposure.js";
import type { Slotwise, SlotwiseOptions } from "./options.js";
import type { CreatePersonalizer } from "./personalizer.js";
import { readPreview, withVisitor } from "./preview.js";

/** The personalization layer and the channels its next best action goes to. */
export interface PersonalParts {
  personalizer: CreatePersonalizer;
  createActivation: typeof createActivation;
}

export function createBrowserSlotwise(options: SlotwiseOptions, personal?: PersonalParts): Slotwise {
  const win = typeof window === "undefined" ? undefined : window;
  const doc = win?.document;
  const consent = options.consent ?? "granted";
  // The store owns consent; the channels below ask it at the moment they act.
  let store: ContextStore | undefined;
  const granted = (): boolean => store?.getConsent() === "granted";
  const preview = win && readPreview(tabParam(win, "slotwise_preview"), tabParam(win, "slotwise_visitor"));
  const storage = win ? browserStorage({ window: win }) : undefined;
  // A preview reads the visitor's stored state but writes nothing back.
  if (storage && preview) storage.storage = { ...storage.storage, write: () => ({ ok: true, value: undefined }), remove: () => ({ ok: true, value: undefined }) };
  const lookup = geoLookup(options);
  const activate = win && personal
    ? personal.createActivation({
        target: doc,
        dataLayer: options.dataLayer === true ? (win as unknown as { dataLayer?: unknown }) : undefined,
        beacon: beaconOf(win, options.beacon),
        consent: () => store?.getConsent() ?? consent,
      })
    : undefined;
  const instance = createSlotwiseWith(
    { ...options, adapter: options.adapter ?? (doc ? createDomAdapter({ root: doc }) : undefined) },
    {
      createContext: ({ onChange, onError, onTrack }) => {
        store = createContextStore({
          ...(win ? readEnvironment(win) : { url: "about:blank" }),
          ...storage,
          hostFacts: options.context,
          consent,
          geo: lookup ? { lookup, timeoutMs: options.timeout } : undefined,
          onChange,
          onError,
          onTrack,
        });
        const real = store;
        return preview ? { ...real, facts: () => withVisitor(real.facts(), preview) } : real;
      },
      preview: preview || undefined,
      personalizer: personal?.personalizer,
      activate,
      expose: doc ? exposureChannels(doc, options.dataLayer === true ? (win as unknown as DataLayerWindow) : undefined, () => store?.getConsent() ?? consent) : undefined,
      cloak: doc ? (timeoutMs) => cloakSlots(doc, UNDECIDED_SLOT_SELECTOR, timeoutMs).reveal : undefined,
      whenParsed: doc ? (callback) => whenParsed(doc, callback) : undefined,
      // Page templates are the DOM adapter's; a custom adapter finds variants its own way.
      templatePending:
        doc && !options.adapter ? (id) => doc.readyState === "loading" && findVariantTemplate(doc, id) === null : undefined,
      watchRoutes: win ? (onRoute) => watchNavigation(win, onRoute) : undefined,
      rulesCache: win ? createRulesCache(() => win.localStorage, () => granted() && !preview) : undefined,
      warn: (message) => console.warn(message),
      debug: (message, detail) => console.debug(`[slotwise] ${message}`, detail),
    },
  );
  return instance;
}

/** The beacon channel, when `beacon` is a URL and the browser has `navigator.sendBeacon`. */
function beaconOf(win: Window, url: unknown): { url: string; send: (url: string, body: string) => boolean } | undefined {
  if (typeof url !== "string" || url.trim() === "") return undefined;
  const navigator = win.navigator as Navigator | undefined;
  if (typeof navigator?.sendBeacon !== "function") return undefined;
  return { url, send: (target, body) => navigator.sendBeacon(target, body) };
}

function geoLookup(options: SlotwiseOptions): GeoLookup | undefined {
  if (typeof options.geo === "function") return options.geo;
  const fetchImpl = options.fetch ?? (typeof fetch === "function" ? fetch.bind(globalThis) : undefined);
  if (typeof options.geo === "string" && fetchImpl) return geoFromUrl(options.geo, fetchImpl as FetchLike);
  return undefined;
}

function whenParsed(doc: Document, callback: () => void): void {
  if (doc.readyState !== "loading") callback();
  else doc.addEventListener("DOMContentLoaded", () => callback(), { once: true });
}
