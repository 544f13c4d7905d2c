/**
 * The last good rule file of a rules URL, kept in localStorage for the next
 * page view. One entry per origin (the latest URL only): rule files are small
 * and a page uses one. Every storage fault is swallowed here: without a cache
 * the page simply waits for the network, as on a first visit.
 */
import type { RulesCache } from "../client/load-rules.js";

export const RULES_CACHE_KEY = "slotwise:rules";

export function createRulesCache(getStorage: () => Storage | null, allowed: () => boolean): RulesCache {
  return {
    read(url) {
      try {
        const raw = getStorage()?.getItem(RULES_CACHE_KEY);
        if (!raw) return undefined;
        const entry = JSON.parse(raw) as { url?: unknown; rules?: unknown };
        return entry.url === url ? entry.rules : undefined;
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
