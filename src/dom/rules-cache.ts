/**
 * The last good rule file of a rules URL, kept in localStorage for the next
 * page view (one entry, the latest URL). Every fault is swallowed: without a
 * cache the page waits for the network, as on a first visit. It is the first
 * thing dropped when storage is full (./storage.ts).
 */
import type { RulesCache } from "../runtime/plugin.js";

export const RULES_CACHE_KEY = "slotwise:rules";

export function createRulesCache(getStorage: () => Storage | null, allowed: () => boolean): RulesCache {
  return {
    read(url) {
      try {
        const raw: unknown = getStorage()?.getItem(RULES_CACHE_KEY);
        const entry = typeof raw === "string" ? (JSON.parse(raw) as { url?: unknown; rules?: unknown } | null) : null;
        return entry?.url === url ? entry.rules : undefined;
      } catch {
        return undefined;
      }
    },
    write(url, rules) {
      if (!allowed()) return;
      try {
        getStorage()?.setItem(RULES_CACHE_KEY, JSON.stringify({ url, savedAt: new Date().toISOString(), rules }));
      } catch {
        // Full or refused: the next view fetches again.
      }
    },
  };
}
