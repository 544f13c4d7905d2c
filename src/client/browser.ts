/**
 * The browser's platform for an instance (the one door to src/dom/): the DOM
 * adapter, the visitor's localStorage entry, fetch, the slot cloak, parsing,
 * route changes, the rules cache and the tab's address values. Outside a
 * browser it is empty: decisions only, the context in memory.
 */
import { createDomAdapter } from "../dom/adapter.js";
import { cloakSlots } from "../dom/cloak.js";
import { readEnvironment } from "../dom/environment.js";
import { fetchRules } from "../dom/remote-rules.js";
import { findVariantTemplate, UNDECIDED_SLOT_SELECTOR } from "../dom/markup.js";
import { watchNavigation } from "../dom/navigation.js";
import { createRulesCache } from "../dom/rules-cache.js";
import { browserStorage } from "../dom/storage.js";
import { tabParam } from "../dom/tab-param.js";
import type { Platform } from "../runtime/plugin.js";

export function browserPlatform(): Platform {
  // Looked up at each call: a page (or a test) may replace fetch later.
  const rules: Platform["rules"] = (url, f) => fetchRules(url, f ?? ((u, i) => fetch(u, i)));
  if (typeof window === "undefined" || typeof document === "undefined") return { rules };
  const win = window;
  const doc = win.document;
  return {
    adapter: createDomAdapter({ root: doc }),
    env: readEnvironment(win),
    storage: browserStorage({ window: win }),
    rules,
    fetch: (url, init) => fetch(url, init),
    cloak: (ms) => cloakSlots(doc, UNDECIDED_SLOT_SELECTOR, ms).reveal,
    whenParsed: (callback) => (doc.readyState !== "loading" ? callback() : doc.addEventListener("DOMContentLoaded", () => callback(), { once: true })),
    // The page contract puts templates after the slots: a streamed page can show a slot before its template.
    templatePending: (id) => doc.readyState === "loading" && !findVariantTemplate(doc, id),
    routes: (onRoute) => watchNavigation(win, onRoute),
    cache: createRulesCache(() => win.localStorage, () => true),
    param: (name) => tabParam(win, name),
  };
}
