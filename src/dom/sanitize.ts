/**
 * Turns untrusted HTML (an `html` variant from a rule file, possibly fetched
 * from a URL) into nodes that cannot run script: no script or style elements,
 * no event handlers, no `javascript:` or `data:` URLs, no frames, forms,
 * SVG or MathML.
 *
 * Two steps, in every browser:
 * 1. Parse without side effects. Where the Sanitizer API exists
 *    (`Element.prototype.setHTML`, e.g. Chromium 156) the browser parses and
 *    applies its safe baseline (an empty configuration: its default one drops
 *    <img>, class, aria-label and unknown elements' text, test/browser-xss);
 *    elsewhere the HTML goes into an inert `<template>`, whose contents belong
 *    to a document without a browsing context: nothing in it runs, loads or
 *    fires. Under Trusted Types (`require-trusted-types-for 'script'`) that
 *    assignment goes through the policy named `slotwise`, created on first use.
 * 2. Rebuild from the allowlist (../core/html-policy.ts) in one linear walk:
 *    a fresh element for each allowed element, only allowed attributes with
 *    checked values. Unknown elements are unwrapped (their text is kept);
 *    dangerous ones go with their content; content deeper than MAX_DEPTH goes.
 *
 * Step 2 runs after the browser's sanitizer too, so the same markup survives
 * in every browser and URLs meet our scheme list. Nodes are never serialized
 * and parsed again, which rules out mutation XSS.
 */
import { allowedAttribute, ALLOWED_ELEMENTS, cleanAttributeValue, DROPPED_ELEMENTS, MAX_DEPTH, protectedRel } from "../core/html-policy.js";

export { isSafeUrl, MAX_DEPTH } from "../core/html-policy.js";

/** What survived, and what kinds of thing were removed (tag or attribute names, `#comment`, `depth`). */
export interface SanitizeResult {
  /** Clean nodes, owned by an inert document until they are inserted. */
  readonly fragment: DocumentFragment;
  readonly removed: readonly string[];
}

export interface SanitizeOptions {
  /**
   * Parse with the browser's Sanitizer API (`setHTML`) when it exists.
   * `false` forces the inert-template parser (for tests and comparisons).
   * @default true
   */
  native?: boolean;
}

/** The Trusted Types policy's name: list it in the site's `trusted-types` directive. */
export const TRUSTED_TYPES_POLICY = "slotwise";

type TT = { createPolicy(name: string, rules: { createHTML(s: string): string }): { createHTML(s: string): string } };
/** Created on the first fallback parse; `null` when it could not be (a `trusted-types` directive without `slotwise`). */
let policy: { createHTML(s: string): string } | null | undefined;

/**
 * Calls `visit` on every node under `root` in document order, in one linear
 * pass (no recursion, no child lists copied); `visit` returns 2 to skip a
 * node's subtree.
 */
export function walk(root: Node, visit: (node: Node) => number | void): void {
  const walker = (root.ownerDocument ?? (root as Document)).createTreeWalker(root, -1 >>> 0, (node) => visit(node) || 1);
  while (walker.nextNode());
}

/**
 * Parses and sanitizes `html` for `doc`. The nodes are not in the page yet;
 * insert the fragment to show them. Throws only if the document itself is
 * unusable (the renderer reports that as `RENDER_FAILED`).
 *
 * @example
 * const { fragment } = sanitizeHtml('<b onclick="steal()">Hi</b><script>x()</script>', document);
 * slot.replaceChildren(fragment); // <b>Hi</b>
 */
export function sanitizeHtml(html: string, doc: Document, options: SanitizeOptions = {}): SanitizeResult {
  const template = doc.createElement("template");
  const source = template.content;
  const native = options.native !== false && (template as unknown as { setHTML?: (html: string, options: object) => void }).setHTML;
  if (native) {
    native.call(template, html, { sanitizer: {} });
    // Should an implementation fill the element itself, take those nodes along (one by one: no spread of a huge list).
    for (let node; (node = template.firstChild) && node.parentNode === template; ) source.appendChild(node);
  } else {
    const tt = (doc.defaultView as unknown as { trustedTypes?: TT } | null)?.trustedTypes;
    // A pass-through policy is safe here: the template is inert, and step 2 keeps only the allowlist.
    if (tt && policy === undefined) {
      policy = null;
      policy = tt.createPolicy(TRUSTED_TYPES_POLICY, { createHTML: (s) => s });
    }
    template.innerHTML = policy ? policy.createHTML(html) : html;
  }
  const owner = source.ownerDocument;
  const fragment = owner.createDocumentFragment();
  const removed = new Set<string>();
  // Source element -> [where its children go, their depth].
  const into = new Map<Node, [Node, number]>([[source, [fragment, 0]]]);
  walk(source, (node) => {
    const at = into.get(node.parentNode!);
    // A form's named control can shadow its `parentNode` (DOM clobbering): such a node goes.
    if (!at) return 2;
    const [parent, depth] = at;
    if (node.nodeType === 3) return void parent.appendChild(owner.createTextNode((node as Text).data));
    const element = node as Element;
    const tag = element.localName;
    if (node.nodeType !== 1 || element.namespaceURI !== "http://www.w3.org/1999/xhtml" || DROPPED_ELEMENTS.has(tag) || depth >= MAX_DEPTH) {
      removed.add(node.nodeType !== 1 ? node.nodeName : depth >= MAX_DEPTH ? "depth" : tag);
      return 2;
    }
    let target = parent;
    if (ALLOWED_ELEMENTS.has(tag)) {
      const clean = (target = parent.appendChild(owner.createElement(tag)) as Element);
      for (const { name, value, namespaceURI } of element.attributes) {
        const kept = !namespaceURI && allowedAttribute(tag, name) ? cleanAttributeValue(name, value) : null;
        if (kept === null) removed.add(name);
        else clean.setAttribute(name, kept);
      }
      const rel = tag === "a" && protectedRel(clean.getAttribute("target"), clean.getAttribute("rel"));
      if (rel) clean.setAttribute("rel", rel);
    } else removed.add(tag);
    into.set(node, [target, depth + 1]);
  });
  return { fragment, removed: [...removed] };
}
