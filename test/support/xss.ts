/**
 * The XSS corpus as test cases, and the probes that decide whether anything
 * ran. Shared by the happy-dom suite (test/dom-xss.test.ts) and the Chromium
 * suite, which serves `xssPage()` to the built script tag.
 *
 * A payload reaches the page three ways: as a variant's `html`, as a context
 * value filled into a `{{placeholder}}` (text variant, html variant text and
 * attributes, page template), and as a placeholder fallback in a text variant.
 *
 * `installExecutionProbe`, `provokeHandlers` and `findUnsafeMarkup` use
 * nothing outside their own bodies, so a browser test can ship them into a
 * page as source (`page.evaluate(fn)` or `String(fn)`).
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Variant } from "../../src/core/types.js";

export interface XssPayload {
  title: string;
  payload: string;
}

/** The ways a payload is sent to the page. */
export type XssRoute =
  | "html-variant"
  | "text-placeholder"
  | "text-fallback"
  | "html-placeholder-text"
  | "html-placeholder-attributes"
  | "template-placeholder";

export const XSS_ROUTES: readonly XssRoute[] = [
  "html-variant",
  "text-placeholder",
  "text-fallback",
  "html-placeholder-text",
  "html-placeholder-attributes",
  "template-placeholder",
];

export interface XssCase {
  /** Used as the slot name and the variant id. */
  id: string;
  title: string;
  route: XssRoute;
  payload: string;
  /** The variant, or `null` when the case uses the page template `pageTemplate`. */
  variant: Variant | null;
  /** The context holding this payload (for placeholder routes) under `xss.<key>`. */
  context: { xss: Record<string, string> };
  /** `<template data-slot-variant>` markup the page must carry for the template route. */
  pageTemplate?: string;
}

/** The slot's default content in every case; it must be back after revert. */
export const XSS_DEFAULT_HTML = '<span class="xss-default">default</span>';

// A path, not a URL object: under happy-dom the global URL is the DOM's, which node:fs refuses.
const CORPUS_FILE = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/xss/dompurify-payloads.json");

/** DOMPurify's fixture payloads (copied from the shared corpora with its licence: test/fixtures/xss/README.md); `SLOTWISE_XSS_CORPUS` overrides the file. */
export function loadXssPayloads(): XssPayload[] {
  const file = process.env.SLOTWISE_XSS_CORPUS ?? CORPUS_FILE;
  const data: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(data)) throw new Error("the XSS corpus is not a list");
  return data.map((entry: { title?: unknown; payload?: unknown }, index) => {
    if (typeof entry.payload !== "string") throw new Error(`XSS corpus entry ${index} has no payload`);
    return { title: typeof entry.title === "string" ? entry.title : `payload ${index}`, payload: entry.payload };
  });
}

/**
 * URL-shaped payloads the HTML corpus lacks: what a context value filled into
 * `href` or `src` would try. Run them with the corpus.
 */
export const URL_PAYLOADS: readonly XssPayload[] = [
  { title: "javascript: URL", payload: "javascript:alert(1)" },
  { title: "javascript: URL, mixed case with leading space", payload: " JaVaScRiPt:alert(1)" },
  { title: "javascript: URL with a tab inside the scheme", payload: "java\tscript:alert(1)" },
  { title: "javascript: URL with an encoded tab", payload: "java&#x09;script:alert(1)" },
  { title: "javascript: URL with an encoded colon", payload: "javascript&colon;alert(1)" },
  { title: "vbscript: URL", payload: "vbscript:msgbox(1)" },
  { title: "data: URL with a script", payload: "data:text/html,<script>alert(1)</script>" },
  { title: "attribute break-out", payload: '" onmouseover="alert(1)" x="' },
  { title: "tag break-out", payload: '"><img src=x onerror=alert(1)>' },
];

