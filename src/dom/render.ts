/**
 * Builds a variant's nodes off the page: text as a text node, a page
 * `<template>` cloned, `html` sanitized; placeholders filled in all three.
 * Nothing here touches a slot, so a failure leaves the page as it was; the
 * adapter swaps the finished fragment in one step.
 */
import type { RenderErrorCode, ResolvedVariant } from "../core/adapter.js";
import { URL_ATTRIBUTES, isSafeUrl } from "../core/html-policy.js";
import { fillPlaceholders } from "../core/placeholders.js";
import type { Context } from "../core/types.js";
import { isObj, words } from "../runtime/util.js";
import { findVariantTemplate } from "./markup.js";
import { sanitizeHtml, walk } from "./sanitize.js";

/** Turns untrusted HTML into inert, clean nodes. */
export type Sanitize = (html: string, doc: Document) => DocumentFragment;

/**
 * The failure: a code, and a short detail (the template id, or `MAX_HTML`)
 * instead of a sentence; words are on the authoring side.
 */
export type BuildResult =
  | { readonly ok: true; readonly fragment: DocumentFragment }
  | { readonly ok: false; readonly code: RenderErrorCode; readonly message: string; readonly cause?: unknown };

/**
 * Attributes whose `{{path}}` placeholders are filled, in html variants and
 * page templates alike. URL attributes are checked again once filled. Any
 * other attribute keeps its braces as written: a context value never reaches
 * an event handler, a style or a srcset.
 */
export const FILLED_ATTRIBUTES = /* @__PURE__ */ words("alt aria-label class datetime href lang src title");

/**
 * The longest `html` variant rendered, in UTF-16 code units (2 MiB; a 1 MB
 * variant renders). A longer one is `RENDER_FAILED` with detail `MAX_HTML`,
 * and the slot keeps its default.
 */
export const MAX_HTML = 2 ** 21;

/**
 * More start tags than end tags at any point than this (a rough nesting
 * depth, counted linearly on the source): `RENDER_FAILED` with detail
 * `MAX_OPEN`, the default kept. Content within it but deeper than MAX_DEPTH
 * elements is dropped by the sanitizer.
 */
export const MAX_OPEN = 1000;

const defaultSanitize: Sanitize = (html, doc) => sanitizeHtml(html, doc).fragment;

/**
 * The nodes for `variant`, not yet in the page. Throws only when the
 * document or a custom sanitizer does (the adapter turns that into `RENDER_FAILED`).
 *
 * @example
 * const built = buildVariant({ id: "Hi", content: { text: "Hi {{user.name}}" } }, context, document);
 * if (built.ok) slot.replaceChildren(built.fragment);
 */
export function buildVariant(variant: ResolvedVariant, context: Context, doc: Document, sanitize?: Sanitize | null): BuildResult {
  const content: unknown = variant.content;
  const { text, html, template } = isObj(content) ? content : {};
  const no = (message: string, code: RenderErrorCode = "RENDER_FAILED"): BuildResult => ({ ok: false, code, message });
  let fragment = doc.createDocumentFragment();
  if (typeof text == "string") fragment.append(fillPlaceholders(text, context));
  else {
    if (typeof html == "string") {
      if (html.length > MAX_HTML) return no("MAX_HTML");
      // The browser's own parser is slow on absurd nesting (10,000 levels: seconds): refused before parsing.
      let open = 0;
      for (const [, end] of html.matchAll(/<(\/?)[a-z]/gi)) if ((open += end ? -1 : 1) > MAX_OPEN) return no("MAX_OPEN");
      fragment = (sanitize || defaultSanitize)(html, doc);
    } else if (typeof template == "string") {
      const found = findVariantTemplate(doc, template);
      if (!found) return no(template, "VARIANT_NOT_FOUND");
      // Cloned, not imported: the copy stays with the template's inert document
      // (nothing loads) until the swap adopts it.
      fragment = found.content.cloneNode(true) as DocumentFragment;
    } else return no(variant.id);
    fillPlaceholdersIn(fragment, context);
  }
  return { ok: true, fragment };
}

/**
 * Fills placeholders in the text nodes and `FILLED_ATTRIBUTES` under `root`,
 * after parsing: a value becomes text or an attribute value, never markup.
 * Text inside `<script>` and `<style>` (possible only in page templates) is
 * left alone, so a value can never become code.
 */
export function fillPlaceholdersIn(root: Node, context: Context): void {
  walk(root, (node) => {
    if (node.nodeType == 3) {
      const text = node as Text;
      if (text.data.includes("{{")) text.data = fillPlaceholders(text.data, context);
    } else if (node.nodeType == 1) {
      const element = node as Element;
      if (/^(script|style)$/.test(element.localName)) return 2;
      for (const { name, value, namespaceURI } of [...element.attributes]) {
        if (namespaceURI || !FILLED_ATTRIBUTES.has(name) || !value.includes("{{")) continue;
        const filled = fillPlaceholders(value, context);
        if (URL_ATTRIBUTES.has(name) && !isSafeUrl(filled)) element.removeAttribute(name);
        else element.setAttribute(name, filled);
      }
    }
  });
}
