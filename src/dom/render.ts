/**
 * Builds a variant's nodes off the page: text as a text node, a page
 * `<template>` cloned, `html` sanitized; placeholders filled in all three.
 * Nothing here touches a slot, so a failure leaves the page as it was; the
 * adapter swaps the finished fragment in one step.
 */
import type { RenderErrorCode, ResolvedVariant } from "../core/adapter.js";
import { fillPlaceholders } from "../core/placeholders.js";
import type { Context } from "../core/types.js";
import { findVariantTemplate, VARIANT_ATTRIBUTE } from "./markup.js";
import { isSafeUrl, sanitizeHtml, URL_ATTRIBUTES } from "./sanitize.js";

/** Turns untrusted HTML into inert, clean nodes. */
export type Sanitize = (html: string, doc: Document) => DocumentFragment;

export type BuildResult =
  | { readonly ok: true; readonly fragment: DocumentFragment }
  | { readonly ok: false; readonly code: RenderErrorCode; readonly message: string; readonly cause?: unknown };

/**
 * Attributes whose `{{path}}` placeholders are filled, in html variants and
 * page templates alike. URL attributes are checked again once filled. Any
 * other attribute keeps its braces as written: a context value never reaches
 * an event handler, a style or a srcset.
 */
export const FILLED_ATTRIBUTES: ReadonlySet<string> = new Set([
  "alt",
  "aria-label",
  "class",
  "datetime",
  "href",
  "lang",
  "src",
  "title",
]);

const defaultSanitize: Sanitize = (html, doc) => sanitizeHtml(html, doc).fragment;

/**
 * The nodes for `variant`, not yet in the page.
 *
 * @example
 * const built = buildVariant({ id: "Hi", content: { text: "Hi {{user.name}}" } }, context, document);
 * if (built.ok) slot.replaceChildren(built.fragment);
 */
export function buildVariant(
  variant: ResolvedVariant,
  context: Context,
  doc: Document,
  sanitize: Sanitize = defaultSanitize,
): BuildResult {
  const content: unknown = variant.content;
  if (isObject(content) && typeof content.text === "string") {
    const fragment = doc.createDocumentFragment();
    fragment.appendChild(doc.createTextNode(fillPlaceholders(content.text, context)));
    return { ok: true, fragment };
  }
  if (isObject(content) && typeof content.html === "string") {
    const fragment = sanitize(content.html, doc);
    fillPlaceholdersIn(fragment, context);
    return { ok: true, fragment };
  }
  if (isObject(content) && typeof content.template === "string") {
    const template = findVariantTemplate(doc, content.template);
    if (!template) {
      return {
        ok: false,
        code: "VARIANT_NOT_FOUND",
        message: `variant '${variant.id}' is not in the rule file and the page has no <template ${VARIANT_ATTRIBUTE}="${content.template}">`,
      };
    }
    // Cloned, not imported: the copy stays with the template's inert document
    // (nothing loads) until the swap adopts it.
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    fillPlaceholdersIn(fragment, context);
    return { ok: true, fragment };
  }
  return { ok: false, code: "RENDER_FAILED", message: `variant '${variant.id}' has no text, html or template` };
}

/**
 * Fills placeholders in the text nodes and `FILLED_ATTRIBUTES` under `root`,
 * after parsing: a value becomes text or an attribute value, never markup.
 * Text inside `<script>` and `<style>` (possible only in page templates) is
 * left alone, so a value can never become code.
 */
export function fillPlaceholdersIn(root: Node, context: Context): void {
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.nodeType === TEXT_NODE) {
      const text = node as Text;
      if (text.data.includes("{{")) text.data = fillPlaceholders(text.data, context);
      continue;
    }
    if (node.nodeType === ELEMENT_NODE) {
      const element = node as Element;
      if (element.localName === "script" || element.localName === "style") continue;
      fillAttributes(element, context);
    }
    stack.push(...Array.from(node.childNodes));
  }
}

function fillAttributes(element: Element, context: Context): void {
  for (const attribute of Array.from(element.attributes)) {
    const name = attribute.name.toLowerCase();
    if (attribute.namespaceURI !== null || !FILLED_ATTRIBUTES.has(name) || !attribute.value.includes("{{")) continue;
    const value = fillPlaceholders(attribute.value, context);
    if (URL_ATTRIBUTES.has(name) && !isSafeUrl(value)) element.removeAttribute(attribute.name);
    else element.setAttribute(attribute.name, value);
  }
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
