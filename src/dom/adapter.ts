/**
 * The default render adapter: slots are `[data-slot]` elements of a page.
 *
 * Every swap is one `replaceChildren` of a fragment built off the page, so a
 * slot shows either its variant completely or its default completely. The
 * default's own nodes are kept aside (not copied) while a variant shows and
 * put back on revert, so listeners and state the page gave them survive.
 * One try per public method: render never throws, whatever the page did to
 * the slot.
 */
import type { RenderAdapter, RenderResult, Revert, SlotHandle } from "../core/adapter.js";
import { msg } from "../runtime/util.js";
import { EDGE_ATTRIBUTE, KEPT_DEFAULT_ATTRIBUTE, readSlotName, restoreAttribute, slotsIn, SLOT_STATE_ATTRIBUTE, VARIANT_ATTRIBUTE, writeSlotState } from "./markup.js";
import { observeSlots, type SlotObserver } from "./observe.js";
import { buildVariant, type BuildResult, type Sanitize } from "./render.js";

type BuildFailure = Extract<BuildResult, { ok: false }>;

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
  t: object;
  /** The default content, set aside while a variant shows; `null` while the default is in place. */
  d: Node[] | null;
  /** The slot's `data-slot-state` and `data-slot-variant` before Slotwise touched it, restored by revert. */
  s: string | null;
  v: string | null;
  /**
   * What the edge decided (a variant id, `null` for its default), until the
   * first render or markDefault: one that agrees takes the slot over as it is.
   */
  e?: string | null;
}

/** Runs `call`; what it threw, in a box (so a thrown `undefined` still counts), or `undefined`. The module's one try. */
const safely = (call: () => void): [unknown] | undefined => {
  try {
    call();
  } catch (error) {
    return [error];
  }
};

/**
 * Creates the DOM adapter.
 *
 * @example
 * const adapter = createDomAdapter();
 * const [hero] = adapter.findSlots();
 * const result = adapter.render(hero, { id: "Spring", content: { text: "Spring sale" } }, {});
 * if (!result.ok) console.warn(result.error.code, result.error.message);
 */
export function createDomAdapter(options: DomAdapterOptions = {}): DomAdapter {
  const records = new WeakMap<Element, SlotRecord>();
  // Open observers: Slotwise's own swaps are made quietly, so they are never
  // mistaken for the page replacing a slot's content.
  const observers = new Set<SlotObserver>();
  // Slot elements already handed out (by findSlots or observe), with their name.
  const handed = new WeakMap<Element, string>();
  const rootOf = (): Document | Element => options.root ?? document;

  const quietly = (element: Element, change: () => void): void => [...observers].reduce((run, observer) => () => observer.quietly(run, element), change)();

  /**
   * Starts a change on `element`: its record, made current for `token`;
   * `undefined` when the edge already shows `id` (`null`: the default), so nothing is to be done.
   */
  const begin = (element: Element, token: object, id: string | null): SlotRecord | undefined => {
    let record = records.get(element);
    if (!record) {
      const edge = element.hasAttribute(EDGE_ATTRIBUTE);
      // An edge-decided variant keeps the default in an inert template: that is what reverting shows.
      const kept = edge && element.querySelector<HTMLTemplateElement>(`:scope>template[${KEPT_DEFAULT_ATTRIBUTE}]`);
      records.set(
        element,
        (record = {
          t: token,
          d: kept ? [...kept.content.childNodes] : null,
          s: edge ? null : element.getAttribute(SLOT_STATE_ATTRIBUTE),
          v: edge ? null : element.getAttribute(VARIANT_ATTRIBUTE),
          e: edge ? element.getAttribute(VARIANT_ATTRIBUTE) : undefined,
        }),
      );
    }
    const agrees = record.e === id;
    record.e = undefined;
    record.t = token;
    return agrees ? undefined : record;
  };

  /** The set-aside content back in place and the state attributes written, in one quiet step. */
  const restore = (element: Element, record: SlotRecord, state: string | null = "default", variant: string | null = null): void =>
    quietly(element, () => {
      if (record.d) element.replaceChildren(...record.d);
      restoreAttribute(element, SLOT_STATE_ATTRIBUTE, state);
      restoreAttribute(element, VARIANT_ATTRIBUTE, variant);
    });

  /** The slot's default content back in place (one swap), marked `default`. */
  const showDefault = (element: Element, record: SlotRecord): void => {
    restore(element, record);
    record.d = null;
  };

  const revertFor =
    (element: Element, token: object): Revert =>
    () => {
      const record = records.get(element);
      if (record?.t !== token) return;
      records.delete(element);
      // Nothing to restore into when the page took the element apart.
      safely(() => restore(element, record, record.s, record.v));
    };

  return {
    findSlots() {
      const slots: SlotHandle<Element>[] = [];
      for (const target of slotsIn(rootOf())) {
        const name = readSlotName(target);
        if (name !== null) slots.push({ name, target }), handed.set(target, name);
      }
      return slots;
    },

    render(slot, variant, context): RenderResult {
      const element = slot.target;
      const id = variant.id;
      const token = {};
      let record: SlotRecord | undefined;
      let built: BuildResult | undefined;
      const thrown = safely(() => {
        // No sanitize option: buildVariant's default, sanitizeHtml.
        if ((record = begin(element, token, id)) && (built = buildVariant(variant, context, element.ownerDocument, options.sanitize)).ok) {
          const { fragment } = built;
          quietly(element, () => {
            record!.d ??= [...element.childNodes];
            element.replaceChildren(fragment);
            writeSlotState(element, "variant", id);
          });
        }
      });
      const revert = revertFor(element, token);
      const failed = thrown ? { code: "RENDER_FAILED" as const, message: msg(thrown[0]) } : (built as BuildResult | undefined)?.ok === false ? (built as BuildFailure) : null;
      if (!failed) return { ok: true, revert };
      // The default goes back, whole (unless the slot itself is unusable).
      if (record) safely(() => showDefault(element, record!));
      return { ok: false, error: { code: failed.code, slot: slot.name, variant: id, message: failed.message, ...(thrown && { cause: thrown[0] }) }, revert };
    },

    markDefault(slot) {
      const element = slot.target;
      const token = {};
      // Not an element we can mark: nothing is changed.
      safely(() => {
        const record = begin(element, token, null);
        if (record) showDefault(element, record);
      });
      return revertFor(element, token);
    },

    observe(onSlotsAdded, onSlotChanged) {
      const deliver = (call: () => void): void => {
        const thrown = safely(call);
        if (thrown) options.onError?.(thrown[0]);
      };
      const observer = observeSlots(
        rootOf(),
        handed,
        (slots) => deliver(() => onSlotsAdded(slots)),
        (slot) => onSlotChanged && deliver(() => onSlotChanged(slot)),
      );
      observers.add(observer);
      return () => {
        observers.delete(observer);
        observer.disconnect();
      };
    },
  };
}
