/**
 * Finds slots as the HTML parser inserts them, and later as scripts add them.
 *
 * Started from a <head> script, one MutationObserver sees each slot the moment
 * the parser inserts it. Its callbacks run at the end of the parser's task,
 * before any rendering update, so a slot swapped there is never painted with
 * its default (see shared/anchors/peer-bench.md §3c). Two traps:
 * - The parser may yield between a slot's start tag and its children. A slot is
 *   only handed on once it is complete: once something after it in document
 *   order exists (it or an ancestor has a next sibling), or the document has
 *   finished parsing. Until then the cloak keeps it hidden, never half-shown.
 * - Chromium can run DOMContentLoaded listeners before the observer has been
 *   told about the last nodes; `takeRecords()` drains them first.
 *
 * After parsing, the observer stays on for single-page apps: slots added later
 * are handed on at once, an element that gains (or changes) its `data-slot`
 * name is handed on again, and a slot whose content someone else replaces (a
 * framework re-rendering it) is reported so its variant can be put back.
 */
import type { SlotHandle } from "../core/adapter.js";
import { parsedPast, readSlotName, SLOT_ATTRIBUTE, SLOT_SELECTOR, slotsIn } from "./markup.js";

type Slot = SlotHandle<Element>;

export interface SlotObserver {
  /**
   * Runs a change of Slotwise's own (a swap inside `target`) without reporting
   * it as someone else's; slots it brings (a variant holding a slot) are
   * found by one query on `target`, not node by node.
   */
  quietly(change: () => void, target: Element): void;
  /** Hands on what is still queued, then stops. */
  disconnect(): void;
}

/**
 * @param handed the slot elements already handed on, with the name they had;
 *   shared with whoever else lists slots (the adapter's findSlots), so each
 *   element is handed on once per name.
 * @param onSlots complete slots not handed on before (or renamed since), in document order.
 * @param onSlotChanged someone other than Slotwise changed the content of a slot handed on before.
 */
export function observeSlots(
  scope: Document | Element,
  handed: WeakMap<Element, string>,
  onSlots: (slots: Slot[]) => void,
  onSlotChanged: (slot: Slot) => void,
): SlotObserver {
  const doc = scope.ownerDocument ?? (scope as Document);
  const root = (scope as Document).documentElement ?? scope;
  const pending = new Set<Element>();
  let parsing = doc.readyState === "loading";

  /** Complete when the parser has moved past it: it or an ancestor has a next sibling. */
  const complete = (element: Element): boolean => parsedPast(element, root) || !parsing;

  const consider = (element: Element, ready: Slot[]): void => {
    const name = readSlotName(element);
    if (name === null || handed.get(element) === name || !element.isConnected) pending.delete(element);
    else if (!complete(element)) pending.add(element);
    else {
      pending.delete(element);
      handed.set(element, name);
      ready.push({ name, target: element });
    }
  };

  const scan = (node: Node, ready: Slot[]): void => {
    if (node.nodeType == 1) for (const element of slotsIn(node as Element)) consider(element, ready);
  };

  /** Hands on new slots; reports content changes unless the records are Slotwise's own. */
  const handle = (records: MutationRecord[], ours?: Element): void => {
    const ready: Slot[] = [];
    const changed = new Set<Element>();
    if (ours) scan(ours, ready);
    for (const record of records) {
      if (record.type === "attributes") scan(record.target, ready);
      for (const node of record.addedNodes) scan(node, ready);
      const target = record.target;
      const slot = parsing ? null : (target.nodeType === 1 ? (target as Element) : target.parentElement)?.closest(SLOT_SELECTOR);
      if (slot && handed.has(slot)) changed.add(slot);
    }
    for (const element of pending) consider(element, ready);
    if (ready.length) onSlots(ready);
    for (const target of changed) {
      const name = readSlotName(target);
      if (name !== null && target.isConnected && !ready.some((slot) => slot.target == target)) handed.set(target, name), onSlotChanged({ name, target });
    }
  };

  const observer = new MutationObserver((records) => handle(records));
  observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: [SLOT_ATTRIBUTE] });

  const finishParsing = (): void => {
    handle(observer.takeRecords());
    parsing = false;
    handle([]);
  };
  if (parsing) doc.addEventListener("DOMContentLoaded", finishParsing, { once: true });

  const present: Slot[] = [];
  scan(root, present);
  if (present.length) onSlots(present);

  return {
    quietly(change, target) {
      // Others' changes queued before ours are handled just after, outside the
      // caller's swap (no re-entrant callbacks). Ours are dropped unread: one
      // variant may add 100,000 nodes.
      const before = observer.takeRecords();
      try {
        change();
      } finally {
        observer.takeRecords();
        queueMicrotask(() => {
          handle(before);
          handle([], target);
        });
      }
    },
    disconnect() {
      doc.removeEventListener("DOMContentLoaded", finishParsing);
      handle(observer.takeRecords());
      observer.disconnect();
      pending.clear();
    },
  };
}