/** Every payload on every route (or the routes given). */
export function xssCases(payloads: readonly XssPayload[], routes: readonly XssRoute[] = XSS_ROUTES): XssCase[] {
  const cases: XssCase[] = [];
  payloads.forEach(({ title, payload }, index) => {
    const key = `c${index}`;
    const fact = `{{xss.${key}}}`;
    for (const route of routes) {
      const id = `xss-${index}-${route}`;
      const base = { id, title, route, payload, context: { xss: { [key]: payload } } };
      switch (route) {
        case "html-variant":
          cases.push({ ...base, variant: { html: payload }, context: { xss: {} } });
          break;
        case "text-placeholder":
          cases.push({ ...base, variant: { text: `Hello ${fact}!` } });
          break;
        case "text-fallback":
          cases.push({ ...base, variant: { text: `{{xss.missing | "${quoteFallback(payload)}"}}` }, context: { xss: {} } });
          break;
        case "html-placeholder-text":
          cases.push({ ...base, variant: { html: `<p>Hello <b>${fact}</b></p>` } });
          break;
        case "html-placeholder-attributes":
          cases.push({
            ...base,
            variant: {
              html: `<a href="${fact}" title="${fact}" class="${fact}" target="_blank">link</a><img src="${fact}" alt="${fact}">`,
            },
          });
          break;
        case "template-placeholder":
          cases.push({
            ...base,
            variant: null,
            pageTemplate:
              `<template data-slot-variant="${id}"><p title="${fact}">${fact}</p>` +
              `<a href="${fact}" class="${fact}">link</a><img src="${fact}" alt="${fact}"></template>`,
          });
          break;
      }
    }
  });
  return cases;
}

/**
 * One page for all cases: a rule file that shows each case's variant in its
 * own slot, the merged context, and the body markup (slots with default
 * content, then the page templates).
 */
export function xssPage(cases: readonly XssCase[]): {
  rules: { version: 1; slots: Record<string, { name: string; show: string }[]>; variants: Record<string, Variant> };
  context: { xss: Record<string, string> };
  bodyHtml: string;
} {
  const slots: Record<string, { name: string; show: string }[]> = {};
  const variants: Record<string, Variant> = {};
  const xss: Record<string, string> = {};
  let bodyHtml = "";
  for (const item of cases) {
    slots[item.id] = [{ name: "always", show: item.id }];
    if (item.variant) variants[item.id] = item.variant;
    Object.assign(xss, item.context.xss);
    bodyHtml += `<div data-slot="${item.id}">${XSS_DEFAULT_HTML}</div>\n`;
  }
  for (const item of cases) if (item.pageTemplate) bodyHtml += `${item.pageTemplate}\n`;
  return { rules: { version: 1, slots, variants }, context: { xss }, bodyHtml };
}

