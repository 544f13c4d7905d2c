/**
 * A StateStorage held in a variable: for workers, server-side rendering and
 * tests, or a host that keeps the entry elsewhere itself (it can read
 * `text()` and seed a new one with it).
 */
import type { StateStorage } from "./ports.js";

/** A StateStorage in memory, with a peek at its text. */
export interface MemoryStorage extends StateStorage {
  /** What is stored now, or `null`. */
  text(): string | null;
}

/**
 * @example
 * const storage = createMemoryStorage();
 * createContextStore({ url, storage });
 */
export function createMemoryStorage(initial: string | null = null): MemoryStorage {
  let stored = initial;
  return {
    read: () => ({ ok: true, value: stored }),
    write: (text) => {
      stored = text;
      return { ok: true, value: undefined };
    },
    remove: () => {
      stored = null;
      return { ok: true, value: undefined };
    },
    text: () => stored,
  };
}
