/**
 * Sanitizes HTML source without a DOM (edge workers, React on a server):
 * the same policy as the browser's sanitizer (./html-policy.ts), applied to
 * a small linear tokenizer's tags and text.
 *
 * Why it is safe even where this tokenizer reads markup differently from a
 * browser: the output is built from scratch, never copied. Every tag in it
 * is an allowlisted name we wrote ourselves, every attribute an allowlisted
 * name with a checked value inside double quotes (`"` `<` `>` escaped),
 * every text has `<` and `>` escaped, and every element we open we close.
 * So the output can only contain allowed elements and attributes, whatever
 * the input was; a misreading can cost fidelity (text kept or dropped
 * differently), never let markup through. Character references are left as
 * written: in text and in quoted values a browser decodes them to text.
 */
import { words } from "../runtime/util.js";
import { ALLOWED_ELEMENTS, DROPPED_ELEMENTS, keepAttribute, MAX_DEPTH, protectedRel } from "./html-policy.js";

/** Elements without an end tag. */
const VOID = /* @__PURE__ */ words("br hr img wbr");
/** Dropped elements whose content a browser reads as raw text, up to `</name`. */
const RAW_TEXT = /* @__PURE__ */ words("script style textarea title xmp iframe noembed noframes noscript");

const TAG_NAME = /[a-zA-Z][^\s/>]*/y;
const SPACE = /[\s/]*/y;
const ATTRIBUTE = /([^\s/>=]+)(?:\s*=\s*("[^"]*"?|'[^']*'?|[^\s>]*))?/y;

/**
 * @example
 * sanitizeHtmlString('<b onclick="steal()">Hi</b><script>x()</script>'); // "<b>Hi</b>"
 */
export function sanitizeHtmlString(html: string): string {
  let out = "";
  const open: string[] = [];
  /** The dropped element being skipped, and how deeply it is nested in itself. */
  let skipping: string | null = null;
  let skipDepth = 0;
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    const text = lt === -1 ? html.slice(i) : html.slice(i, lt);
    if (skipping === null) out += text.replace(/[<>]/g, escapeChar);
    if (lt === -1) break;
    i = lt;
    const next = html[i + 1] ?? "";
    if (html.startsWith("<!--", i)) {
      const close = html.indexOf("-->", i + 4);
      i = close === -1 ? html.length : close + 3;
      continue;
    }
    if (next === "!" || next === "?") {
      const close = html.indexOf(">", i);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    const closing = next === "/";
    TAG_NAME.lastIndex = i + (closing ? 2 : 1);
    const nameMatch = TAG_NAME.exec(html);
    if (!nameMatch) {
      // A "<" that starts no tag is text.
      if (skipping === null) out += "&lt;";
      i += 1;
      continue;
    }
    const tag = nameMatch[0].toLowerCase();
    const attributes: [string, string][] = [];
    let at = TAG_NAME.lastIndex;
    for (;;) {
      SPACE.lastIndex = at;
      SPACE.exec(html);
      at = SPACE.lastIndex;
      if (at >= html.length || html[at] === ">") {
        at += 1;
        break;
      }
      ATTRIBUTE.lastIndex = at;
      const attribute = ATTRIBUTE.exec(html);
      if (!attribute) {
        at += 1; // a stray "=" inside a tag: skipped
        continue;
      }
      at = ATTRIBUTE.lastIndex;
      attributes.push([attribute[1]!.toLowerCase(), unquote(attribute[2] ?? "")]);
    }
    i = at;

    if (skipping !== null) {
      if (tag === skipping) skipDepth += closing ? -1 : 1;
      if (skipDepth === 0) skipping = null;
      continue;
    }
    if (closing) {
      const index = open.lastIndexOf(tag);
      if (index !== -1) for (const name of open.splice(index).reverse()) out += `</${name}>`;
      continue;
    }
    if (tag === "plaintext") break; // everything after it is text of a dropped element
    if (RAW_TEXT.has(tag)) {
      i = rawTextEnd(html, i, tag);
      continue;
    }
    if (DROPPED_ELEMENTS.has(tag)) {
      (skipping = tag), (skipDepth = 1);
      continue;
    }
    if (!ALLOWED_ELEMENTS.has(tag) || open.length >= MAX_DEPTH) continue; // unwrapped: its content stays
    out += `<${tag}${attributesOf(tag, attributes)}>`;
    if (!VOID.has(tag)) open.push(tag);
  }
  for (const name of open.reverse()) out += `</${name}>`;
  return out;
}

/** Where the raw text of `tag` starting at `from` ends: after its `</tag…>`, or the end of the input. */
function rawTextEnd(html: string, from: number, tag: string): number {
  const end = new RegExp(`</${tag}[\\s/>]`, "ig");
  end.lastIndex = from;
  const match = end.exec(html);
  if (!match) return html.length;
  const close = html.indexOf(">", match.index);
  return close === -1 ? html.length : close + 1;
}

function attributesOf(tag: string, attributes: readonly [string, string][]): string {
  const kept = new Map<string, string>();
  for (const [name, value] of attributes) {
    // The first of a repeated attribute wins, as in a browser.
    const clean = kept.has(name) ? null : keepAttribute(tag, name, value);
    if (clean !== null) kept.set(name, clean);
  }
  if (tag === "a") {
    const rel = protectedRel(kept.get("target"), kept.get("rel"));
    if (rel !== null) kept.set("rel", rel);
  }
  let out = "";
  for (const [name, value] of kept) out += ` ${name}="${value.replace(/["<>]/g, escapeChar)}"`;
  return out;
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  return value.endsWith(quote) && value.length > 1 ? value.slice(1, -1) : value.slice(1);
}

const ESCAPES: Record<string, string> = { "<": "&lt;", ">": "&gt;", '"': "&quot;" };
const escapeChar = (char: string): string => ESCAPES[char]!;
