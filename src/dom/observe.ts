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
import { readSlotName, SLOT_ATTRIBUTE, SLOT_SELECTOR } from "./markup.js";

export interface SlotObserverHandlers {
  /** Complete slot elements not handed on before (or renamed since), in document order. */
  onSlots(elements: Element[]): void;
  /** Someone other than Slotwise changed the content of a slot handed on before. */
  onSlotChanged(element: Element): void;
}

export interface SlotObserver {
  /** Runs a change of Slotwise's own (a swap) without reporting it as someone else's. */
  quietly<T>(change: () => T): T;
  /** Hands on what is still queued, then stops. */
  disconnect(): void;
}

/**
 * @param handed the slot elements already handed on, with the name they had;
 *   shared with whoever else lists slots (the adapter's findSlots), so each
 *   element is handed on once per name.
 */
export function observeSlots(
  scope: Document | Element,
  handed: WeakMap<Element, string>,
  handlers: SlotObserverHandlers,
): SlotObserver {
  const doc = scope.nodeType === 9 ? (scope as Document) : (scope.ownerDocument as Document);
  const root = scope.nodeType === 9 ? (scope as Document).documentElement : (scope as Element);
  const pending = new Set<Element>();
  let parsing = doc.readyState === "loading";

  const consider = (element: Element, ready: Element[]): void => {
    const name = readSlotName(element);
    if (name === null || handed.get(element) === name || !element.isConnected) return;
    if (parsing && !isComplete(element, root)) {
      pending.add(element);
      return;
    }
    pending.delete(element);
    handed.set(element, name);
    ready.push(element);
  };

  const scan = (node: Node, ready: Element[]): void => {
    if (node.nodeType !== 1) return;
    const element = node as Element;
    if (element.matches(SLOT_SELECTOR)) consider(element, ready);
    for (const inner of Array.from(element.querySelectorAll(SLOT_SELECTOR))) consider(inner, ready);
  };

  /** Hands on new slots; reports content changes unless the records are Slotwise's own. */
  const handle = (records: MutationRecord[], ours = false): void => {
    const ready: Element[] = [];
    const changed = new Set<Element>();
    for (const record of records) {
      if (record.type === "attributes") scan(record.target, ready);
      for (const node of Array.from(record.addedNodes)) scan(node, ready);
      if (ours || parsing) continue;
      const slot = owningSlot(record.target);
      if (slot && handed.has(slot)) changed.add(slot);
    }
    for (const element of [...pending]) {
      if (!element.isConnected) pending.delete(element);
      else if (!parsing || isComplete(element, root)) consider(element, ready);
    }
    if (ready.length > 0) handlers.onSlots(ready);
    for (const slot of changed) if (slot.isConnected && !ready.includes(slot)) handlers.onSlotChanged(slot);
  };

  const Observer = doc.defaultView?.MutationObserver ?? MutationObserver;
  const observer = new Observer((records) => handle(records));
  observer.observe(root, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: [SLOT_ATTRIBUTE],
  });

  const finishParsing = (): void => {
    handle(observer.takeRecords());
    parsing = false;
    handle([]);
  };
  if (parsing) doc.addEventListener("DOMContentLoaded", finishParsing, { once: true });

  const present: Element[] = [];
  scan(root, present);
  if (present.length > 0) handlers.onSlots(present);

  return {
    quietly(change) {
      // Others' changes queued before ours are handled just after, outside the
      // caller's swap (no re-entrant callbacks). Ours can still bring new slots
      // (a variant containing a slot), which are handed on.
      const before = observer.takeRecords();
      try {
        return change();
      } finally {
        const own = observer.takeRecords();
        queueMicrotask(() => {
          handle(before);
          handle(own, true);
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

/** Complete when the parser has moved past it: it or an ancestor has a next sibling. */
function isComplete(element: Element, root: Element): boolean {
  for (let node: Node | null = element; node && node !== root; node = node.parentNode) {
    if (node.nextSibling) return true;
  }
  return false;
}

function owningSlot(node: Node): Element | null {
  const element = node.nodeType === 1 ? (node as Element) : node.parentElement;
  return element ? element.closest(SLOT_SELECTOR) : null;
}
