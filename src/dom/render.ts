/**
 * Builds a variant's nodes off the page: text as a text node, a page
 * `<template>` cloned, `html` sanitized; placeholders filled in all three.
 * Nothing here touches a slot, so a failure leaves the page as it was; the
 * adapter swaps the finished fragment in one step.
 *
 * An `html` variant cannot run script: no script or style elements, no event
 * handlers, no `javascript:` or `data:` URLs, no frames, forms, SVG or MathML.
 * 1. It is parsed without side effects. Where the Sanitizer API exists
 *    (`Element.prototype.setHTML`, e.g. Chromium 156) the browser parses and
 *    applies its safe baseline (an empty configuration: its default one drops
 *    <img>, class, aria-label and unknown elements' text, test/browser-xss);
 *    elsewhere the HTML goes into an inert `<template>`, whose contents belong
 *    to a document without a browsing context: nothing in it runs, loads or
 *    fires. Under Trusted Types (`require-trusted-types-for 'script'`) that
 *    assignment goes through the policy named `slotwise`, created on first use.
 * 2. One linear walk rebuilds it from the allowlist (../core/html-policy.ts)
 *    and fills placeholders as it goes: a fresh element for each allowed
 *    element, only allowed attributes with checked values. Unknown elements
 *    are unwrapped (their text is kept); dangerous ones go with their content;
 *    content deeper than MAX_DEPTH goes. Step 2 runs after the browser's
 *    sanitizer too, so the same markup survives in every browser and URLs meet
 *    our scheme list. Nodes are never serialized and parsed again, which rules
 *    out mutation XSS.
 *
 * Placeholders are filled after parsing, in text nodes and FILLED_ATTRIBUTES:
 * a value becomes text or an attribute value, never markup. URL attributes are
 * checked once filled; any other attribute keeps its braces as written, so a
 * context value never reaches an event handler, a style or a srcset. In page
 * templates, text inside `<script>` and `<style>` is left alone.
 */
import type { RenderErrorCode, ResolvedVariant } from "../core/adapter.js";
import { ALLOWED_ELEMENTS, DROPPED_ELEMENTS, isSafeUrl, keepAttribute, MAX_DEPTH, protectedRel } from "../core/html-policy.js";
import { fillPlaceholders } from "../core/placeholders.js";
import type { Context } from "../core/types.js";
import { isObj, words } from "../runtime/util.js";
import { findVariantTemplate } from "./markup.js";

/** Turns untrusted HTML into inert, clean nodes. */
export type Sanitize = (html: string, doc: Document) => DocumentFragment;

/**
 * The failure: a code, and a short detail (the template id, or `MAX_HTML`)
 * instead of a sentence; words are on the authoring side.
 */
export type BuildResult =
  | { readonly ok: true; readonly fragment: DocumentFragment }
  | { readonly ok: false; readonly code: RenderErrorCode; readonly message: string };

/** Attributes whose `{{path}}` placeholders are filled, in html variants and page templates alike. */
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

/** The Trusted Types policy's name: list it in the site's `trusted-types` directive. */
const TRUSTED_TYPES_POLICY = "slotwise";

type Policy = { createHTML(s: string): string };
/** Created on the first fallback parse; `null` when it could not be (a `trusted-types` directive without `slotwise`). */
let policy: Policy | null | undefined;

/**
 * Walks `root` once in document order and edits it in place (its nodes are
 * off the page: inert, or not inserted yet). `clean` (an html variant): drops
 * what the allowlist does not know, unwraps unknown elements, keeps only
 * allowed attributes with checked values; otherwise (trusted nodes: a page
 * template's clone, a custom sanitizer's output) only fills placeholders.
 * The walk moves the browser's TreeWalker by hand and keeps the chain of
 * parents itself, so a form's named control cannot redirect it through
 * `parentNode` or `nextSibling` (DOM clobbering); a form whose `localName`
 * is shadowed is dropped too.
 */
