/**
 * The last good rule file of a rules URL, kept in localStorage for the next
 * page view (one entry, the latest URL). Every fault is swallowed: without a
 * cache the page waits for the network, as on a first visit. It is the first
 * thing dropped when storage is full (./storage.ts).
 */
import type { RulesCache } from "../runtime/plugin.js";
import { parsedByUs } from "../runtime/rules.js";
import { attempt, iso } from "../runtime/util.js";

export const RULES_CACHE_KEY = "slotwise:rules";

export const rulesCache = (storage: () => Storage): RulesCache => ({
  read: (url) =>
    attempt(() => {
      const entry = JSON.parse(storage().getItem(RULES_CACHE_KEY)!) as { url?: unknown; rules?: unknown } | null;
      return entry?.url === url ? parsedByUs(entry.rules) : undefined;
    }),
  write: (url, rules) => attempt(() => storage().setItem(RULES_CACHE_KEY, JSON.stringify({ url, savedAt: iso(Date.now()), rules }))),
});
