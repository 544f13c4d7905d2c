/**
 * What the context store needs from its surroundings, as small interfaces the
 * browser edge (src/dom/storage.ts) or a test implements. The core itself
 * never names localStorage, timers or window.
 */

/** The outcome of one storage call: storage may refuse any of them. */
export type StorageResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * The one storage entry Slotwise keeps. Each call may fail (storage missing,
 * refused by the browser, full); implementations return the failure instead
 * of throwing.
 */
export interface StateStorage {
  /** The stored text, or `null` when there is none. */
  read(): StorageResult<string | null>;
  write(text: string): StorageResult<void>;
  remove(): StorageResult<void>;
}

/** Runs `task` once after `ms` milliseconds; returns a function that cancels it. */
export type Schedule = (task: () => void, ms: number) => () => void;

/** Registers `flush` to run when the page is hidden or left; returns a function that unregisters it. */
export type OnPageHide = (flush: () => void) => () => void;
