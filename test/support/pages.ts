/**
 * Page builders for the Chromium suites: the markup a site author writes
 * (probes first in `<head>`, inline rules and host facts, the script tag in
 * the mode under test, slots with their default copy) as one HTML string, or
 * as chunks for a streamed response.
 *
 * Pages carry no inline script and no inline style, so the same page works
 * under the strict CSP of test/browser-csp.test.ts; the probes are external
 * files (test/support/probes.ts).
 */
import { probePath, type ProbeName } from "./probes.js";

/** Where the built script-tag bundle is served (the server serves repository files). */
export const SDK_PATH = "/dist/slotwise.global.js";
/** The build with the personalization layer (scores, stages, next best action). */
export const PERSONALIZE_SDK_PATH = "/dist/slotwise.personalize.global.js";

export type LoadMode = "sync" | "async" | "defer";

/** The Slotwise script tag. */
export interface SdkTag {
  /** @default "sync" */
  mode?: LoadMode;
  rulesUrl?: string;
  timeout?: number;
  consent?: "granted" | "denied" | "pending";
  /** `data-datalayer`: actions and exposures pushed to `window.dataLayer`. */
  dataLayer?: boolean;
  /** `data-debug`: decisions logged, and the on-page debugger loaded. */
  debug?: boolean;
  /** `data-expose`: "seen" counts an exposure once half of the slot was in the viewport. */
  expose?: string;
  /** @default SDK_PATH */
  src?: string;
}

export interface PageOptions {
  title?: string;
  /** External probe scripts, first in `<head>`, in this order. */
  probes?: readonly ProbeName[];
  /** Inline rules (`<script type="application/json" data-slotwise-rules>`), in `<head>` before the script tag. */
  rules?: unknown;
  /** Inline host facts (`data-slotwise-context`), in `<head>` before the script tag. */
  context?: unknown;
  /** The script tag(s); `null` for a page without Slotwise. @default one sync tag */
  sdk?: SdkTag | readonly SdkTag[] | null;
  /** Markup placed in `<head>` between the probes and the rules. */
  head?: string;
  body: string;
}

/** A whole HTML document. A `CHUNK` marker in `body` is dropped (see `pageChunks`). */
export function pageHtml(options: PageOptions): string {
  return pageChunks(options).join("");
}

/** Where a streamed page is cut: put it in `body`, e.g. in the middle of a slot's children. */
export const CHUNK = "<!--chunk-->";

/** The document cut at each `CHUNK` marker, for a route with `chunkDelayMs`. */
export function pageChunks(options: PageOptions): string[] {
  const probes = (options.probes ?? []).map((name) => `<script src="${probePath(name)}"></script>`).join("\n");
  const tags = options.sdk === null ? [] : Array.isArray(options.sdk) ? options.sdk : [options.sdk ?? {}];
  const head = [
    '<meta charset="utf-8">',
    `<title>${options.title ?? "Slotwise test page"}</title>`,
    probes,
    options.head ?? "",
    options.rules === undefined ? "" : jsonScript("data-slotwise-rules", options.rules),
    options.context === undefined ? "" : jsonScript("data-slotwise-context", options.context),
    ...tags.map(sdkTag),
  ]
    .filter(Boolean)
    .join("\n");
  const html = `<!doctype html>\n<html lang="en">\n<head>\n${head}\n</head>\n<body>\n${options.body}\n</body>\n</html>\n`;
  return html.split(CHUNK);
}

/** `<script type="application/json" ATTR>`: data, not code, so a strict CSP allows it. */
export function jsonScript(attribute: string, value: unknown): string {
  // "<" escaped so a value holding "</script>" cannot end the element early.
  const json = JSON.stringify(value).replace(/</g, "\\u003c");
  return `<script type="application/json" ${attribute}>${json}</script>`;
}

export function sdkTag(tag: SdkTag): string {
  const attributes = [`src="${tag.src ?? SDK_PATH}"`];
  if (tag.mode === "async") attributes.push("async");
  if (tag.mode === "defer") attributes.push("defer");
  if (tag.rulesUrl !== undefined) attributes.push(`data-rules-url="${tag.rulesUrl}"`);
  if (tag.timeout !== undefined) attributes.push(`data-timeout="${tag.timeout}"`);
  if (tag.consent !== undefined) attributes.push(`data-consent="${tag.consent}"`);
  if (tag.dataLayer) attributes.push("data-datalayer");
  if (tag.debug) attributes.push("data-debug");
  if (tag.expose !== undefined) attributes.push(`data-expose="${tag.expose}"`);
  return `<script ${attributes.join(" ")}></script>`;
}

/**
 * A slot whose default copy the probes can see: the copy carries
 * `data-default` (frame probe) and `elementtiming` (Element Timing), both
 * named after the slot.
 */
export function slot(name: string, defaultText = `Default copy of ${name}`): string {
  return `<div data-slot="${name}"><h3 data-default elementtiming="${name}">${defaultText}</h3></div>`;
}

/** A page-authored variant: `<template data-slot-variant="ID">`. */
export function variantTemplate(id: string, html: string): string {
  return `<template data-slot-variant="${id}">${html}</template>`;
}

/** Headers of a page under the strict CSP of issue 3: no inline script or style, no eval. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'";

export const HTML_HEADERS = { "content-type": "text/html; charset=utf-8" } as const;