function quoteFallback(text: string): string {
  return text.replace(/[\\"]/g, (char) => `\\${char}`);
}

/** What the page's script-running functions were called with. */
export interface ExecutionProbe {
  /** One entry per call, e.g. `alert: 1`. */
  readonly calls: string[];
  restore(): void;
}

/**
 * Replaces `alert`, `confirm`, `prompt` and `print` on `win` with recorders:
 * every payload in the corpus proves it ran by calling one of them.
 */
export function installExecutionProbe(win: Window): ExecutionProbe {
  const names = ["alert", "confirm", "prompt", "print"] as const;
  const calls: string[] = [];
  const target = win as unknown as Record<string, unknown>;
  const originals = names.map((name) => [name, target[name]] as const);
  for (const name of names) {
    target[name] = (...args: unknown[]) => {
      calls.push(`${name}: ${args.map(String).join(", ")}`);
      return name === "confirm" ? false : name === "prompt" ? null : undefined;
    };
  }
  return {
    calls,
    restore() {
      for (const [name, original] of originals) target[name] = original;
    },
  };
}

/**
 * Fires, on every element under `root`, the events payloads hang handlers on
 * (load and error never come by themselves for an image that goes nowhere),
 * and activates links whose URL could run script (javascript:, vbscript:).
 * Plain events do not follow ordinary links, so nothing navigates. (A data:
 * URL is left alone: browsers refuse to navigate a page to one, and a test
 * DOM would open it as a new page of its own.)
 */
export function provokeHandlers(root: ParentNode): void {
  const events = [
    "error", "load", "click", "dblclick", "auxclick", "contextmenu", "mousedown", "mouseup", "mouseover",
    "mouseenter", "mouseleave", "mousemove", "mouseout", "pointerdown", "pointerup", "pointerover",
    "pointerenter", "focus", "focusin", "blur", "focusout", "keydown", "keyup", "keypress", "input",
    "beforeinput", "change", "select", "submit", "reset", "invalid", "toggle", "beforetoggle",
    "animationstart", "animationend", "animationiteration", "transitionend", "transitionstart",
    "transitionrun", "scroll", "scrollend", "wheel", "copy", "cut", "paste", "drag", "dragstart", "dragend",
    "dragenter", "dragover", "drop", "play", "playing", "pause", "canplay", "loadstart", "loadeddata",
    "ended", "begin", "end", "repeat", "show", "search", "touchstart", "touchend", "unload", "beforeunload",
    "pageshow", "hashchange", "message", "resize", "readystatechange", "abort", "content-visibility-auto-state-change",
  ];
  const doc = (root as Node).ownerDocument ?? (root as unknown as Document);
  const view = doc.defaultView;
  if (!view) return;
  const elements: Element[] = [];
  if ((root as Node).nodeType === 1) elements.push(root as Element);
  elements.push(...Array.from(root.querySelectorAll("*")));
  for (const element of elements) {
    for (const type of events) {
      try {
        element.dispatchEvent(new view.Event(type));
      } catch {
        // A throwing handler is not an execution probe call; the probe decides.
      }
    }
    for (const name of ["href", "src", "action", "formaction", "xlink:href", "data"]) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      let protocol = "";
      try {
        protocol = new view.URL(value, doc.baseURI).protocol;
      } catch {
        continue;
      }
      if (protocol !== "javascript:" && protocol !== "vbscript:") continue;
      try {
        element.removeAttribute("target"); // run it here, where the probe listens
        element.dispatchEvent(new view.MouseEvent("click", { bubbles: true, cancelable: true }));
      } catch {
        // As above.
      }
    }
  }
}

/**
 * Everything under `root` that must never come out of sanitizing: script-ish
 * elements, event handler and style attributes, srcset, namespaced attributes,
 * and URLs with a scheme that can run script or smuggle a document.
 * Returns a list of findings (empty when clean), e.g. `<img onerror>`.
 */
export function findUnsafeMarkup(root: ParentNode): string[] {
  const forbiddenElements = [
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link", "meta", "base",
    "form", "input", "button", "textarea", "select", "svg", "math", "template", "noscript", "portal",
    "audio", "video", "xmp", "plaintext", "noembed", "noframes",
  ];
  const urlAttributes = [
    "href", "src", "action", "formaction", "data", "poster", "background", "cite", "ping", "lowsrc",
    "dynsrc", "srcdoc", "codebase", "archive", "longdesc", "manifest", "icon", "profile", "classid", "usemap",
  ];
  const findings: string[] = [];
  const elements: Element[] = [];
  if ((root as Node).nodeType === 1) elements.push(root as Element);
  elements.push(...Array.from(root.querySelectorAll("*")));
  for (const element of elements) {
    const tag = element.localName;
    if (forbiddenElements.includes(tag)) findings.push(`<${tag}>`);
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) findings.push(`<${tag} ${name}>`);
      else if (name === "style" || name === "srcset") findings.push(`<${tag} ${name}>`);
      else if (attribute.namespaceURI !== null || name.includes(":")) findings.push(`<${tag} ${name}> (namespaced)`);
      if (urlAttributes.includes(name)) {
        // eslint-disable-next-line no-control-regex
        const compact = attribute.value.replace(/[\u0000-\u0020\u007F-\u00A0]/g, "").toLowerCase();
        if (/^(?:javascript|vbscript|data|livescript|mocha):/.test(compact)) findings.push(`<${tag} ${name}="${attribute.value}">`);
      }
    }
  }
  return findings;
}
