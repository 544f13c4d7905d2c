/**
 * The page contract, in one place: every `data-*` attribute and selector
 * Slotwise reads or writes. Other modules import these names instead of
 * spelling them, so the README's attribute table and the code cannot drift.
 */

/** `data-slot="NAME"`: a block Slotwise may swap; its own children are the default content. */
export const SLOT_ATTRIBUTE = "data-slot";
/** Every slot element. */
export const SLOT_SELECTOR = "[data-slot]";

/** `data-slot-state`: where a slot stands; shown on the element for CSS, tests and people. */
export const SLOT_STATE_ATTRIBUTE = "data-slot-state";

/**
 * The values of `data-slot-state`:
 * - `pending`: waiting for a decision (the anti-flicker cloak may hide it);
 * - `variant`: shows the variant named by `data-slot-variant`;
 * - `default`: decided, and shows its own default content (no match, or any error).
 * A slot without the attribute has not been looked at yet.
 */
export type SlotState = "pending" | "variant" | "default";

/** Slots still waiting for a decision: never decided, or marked `pending`. */
export const UNDECIDED_SLOT_SELECTOR = '[data-slot]:not([data-slot-state]),[data-slot][data-slot-state="pending"]';

/**
 * `data-slot-variant="ID"`: on a slot, the variant it shows; on a
 * `<template>`, the id of the page-authored variant it holds.
 */
export const VARIANT_ATTRIBUTE = "data-slot-variant";
/** Every page-authored variant template. */
export const VARIANT_TEMPLATE_SELECTOR = "template[data-slot-variant]";

/**
 * `data-slot-edge`: the slot was decided at the edge (src/edge/rewrite.ts)
 * before the page reached the browser, which takes that decision over
 * without touching the slot.
 */
export const EDGE_ATTRIBUTE = "data-slot-edge";
/** `<template data-slot-default>`: the default content of an edge-decided slot, kept inert while its variant shows. */
export const KEPT_DEFAULT_ATTRIBUTE = "data-slot-default";

/** Inline rules: `<script type="application/json" data-slotwise-rules>…</script>`. */
export const RULES_SCRIPT_SELECTOR = 'script[type="application/json"][data-slotwise-rules]';
/** Inline host facts (geo, user type, …): `<script type="application/json" data-slotwise-context>…</script>`. */
export const CONTEXT_SCRIPT_SELECTOR = 'script[type="application/json"][data-slotwise-context]';

/**
 * The script tag's own attributes (`<script src="slotwise.global.js" data-rules-url="/rules.json">`),
 * as attribute names.
 */
export const SCRIPT_ATTRIBUTES = {
  /** Where to fetch the rule file from. */
  rulesUrl: "data-rules-url",
  /** Milliseconds before hidden slots show their defaults anyway. */
  timeout: "data-timeout",
  /** Present (or "true") to log decisions and faults to the console. */
  debug: "data-debug",
  /** The starting consent: "granted", "denied" or "pending". */
  consent: "data-consent",
  /** Present (or "true") to push each next best action to `window.dataLayer` (Google Tag Manager). */
  dataLayer: "data-datalayer",
  /** A URL that receives each next best action by `navigator.sendBeacon` (consent granted only). */
  beaconUrl: "data-beacon-url",
  /** "seen": an exposure counts once half of the slot was in the viewport (else when rendered). */
  expose: "data-expose",
} as const;

/** The slot elements under `root`, `root` itself first when it is one, in document order. */
export function slotsIn(root: Document | Element): Element[] {
  const found = [...root.querySelectorAll(SLOT_SELECTOR)];
  if ((root as Element).matches?.(SLOT_SELECTOR)) found.unshift(root as Element);
  return found;
}

/** A slot's name, or `null` when the element is not a slot (no `data-slot`, or a blank name). */
export function readSlotName(element: Element): string | null {
  const name = element.getAttribute(SLOT_ATTRIBUTE);
  return name?.trim() ? name : null;
}

/** Marks a slot's state; `variantId` is written for `variant` and removed otherwise. */
export function writeSlotState(element: Element, state: SlotState, variantId?: string): void {
  element.setAttribute(SLOT_STATE_ATTRIBUTE, state);
  restoreAttribute(element, VARIANT_ATTRIBUTE, state === "variant" ? variantId : null);
}

/**
 * The first `<template data-slot-variant="ID">` in the document, or `null`
 * (also while the parser is still inside it).
 * Compared by attribute value rather than built into a selector, so an id with
 * quotes or brackets needs no CSS escaping.
 */
export function findVariantTemplate(doc: Document, id: string): HTMLTemplateElement | null {
  for (const element of doc.querySelectorAll(VARIANT_TEMPLATE_SELECTOR))
    // One the parser is still filling is not found yet: a clone now would miss its content.
    if (element.getAttribute(VARIANT_ATTRIBUTE) === id) return doc.readyState != "loading" || parsedPast(element) ? (element as HTMLTemplateElement) : null;
  return null;
}

/** True when the parser has moved past `node`: it or an ancestor below `root` has a next sibling. */
export function parsedPast(node: Node, root?: Node): boolean {
  for (let at: Node | null = node; at && at != root; at = at.parentNode) if (at.nextSibling) return true;
  return false;
}

/** Sets an attribute, or removes it for `null` (or `undefined`). */
export function restoreAttribute(element: Element, name: string, value?: string | null): void {
  if (value == null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}
