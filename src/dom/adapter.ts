/**
 * The default render adapter: slots are `[data-slot]` elements of a page.
 *
 * Every swap is one `replaceChildren` of a fragment built off the page, so a
 * slot shows either its variant completely or its default completely. The
 * default's own nodes are kept aside (not copied) while a variant shows and
 * put back on revert, so listeners and state the page gave them survive.
 */
import type { RenderAdapter, RenderError, RenderResult, Revert, SlotHandle } from "../core/adapter.js";
import type { Context } from "../core/types.js";
import { EDGE_ATTRIBUTE, KEPT_DEFAULT_ATTRIBUTE, readSlotName, SLOT_SELECTOR, SLOT_STATE_ATTRIBUTE, VARIANT_ATTRIBUTE, writeSlotState } from "./markup.js";
import { observeSlots, type SlotObserver } from "./observe.js";
import { buildVariant, type Sanitize } from "./render.js";
import { sanitizeHtml } from "./sanitize.js";

export interface DomAdapterOptions {
  /**
   * Where slots are looked for and observed.
   * @default document
   */
  root?: Document | Element;
  /**
   * Turns an `html` variant into clean nodes. Replace it only with a
   * sanitizer at least as strict (e.g. DOMPurify returning a fragment).
   * @default sanitizeHtml (the Sanitizer API where present, else Slotwise's allowlist)
   */
  sanitize?: Sanitize;
  /** Receives what a `observe` listener threw; the observer keeps going. */
  onError?: (error: unknown) => void;
}

/** The DOM render adapter; its slot handles carry the slot element. */
export type DomAdapter = Required<RenderAdapter<Element>>;

interface SlotRecord {
  /** The latest render or markDefault on the slot; older reverts compare against it. */
  token: object;
  /** The default content, set aside while a variant shows; `null` while the default is in place. */
  defaultNodes: Node[] | null;
  /** The slot's attributes before Slotwise touched it, restored by revert. */
  readonly state: string | null;
  readonly variant: string | null;
  /**
   * What the edge decided for the slot (a variant id, or `null` for its
   * default), until the first render or markDefault: one that agrees takes
   * the slot over as it is, with no change to the page.
   */
  edge?: string | null;
}

/**
 * Creates the DOM adapter.
 *
 * @example
 * const adapter = createDomAdapter();
 * const [hero] = adapter.findSlots();
 * const result = adapter.render(hero, { id: "Spring", content: { text: "Spring sale" } }, {});
 * if (!result.ok) console.warn(result.error.message);
 */
