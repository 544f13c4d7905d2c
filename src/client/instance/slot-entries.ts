/**
 * The slots an instance renders, one entry per slot element, and what
 * becomes of the entries of slots taken out of the document.
 */
import type { Revert, SlotHandle } from "../../core/adapter.js";

export interface SlotEntry {
  handle: SlotHandle;
  /** What is rendered now (see renderKey); undefined before the first render. */
  key?: string;
  revert?: Revert;
  reapplied: number;
  gaveUp: boolean;
}

/** Slot entries by their adapter target (a DOM element for the DOM adapter). */
export type SlotEntries = Map<unknown, SlotEntry>;

/**
 * The sweep of `entries`: it parks the entries of slots no longer in the
 * document and brings back parked ones that are in it again, to be rendered
 * afresh (the page may have changed them meanwhile); it returns those brought
 * back. Parked entries are held weakly, so a long-lived app does not keep
 * every slot element it ever showed, yet one put back later (a cached view
 * re-attached) is found again at the next decision; the DOM adapter hands
 * each element on once, and would not. Parked slots leave `afterParse` too.
 */
export function detachedSweep(entries: SlotEntries, afterParse: Set<SlotEntry>): () => SlotEntry[] {
  const parked = new WeakMap<object, SlotEntry>();
  let targets: WeakRef<object>[] = [];
  return () => {
    // Without WeakRef (older browsers) nothing could be brought back: everything is kept, as before.
    if (typeof WeakRef !== "function") return [];
    const back: SlotEntry[] = [];
    targets = targets.filter((ref) => {
      const target = ref.deref();
      if (target === undefined) return false;
      if (isDetached(target)) return true;
      const entry = parked.get(target);
      parked.delete(target);
      // Handed on again meanwhile (a new entry exists): that one stands.
      if (entry && !entries.has(target)) {
        entry.key = undefined;
        entries.set(target, entry);
        back.push(entry);
      }
      return false;
    });
    for (const [target, entry] of entries) {
      if (!isDetached(target)) continue;
      entries.delete(target);
      afterParse.delete(entry);
      parked.set(target, entry);
      targets.push(new WeakRef(target));
    }
    return back;
  };
}

/** True for a DOM node taken out of its document; other adapters' targets never are. */
export function isDetached(target: unknown): target is object {
  return typeof target === "object" && target !== null && (target as { isConnected?: unknown }).isConnected === false;
}