function pass(root: DocumentFragment, context: Context, clean?: boolean): DocumentFragment {
  const walker = root.ownerDocument.createTreeWalker(root);
  // The current node's ancestors up to the root; their count is its depth.
  const parents: Node[] = [root];
  // Removals and unwraps, made after the walk, last first (so an unwrapped element still holds what is removed from it).
  const later: (() => void)[] = [];
  let node: Node = root;
  let skip: unknown;
  let kept: string | null;
  for (;;) {
    if (!skip && walker.firstChild()) parents.push(node);
    else
      while (!walker.nextSibling())
        if (walker.parentNode()) parents.pop();
        else return later.reverse().map((change) => change()), root;
    const element = (node = walker.currentNode) as Element;
    const parent = parents[parents.length - 1]!;
    const tag = element.localName;
    skip = 0;
    if (node.nodeType == 3) {
      const text = node as Text;
      const filled = fillPlaceholders(text.data, context);
      if (filled != text.data) text.data = filled;
    } else if (clean ? node.nodeType != 1 || element.namespaceURI != "http://www.w3.org/1999/xhtml" || typeof tag != "string" || DROPPED_ELEMENTS.has(tag) || parents.length > MAX_DEPTH : tag == "script" || tag == "style" || node.nodeType != 1) {
      skip = 1;
      if (clean) later.push(() => parent.removeChild(element));
    } else if (clean && (!ALLOWED_ELEMENTS.has(tag) || element.hasAttribute("is")))
      // Unknown: its content stays in its place.
      later.push(() => {
        for (let child; (child = element.firstChild); ) element.before(child);
        element.remove();
      });
    else {
      const attributes = element.attributes;
      for (let i = attributes.length; i--; ) {
        const attribute = attributes[i]!;
        const { name, value, namespaceURI } = attribute;
        const filled = !namespaceURI && FILLED_ATTRIBUTES.has(name) ? fillPlaceholders(value, context) : value;
        kept = clean ? (namespaceURI ? null : keepAttribute(tag, name, filled)) : filled != value && /^(href|src)$/.test(name) && !isSafeUrl(filled) ? null : filled;
        if (kept == null) element.removeAttributeNode(attribute);
        else if (kept != value) attribute.value = kept;
      }
      if (clean && tag == "a" && (kept = protectedRel(element.getAttribute("target"), element.getAttribute("rel")))) element.setAttribute("rel", kept);
    }
  }
}

/**
 * Parses and sanitizes `html` for `doc`, filling placeholders from `context`.
 * The nodes are not in the page yet; insert the fragment to show them.
 *
 * @example
 * slot.replaceChildren(sanitizeHtml('<b onclick="steal()">Hi</b><script>x()</script>', document)); // <b>Hi</b>
 */
export function sanitizeHtml(html: string, doc: Document, context: Context = {}): DocumentFragment {
  const template = doc.createElement("template");
  const native = (template as unknown as { setHTML?: (html: string, options: object) => void }).setHTML;
  if (native) {
    // Into the template's content, an inert document's fragment (as innerHTML below).
    native.call(template, html, { sanitizer: {} });
  } else {
    const tt = (doc.defaultView as unknown as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } } | null)?.trustedTypes;
    // A pass-through policy is safe here: the template is inert, and the walk keeps only the allowlist.
    if (tt && policy === undefined) {
      policy = null;
      policy = tt.createPolicy(TRUSTED_TYPES_POLICY, { createHTML: (s) => s });
    }
    template.innerHTML = policy ? policy.createHTML(html) : html;
  }
  return pass(template.content, context, true);
}

/** `MAX_HTML` or `MAX_OPEN` when `html` is refused before parsing (the browser's own parser is slow on absurd nesting: seconds for 10,000 levels). */
function refuse(html: string): string | undefined {
  if (html.length > MAX_HTML) return "MAX_HTML";
  let open = 0;
  for (const [, end] of html.matchAll(/<(\/?)[a-z]/gi)) if ((open += end ? -1 : 1) > MAX_OPEN) return "MAX_OPEN";
}

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
  let fragment: DocumentFragment | undefined | null;
  let message: string = variant.id;
  if (typeof text == "string") (fragment = doc.createDocumentFragment()).append(fillPlaceholders(text, context));
  else if (typeof html == "string") {
    const refused = refuse(html);
    if (refused) message = refused;
    else fragment = sanitize ? pass(sanitize(html, doc), context) : sanitizeHtml(html, doc, context);
  } else if (typeof template == "string") {
    // Cloned, not imported: the copy stays with the template's inert document (nothing loads) until the swap adopts it.
    const found = findVariantTemplate(doc, template);
    if (!found) return { ok: false, code: "VARIANT_NOT_FOUND", message: template };
    fragment = pass(found.content.cloneNode(true) as DocumentFragment, context);
  }
  return fragment ? { ok: true, fragment } : { ok: false, code: "RENDER_FAILED", message };
}