export function createDomAdapter(options: DomAdapterOptions = {}): DomAdapter {
  const sanitize = options.sanitize ?? ((html: string, doc: Document) => sanitizeHtml(html, doc).fragment);
  const records = new WeakMap<Element, SlotRecord>();
  // Open observers: Slotwise's own swaps are made quietly, so they are never
  // mistaken for the page replacing a slot's content.
  const observers = new Set<SlotObserver>();
  // Slot elements already handed out (by findSlots or observe), with their name.
  const handed = new WeakMap<Element, string>();
  const quietly = (change: () => void): void => {
    let run = change;
    for (const observer of observers) {
      const inner = run;
      run = () => observer.quietly(inner);
    }
    run();
  };
  const rootOf = (): Document | Element => options.root ?? document;

  function handle(element: Element): SlotHandle<Element> | null {
    const name = readSlotName(element);
    if (name === null) return null;
    handed.set(element, name);
    return { name, target: element };
  }

  function recordFor(element: Element): SlotRecord {
    let record = records.get(element);
    if (!record) {
      const edge = element.hasAttribute(EDGE_ATTRIBUTE);
      // An edge-decided variant keeps the default in an inert template: that is what reverting shows.
      const kept = edge ? element.querySelector(`:scope > template[${KEPT_DEFAULT_ATTRIBUTE}]`) : null;
      record = {
        token: {},
        defaultNodes: kept ? Array.from((kept as HTMLTemplateElement).content.childNodes) : null,
        state: edge ? null : element.getAttribute(SLOT_STATE_ATTRIBUTE),
        variant: edge ? null : element.getAttribute(VARIANT_ATTRIBUTE),
        edge: edge ? element.getAttribute(VARIANT_ATTRIBUTE) : undefined,
      };
      records.set(element, record);
    }
    return record;
  }

  /** True (once) when the edge already shows `variantId` (`null`: the default) in the slot. */
  function shownByEdge(element: Element, variantId: string | null, token: object): boolean {
    const record = recordFor(element);
    const agrees = record.edge === variantId;
    record.edge = undefined;
    if (agrees) record.token = token;
    return agrees;
  }

  function showDefault(element: Element, record: SlotRecord): void {
    quietly(() => {
      if (record.defaultNodes) element.replaceChildren(...record.defaultNodes);
      writeSlotState(element, "default");
    });
    record.defaultNodes = null;
  }

  function revertFor(element: Element, token: object): Revert {
    return () => {
      const record = records.get(element);
      if (!record || record.token !== token) return;
      records.delete(element);
      try {
        quietly(() => {
          if (record.defaultNodes) element.replaceChildren(...record.defaultNodes);
          restoreAttribute(element, SLOT_STATE_ATTRIBUTE, record.state);
          restoreAttribute(element, VARIANT_ATTRIBUTE, record.variant);
        });
      } catch {
        // Nothing left to restore into (the element was taken apart by the page).
      }
    };
  }

  return {
    findSlots() {
      const root = rootOf();
      const elements = Array.from(root.querySelectorAll(SLOT_SELECTOR));
      if (isElement(root) && root.matches(SLOT_SELECTOR)) elements.unshift(root);
      return elements.map(handle).filter((slot): slot is SlotHandle<Element> => slot !== null);
    },

    render(slot, variant, context: Context): RenderResult {
      const element = slot.target;
      const token = {};
      const fail = (code: RenderError["code"], message: string, cause?: unknown): RenderResult => {
        const error: RenderError = { code, slot: slot.name, variant: variant.id, message, ...(cause === undefined ? {} : { cause }) };
        try {
          const record = recordFor(element);
          record.token = token;
          showDefault(element, record);
        } catch {
          // The slot itself is unusable; there is no default to show in it.
        }
        return { ok: false, error, revert: revertFor(element, token) };
      };

      let fragment: DocumentFragment;
      try {
        if (shownByEdge(element, variant.id, token)) return { ok: true, revert: revertFor(element, token) };
        const built = buildVariant(variant, context, element.ownerDocument, sanitize);
        if (!built.ok) return fail(built.code, built.message, built.cause);
        fragment = built.fragment;
      } catch (cause) {
        return fail("RENDER_FAILED", `variant '${variant.id}' could not be built: ${describe(cause)}`, cause);
      }

      try {
        const record = recordFor(element);
        record.token = token;
        record.defaultNodes ??= Array.from(element.childNodes);
        quietly(() => {
          element.replaceChildren(fragment);
          writeSlotState(element, "variant", variant.id);
        });
        return { ok: true, revert: revertFor(element, token) };
      } catch (cause) {
        return fail("RENDER_FAILED", `variant '${variant.id}' could not be shown: ${describe(cause)}`, cause);
      }
    },

    markDefault(slot) {
      const element = slot.target;
      const token = {};
      try {
        if (!shownByEdge(element, null, token)) {
          const record = recordFor(element);
          record.token = token;
          showDefault(element, record);
        }
      } catch {
        // Not an element we can mark; nothing was changed.
      }
      return revertFor(element, token);
    },

    observe(onSlotsAdded, onSlotChanged) {
      const deliver = (callback: () => void): void => {
        try {
          callback();
        } catch (error) {
          options.onError?.(error);
        }
      };
      const observer = observeSlots(rootOf(), handed, {
        onSlots(elements) {
          const slots = elements.map(handle).filter((slot): slot is SlotHandle<Element> => slot !== null);
          if (slots.length > 0) deliver(() => onSlotsAdded(slots));
        },
        onSlotChanged(element) {
          const slot = handle(element);
          if (slot && onSlotChanged) deliver(() => onSlotChanged(slot));
        },
      });
      observers.add(observer);
      return () => {
        observers.delete(observer);
        observer.disconnect();
      };
    },
  };
}

function restoreAttribute(element: Element, name: string, value: string | null): void {
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

function isElement(node: unknown): node is Element {
  return typeof node === "object" && node !== null && (node as Node).nodeType === 1;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
