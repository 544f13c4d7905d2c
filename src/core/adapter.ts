/**
 * The render adapter: the one door between decisions and whatever shows them.
 *
 * Like Floating UI's `Platform`, it is a small object of a few functions. The
 * core never touches a page; the runtime hands each decision to an adapter.
 * `createDomAdapter` (src/dom/adapter.ts) is the default; a React or Vue
 * adapter, an SSR string renderer or a test double implement the same shape.
 * Nothing here names the DOM: `Target` is whatever the platform uses for a
 * slot (an Element, a component instance, a string buffer).
 */
import type { Context, DecisionErrorCode, RuleSet, Variant } from "./types.js";

/**
 * A slot an adapter found: the name it is decided by (`data-slot="NAME"` in
 * the DOM) and the platform's own handle on it.
 */
export interface SlotHandle<Target = unknown> {
  readonly name: string;
  readonly target: Target;
}

/**
 * A variant ready to apply: its id (the rule's `show`) and its content. An id
 * the rule set has no variant for means a page template of that id
 * (`{ template: id }`); see `resolveVariant`.
 */
export interface ResolvedVariant {
  readonly id: string;
  readonly content: Variant;
}

/**
 * Undoes one `render` or `markDefault`: puts back the slot's original content
 * (the same nodes, so listeners the page attached survive) and the attributes
 * it had before. A revert acts only while its own call is the latest one on
 * that slot; after a newer `render` or `markDefault` it does nothing, so an
 * old revert can never undo newer content. Calling it twice is harmless.
 */
export type Revert = () => void;

/** The decision error codes a renderer can produce; the slot shows its default in both cases. */
export type RenderErrorCode = Extract<DecisionErrorCode, "VARIANT_NOT_FOUND" | "RENDER_FAILED">;

/** Why a variant could not be shown. */
export interface RenderError {
  readonly code: RenderErrorCode;
  readonly slot: string;
  readonly variant: string;
  /** One plain sentence, e.g. `no <template data-slot-variant="Spring"> on the page`. */
  readonly message: string;
  /** The underlying exception, for `RENDER_FAILED`. */
  readonly cause?: unknown;
}

/**
 * What `render` did. Either way the slot is in a whole state: the variant
 * completely, or the default completely (marked as default), never a mix.
 */
export type RenderResult =
  | { readonly ok: true; readonly revert: Revert }
  | { readonly ok: false; readonly error: RenderError; readonly revert: Revert };

/**
 * Applies decisions to a platform. Implementations never throw: failures come
 * back as a `RenderResult` and leave the slot's default content in place.
 *
 * @example
 * const adapter = createDomAdapter();
 * for (const slot of adapter.findSlots()) {
 *   const decision = decisions.get(slot.name);
 *   if (decision?.variant) adapter.render(slot, resolveVariant(ruleSet, decision.variant), context);
 *   else adapter.markDefault(slot);
 * }
 */
export interface RenderAdapter<Target = unknown> {
  /** Every slot present now, in document order. */
  findSlots(): SlotHandle<Target>[];
  /**
   * Shows `variant` in `slot`, filling `{{path}}` placeholders from `context`.
   * Replaces whatever variant the slot showed before; all-or-nothing.
   */
  render(slot: SlotHandle<Target>, variant: ResolvedVariant, context: Context): RenderResult;
  /** Shows the slot's default content (restoring it if a variant was shown) and marks it decided. */
  markDefault(slot: SlotHandle<Target>): Revert;
  /**
   * Calls `onSlotsAdded` with slots as they appear (while the page is parsed,
   * and later: SPA routes, lazy sections), each at most once; and
   * `onSlotChanged` when something other than the adapter replaces a slot's
   * content (a framework re-rendering it), so the variant can be put back.
   * Returns a function that stops observing.
   */
  observe?(
    onSlotsAdded: (slots: SlotHandle<Target>[]) => void,
    onSlotChanged?: (slot: SlotHandle<Target>) => void,
  ): () => void;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The content for a variant id: the rule set's own variant of that id, or else
 * the page template of that id (which the adapter may then fail to find).
 *
 * @example
 * resolveVariant(ruleSet, "BangaloreOffer"); // { id: "BangaloreOffer", content: { template: "BangaloreOffer" } }
 */
export function resolveVariant(ruleSet: Pick<RuleSet, "variants">, id: string): ResolvedVariant {
  // Own keys only: an id such as "constructor" must not find Object.prototype's.
  const own = hasOwn.call(ruleSet.variants, id) ? ruleSet.variants[id] : undefined;
  return { id, content: own ?? { template: id } };
}
