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

/** `op(localStorage)` as a value; without `win` (or its storage) every call fails as absent. */
const attempt =
  <T>(win: StorageWindow | undefined, op: (s: Storage) => T) =>
  (): StorageResult<T> => {
    try {
      const s = win && win.localStorage;
      if (!s) throw { name: "StorageUnavailableError" };
      return { ok: true, value: op(s) };
    } catch (error) {
      return { ok: false, error };
    }
  };

/** One localStorage entry. */
export function localStorageEntry(win: StorageWindow | undefined, key = STORAGE_KEY): StateStorage {
  return {
    read: attempt(win, (s) => s.getItem(key)),
    write: (text) =>
      attempt(win, (s) => {
        try {
          s.setItem(key, text);
        } catch (e) {
          // Full: our own cache goes before the visitor's entry.
          if (s.getItem(RULES_CACHE_KEY) == null) throw e;
          s.removeItem(RULES_CACHE_KEY);
          s.setItem(key, text);
        }
      })(),
    remove: attempt(win, (s) => s.removeItem(key)),
  };
}

/** Calls `flush` on `pagehide` and when the document becomes hidden; returns an unwatch function. */
export function watchPageHide(win: StorageWindow | undefined, flush: () => void): () => void {
  const doc = win && win.document;
  const onHidden = (): void => void (doc!.visibilityState === "hidden" && flush());
  const on = (m: "addEventListener" | "removeEventListener"): void => {
    if (win) win[m]("pagehide", flush);
    if (doc) doc[m]("visibilitychange", onHidden);
  };
  on("addEventListener");
  return () => on("removeEventListener");
}
