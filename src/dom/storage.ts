/**
 * The browser edge of the context store's persistence: one localStorage
 * entry, and a hook to write it before the page goes away. Every storage call
 * is wrapped: in a sandboxed iframe even reading `window.localStorage` throws
 * a SecurityError, Safari's private mode used to throw on every write, and a
 * full origin throws QuotaExceededError. Failures come back as values; the
 * store decides what to do (memory for the page view, one report).
 * No cookies are used.
 */
import type { OnPageHide, StateStorage, StorageResult } from "../core/context/ports.js";

/**
 * The localStorage key. It never changes between versions of the stored
 * layout (the entry carries its own `version`), so a newer Slotwise always
 * finds an older entry to migrate.
 */
export const STORAGE_KEY = "slotwise";

/** The parts of `window` used here (so tests can pass a stand-in). */
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

/**
 * The options to spread into `createContextStore`: the localStorage entry and
 * the pagehide hook.
 *
 * @example
 * const store = createContextStore({ url: location.href, ...browserStorage() });
 */
export function browserStorage(options: BrowserStorageOptions = {}): { storage: StateStorage; onPageHide: OnPageHide } {
  const win = options.window ?? (typeof window === "undefined" ? undefined : window);
  return { storage: localStorageEntry(win, options.key ?? STORAGE_KEY), onPageHide: (flush) => watchPageHide(win, flush) };
}

/** One localStorage entry as a StateStorage. `win` may be missing (no DOM): every call then fails as "absent". */
export function localStorageEntry(win: StorageWindow | undefined, key: string = STORAGE_KEY): StateStorage {
  return {
    read: () => attempt(() => storageOf(win).getItem(key)),
    write: (text) => attempt(() => storageOf(win).setItem(key, text)),
    remove: () => attempt(() => storageOf(win).removeItem(key)),
  };
}

/**
 * Calls `flush` when the page is hidden or left: `pagehide` (works with the
 * back/forward cache, unlike `unload`) and `visibilitychange` to hidden (the
 * last event mobile browsers reliably fire before killing a tab).
 */
export function watchPageHide(win: StorageWindow | undefined, flush: () => void): () => void {
  if (!win) return () => {};
  const doc = win.document;
  const onVisibility = (): void => {
    if (doc?.visibilityState === "hidden") flush();
  };
  win.addEventListener("pagehide", flush);
  doc?.addEventListener("visibilitychange", onVisibility);
  return () => {
    win.removeEventListener("pagehide", flush);
    doc?.removeEventListener("visibilitychange", onVisibility);
  };
}

function storageOf(win: StorageWindow | undefined): Storage {
  // The property read itself throws in sandboxed iframes and with cookies blocked.
  const storage = win?.localStorage;
  if (!storage) {
    const error = new Error("localStorage is not available");
    error.name = "StorageUnavailableError";
    throw error;
  }
  return storage;
}

function attempt<T>(operation: () => T): StorageResult<T> {
  try {
    return { ok: true, value: operation() };
  } catch (error) {
    return { ok: false, error };
  }
}
