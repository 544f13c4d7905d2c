/**
 * What a decided slot shows, as strings: for renderers without a DOM (React,
 * the edge, a server). Placeholders are filled from the facts; `html`
 * variants are sanitized with the browser's allowlist, without a DOM.
 */
import { resolveVariant, type ResolvedVariant } from "./adapter.js";
import { escapeHtml, fillPlaceholders } from "./placeholders.js";
import { sanitizeHtmlString } from "./sanitize-string.js";
import type { Context, RuleSet } from "./types.js";

export type SlotContent =
  /** The slot's own default content. */
  | { readonly kind: "default" }
  /** Plain text, to be escaped by the renderer. */
  | { readonly kind: "text"; readonly variant: string; readonly text: string }
  /** Sanitized HTML source, safe to insert as is. */
  | { readonly kind: "html"; readonly variant: string; readonly html: string }
  /** A variant the rule file does not carry: a page `<template>` or a component of that id. */
  | { readonly kind: "template"; readonly variant: string };

/**
 * @example
 * slotContent(ruleSet, "BangaloreOffer", { geo: { city: "Bangalore" } });
 * // { kind: "html", variant: "BangaloreOffer", html: "<h1>Namaste Bangalore</h1>" }
 */
export function slotContent(ruleSet: RuleSet | null, variant: string | null, facts: Context): SlotContent {
  return variant === null || ruleSet === null ? { kind: "default" } : variantContent(resolveVariant(ruleSet, variant), facts);
}

/** The content of a resolved variant (what a render adapter is handed). */
export function variantContent({ id: variant, content }: ResolvedVariant, facts: Context): SlotContent {
  if ("text" in content) return { kind: "text", variant, text: fillPlaceholders(content.text, facts) };
  if ("html" in content) return { kind: "html", variant, html: sanitizeHtmlString(fillPlaceholders(content.html, facts, { escape: escapeHtml })) };
  return { kind: "template", variant };
}

/** True when two contents show the same thing (a renderer need not touch the slot). */
export function sameContent(a: SlotContent | undefined, b: SlotContent | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
