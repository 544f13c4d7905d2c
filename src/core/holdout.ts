/**
 * Holdouts, to measure lift: a rule with `"holdout": 10` keeps the default
 * content for 10% of the visitors it matches, the control group its
 * exposures are compared with. Who is held out is a pure function of the
 * visitor id and the slot and rule names, so a visitor stays in or out on
 * every visit (and on every device that shares the id), and two rules, or
 * two slots, draw their control groups independently.
 *
 * The draw: FNV-1a (32-bit) over the UTF-16 code units of
 * `visitorId + "\n" + slot + "\n" + rule`, mixed by MurmurHash3's 32-bit
 * finalizer (FNV's low digits alone are not evenly spread), then modulo
 * 10,000: the visitor is held out when that bucket is below `holdout × 100`.
 */

/** The visitor's bucket in 0…9,999 for this slot and rule. */
export const holdoutBucket = (visitorId: string, slot: string, rule: string): number => bucket(`${visitorId}\n${slot}\n${rule}`);

/** The bucket in 0…9,999 of `key` (the draw above; weighted splits draw with it too, see runtime/split.ts). */
export function bucket(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return ((hash ^ (hash >>> 16)) >>> 0) % 10_000;
}

/**
 * Whether the visitor is in the rule's holdout. Without a visitor id (a
 * server context that has none) there is no one to hold out: the variant shows.
 */
export function inHoldout(visitorId: unknown, slot: string, rule: string, percent: number): boolean {
  return typeof visitorId === "string" && visitorId !== "" && holdoutBucket(visitorId, slot, rule) < percent * 100;
}
