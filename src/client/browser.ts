/**
 * The browser's platform for an instance (the one door to src/dom/): the DOM
 * adapter, the visitor's localStorage entry, fetch, the slot cloak, parsing,
 * route changes, the rules cache and the tab's address values. Outside a
 * browser it is empty but for fetching rules: decisions only, the context in memory.
 */
import { createDomAdapter } from "../dom/adapter.js";
import { cloakSlots } from "../dom/cloak.js";
import { readEnvironment } from "../dom/environment.js";
import { fetchRules } from "../dom/remote-rules.js";
import { findVariantTemplate, UNDECIDED_SLOT_SELECTOR } from "../dom/markup.js";
import { rulesCache } from "../dom/rules-cache.js";
import { browserStorage } from "../dom/storage.js";
import { tabParams } from "../dom/tab-param.js";
import { laterRoutes } from "../later/load.js";
import type { Platform } from "../runtime/plugin.js";

export function browserPlatform(): Platform {
  // Looked up at each call: a page (or a test) may replace fetch later.
  const get: typeof fetch = (u, i) => fetch(u, i);
  const rules: Platform["rules"] = (url, f, ms) => fetchRules(url, f ?? get, ms);
  if (typeof document != "object") return { rules };
  const win = window;
  const doc = document;
  const parsing = () => doc.readyState == "loading";
  let params: Record<string, string | null> | undefined;
  return {
    adapter: createDomAdapter({ root: doc }),
    env: readEnvironment(win),
    storage: browserStorage({ window: win }),
    rules,
    fetch: get,
    cloak: (ms) => cloakSlots(doc, UNDECIDED_SLOT_SELECTOR, ms).reveal,
    whenParsed: (callback) => (parsing() ? doc.addEventListener("DOMContentLoaded", () => callback(), { once: true }) : callback()),
    // The page contract puts templates after the slots: a streamed page can show a slot before its template.
    templatePending: (id) => parsing() && !findVariantTemplate(doc, id),
    routes: (onRoute) => laterRoutes(win, onRoute),
    cache: rulesCache(() => win.localStorage),
    param: (name) => (params ??= tabParams(win))[name] ?? null,
  };
}
