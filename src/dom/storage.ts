/**
 * The browser edge of the visitor document: one localStorage entry, and a
 * hook to write it before the page goes away. Every call is wrapped (a
 * sandboxed iframe throws on reading `window.localStorage`, a full origin on
 * writing); failures come back as values. When a write meets a full storage,
 * Slotwise's own re-fetchable rules cache gives way first and the write is
 * tried once more. No cookies.
 */
import type { OnPageHide, StateStorage, StorageResult } from "../runtime/context-types.js";
import { RULES_CACHE_KEY } from "./rules-cache.js";

/** The localStorage key; the entry carries its own `version`. */
export const STORAGE_KEY = "slotwise";

export type StorageWindow = Pick<Window, "addEventListener" | "removeEventListener"> & {
  readonly localStorage?: Storage | null;
  readonly document?: Pick<Document, "visibilityState" | "addEventListener" | "removeEventListener">;
};

export interface BrowserStorageOptions {
  /** @default window */
  window?: StorageWindow;
  /** @default "slotwise" */
  key?: string;
}

/** The options to spread into `createContextStore`: the entry and the pagehide hook. */
export function browserStorage(options: BrowserStorageOptions = {}): { storage: StateStorage; onPageHide: OnPageHide } {
  const win = options.window ?? (typeof window === "undefined" ? undefined : window);
  return { storage: localStorageEntry(win, options.key), onPageHide: (flush) => watchPageHide(win, flush) };
}

/** One localStorage entry; without `win` every call fails as absent. */
export function localStorageEntry(win: StorageWindow | undefined, key = STORAGE_KEY): StateStorage {
  const ls = (): Storage => {
    const s = win?.localStorage;
    if (!s) throw Object.assign(new Error(), { name: "StorageUnavailableError" });
    return s;
  };
  return {
    read: () => attempt(() => ls().getItem(key)),
    write: (text) =>
      attempt(() => {
        try {
          ls().setItem(key, text);
        } catch (e) {
          // Full: our own cache goes before the visitor's entry.
          const s = ls();
          if (s.getItem(RULES_CACHE_KEY) == null) throw e;
          s.removeItem(RULES_CACHE_KEY);
          s.setItem(key, text);
        }
      }),
    remove: () => attempt(() => ls().removeItem(key)),
  };
}

/** Calls `flush` on `pagehide` and when the document becomes hidden; returns an unwatch function. */
export function watchPageHide(win: StorageWindow | undefined, flush: () => void): () => void {
  if (!win) return () => {};
  const doc = win.document;
  const onHidden = (): void => void (doc?.visibilityState === "hidden" && flush());
  win.addEventListener("pagehide", flush);
  doc?.addEventListener("visibilitychange", onHidden);
  return () => {
    win.removeEventListener("pagehide", flush);
    doc?.removeEventListener("visibilitychange", onHidden);
  };
}

function attempt<T>(op: () => T): StorageResult<T> {
  try {
    return { ok: true, value: op() };
  } catch (error) {
    return { ok: false, error };
  }
}
