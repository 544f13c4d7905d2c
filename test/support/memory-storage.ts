/** A StateStorage held in a variable, with a peek at its text (tests only). */
import type { StateStorage } from "../../src/runtime/context-types.js";

export interface MemoryStorage extends StateStorage {
  text(): string | null;
}

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
