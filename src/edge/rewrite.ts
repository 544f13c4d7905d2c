/**
 * `rewriteResponse`: the origin's HTML, with every slot the request's facts
 * decide rewritten as it streams through `HTMLRewriter` (never buffered).
 *
 * A decided slot gets its variant (text escaped, html sanitized without a
 * DOM, placeholders filled and escaped) and `data-slot-state`,
 * `data-slot-variant` and `data-slot-edge`; its default content stays in the
 * HTML inside `<template data-slot-default>`, so the browser runtime can
 * still go back to it when a fact changes later. Slots that read facts only
 * the browser has (stored visitor state, events, scores), page-template
 * variants (their `<template>` may come later in the stream) and slots that
 * failed validation are left untouched for the browser. The facts the
 * browser cannot compute (geo, the host's) go into the head as
 * `<script type="application/json" data-slotwise-context>`, so the browser
 * decides the same.
 */
import { decideSlots } from "../core/decide.js";
import { slotsLeftToBrowser } from "../core/known-facts.js";
import { escapeHtml } from "../core/placeholders.js";
import { slotContent } from "../core/slot-content.js";
import type { Context, RuleSet } from "../core/types.js";
import { EDGE_ATTRIBUTE, KEPT_DEFAULT_ATTRIBUTE, SLOT_ATTRIBUTE, SLOT_SELECTOR, SLOT_STATE_ATTRIBUTE, VARIANT_ATTRIBUTE } from "../dom/markup.js";
import { requestFacts, type RequestFactsOptions } from "./request-facts.js";
import { runtimeRewriter, type HtmlRewriter, type HtmlRewriterClass, type RewriterElement } from "./rewriter-types.js";

export interface RewriteOptions extends RequestFactsOptions {
  /** The HTMLRewriter to use. @default the runtime's global `HTMLRewriter` */
  HTMLRewriter?: HtmlRewriterClass;
}

/** Elements that cannot hold content: a slot on one is left to the browser. */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

/**
 * @param ruleSet - a rule set from `readRuleSet` / `parseRuleSet` (see edgeRules for fetching one)
 * @example
 * const response = await fetch(request);
 * return rewriteResponse(ruleSet, request, response);
 */
export async function rewriteResponse(ruleSet: RuleSet, request: Request, response: Response, options: RewriteOptions = {}): Promise<Response> {
  const Rewriter = options.HTMLRewriter ?? runtimeRewriter();
  if (!Rewriter || !response.body || !declaresHtml(response)) return response;
  // The body itself must look like HTML: compressed bytes (a body encoded by
  // hand), binary or JSON served as text/html pass through as they came.
  const { first, body } = await peek(response.body);
  const original = new Response(body, response);
  if (first === undefined || !looksLikeHtml(first)) return original;
  try {
    return rewrite(new Rewriter(), ruleSet, request, original, options);
  } catch {
    return original; // nothing streamed yet: the page goes out as the origin sent it
  }
}

function rewrite(rewriter: HtmlRewriter, ruleSet: RuleSet, request: Request, original: Response, options: RewriteOptions): Response {
  const { facts, forBrowser } = requestFacts(request, options);
  const left = slotsLeftToBrowser(ruleSet, facts);
  rewriter.on(SLOT_SELECTOR, {
    element(slot) {
      try {
        decideSlot(slot, ruleSet, facts, left);
      } catch {
        // A slot we cannot read or decide stays as the origin sent it, for the browser.
      }
    },
  });
  if (Object.keys(forBrowser).length > 0) {
    // First in the head, so a script tag anywhere after it reads these facts at start.
    const script = `<script type="application/json" data-slotwise-context>${scriptJson(forBrowser)}</script>`;
    rewriter.on("head", { element: (head) => void head.prepend(script, { html: true }) });
  }
  const rewritten = rewriter.transform(original);
  // The length changes with the content; the rest of the origin's headers stand.
  const headers = new Headers(rewritten.headers);
  headers.delete("content-length");
  return new Response(rewritten.body, { status: original.status, statusText: original.statusText, headers });
}

function decideSlot(slot: RewriterElement, ruleSet: RuleSet, facts: Context, left: ReadonlySet<string>): void {
  const name = slot.getAttribute(SLOT_ATTRIBUTE);
  if (!name || !name.trim() || left.has(name) || slot.hasAttribute(SLOT_STATE_ATTRIBUTE) || VOID.has(slot.tagName.toLowerCase())) return;
  const [decision] = decideSlots(ruleSet, [name], facts);
  if (!decision || decision.reason === "ERROR") return;
  const content = slotContent(ruleSet, decision.variant, facts);
  if (content.kind === "template") return;
  slot.setAttribute(EDGE_ATTRIBUTE, "");
  if (content.kind === "default") {
    slot.setAttribute(SLOT_STATE_ATTRIBUTE, "default");
    return;
  }
  slot.setAttribute(SLOT_STATE_ATTRIBUTE, "variant").setAttribute(VARIANT_ATTRIBUTE, content.variant);
  // The default's own markup moves, unchanged, into an inert template: the open tag before it, the close after.
  slot.prepend(`<template ${KEPT_DEFAULT_ATTRIBUTE}>`, { html: true });
  slot.append(`</template>${content.kind === "html" ? content.html : escapeHtml(content.text)}`, { html: true });
}

/**
 * Only HTML is rewritten: a `text/html` content type, and not a part of a
 * document (206). A Worker reads a fetched body decoded even when the origin
 * compressed it (the header stays, the runtime compresses again on the way
 * out), so `content-encoding` is not a reason to refuse; the body's first
 * bytes decide (looksLikeHtml).
 */
function declaresHtml(response: Response): boolean {
  return /^\s*text\/html\b/i.test(response.headers.get("content-type") ?? "") && response.status !== 206;
}

/** The first chunk of `stream`, and a stream that yields everything (that chunk first). */
async function peek(stream: ReadableStream<Uint8Array>): Promise<{ first: Uint8Array | undefined; body: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  let first: Uint8Array | undefined;
  let done = false;
  try {
    ({ value: first, done } = await reader.read());
  } catch {
    done = true;
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first !== undefined) controller.enqueue(first);
      if (done) controller.close();
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return { first, body };
}

/** After an optional byte-order mark and whitespace, HTML starts with "<"; gzip, zstd, brotli or JSON do not. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x0c)) i += 1;
  return i === bytes.length || bytes[i] === 0x3c;
}

/** JSON that cannot end its script element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
