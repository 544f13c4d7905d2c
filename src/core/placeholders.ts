/**
 * `{{path}}` and `{{path | "fallback"}}` in variant content: parsing and
 * filling from a context. Pure string work, shared by the DOM renderer, SSR
 * and email rendering.
 *
 * A placeholder always yields text. The DOM renderer fills text nodes and a
 * few attribute values after the HTML was parsed, so a context value can
 * never become markup there; string renderers pass `escape: escapeHtml`.
 */
import { resolveFactPath } from "./path.js";

/** A piece of a template: literal text or a placeholder. */
export type TemplatePart =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "placeholder";
      /** The dotted context path, e.g. `user.firstName`. */
      readonly path: string;
      /** The text used when the path has no usable value; `undefined` means empty text. */
      readonly fallback: string | undefined;
      /** The placeholder exactly as written, e.g. `{{ user.firstName | "friend" }}`. */
      readonly source: string;
    };

export interface FillOptions {
  /**
   * Applied to each filled-in value (and fallback), never to the literal
   * text around it. Pass `escapeHtml` when the result is HTML source.
   * @default identity (plain text)
   */
  escape?: (text: string) => string;
}

// Path keys as in FACT_PATH_PATTERN (schema.ts); a fallback is a double- or
// single-quoted string in which a backslash escapes the next character.
// Alternatives are disjoint, so matching stays linear on any input.
const PLACEHOLDER =
  /\{\{\s*([A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*)\s*(?:\|\s*("(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')\s*)?\}\}/g;

const unquote = (quoted?: string): string | undefined => quoted && quoted.slice(1, -1).replace(/\\([\s\S])/g, "$1");

/** The context paths of the well-formed placeholders in `text`, in order. */
export const placeholderPaths = (text: string): string[] => Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]!);

/**
 * Splits a template into literal text and placeholders. Anything between
 * `{{` and `}}` that is not a well-formed placeholder (`{{ not a path }}`,
 * `{{a | fallback without quotes}}`) stays literal text.
 *
 * @example
 * parsePlaceholders('Hi {{user.firstName | "friend"}}!');
 * // [{ kind: "text", text: "Hi " }, { kind: "placeholder", path: "user.firstName", fallback: "friend", ... }, { kind: "text", text: "!" }]
 */
export function parsePlaceholders(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const index = match.index!;
    if (index > last) parts.push({ kind: "text", text: template.slice(last, index) });
    parts.push({ kind: "placeholder", path: match[1]!, fallback: unquote(match[2]), source: match[0] });
    last = index + match[0].length;
  }
  if (last < template.length) parts.push({ kind: "text", text: template.slice(last) });
  return parts;
}

/** True when the text has at least one well-formed placeholder. */
export const hasPlaceholders = (template: string): boolean => placeholderPaths(template).length > 0;

/**
 * Replaces every placeholder with its context value as text.
 *
 * A value is used when it is a non-blank string, a finite number, a boolean or
 * a bigint. Anything else (missing, `null`, blank text, an object, a list, NaN)
 * counts as missing and gives the fallback, or empty text without one.
 *
 * @example
 * fillPlaceholders('Hi {{user.firstName | "friend"}}', { user: {} }); // "Hi friend"
 * fillPlaceholders("<b>{{q}}</b>", { q: "<script>" }, { escape: escapeHtml }); // "<b>&lt;script&gt;</b>"
 */
export const fillPlaceholders = (template: string, context: unknown, { escape = String }: FillOptions = {}): string =>
  template.replace(PLACEHOLDER, (_, path: string, quoted?: string) => escape(placeholderText(path, unquote(quoted), context)));

/** The text one placeholder stands for in `context`. */
export function placeholderText(path: string, fallback: string | undefined, context: unknown): string {
  const value = resolveFactPath(context, path);
  const type = typeof value;
  // Objects and lists would print as "[object Object]" or a comma jumble.
  return (type == "string" ? (value as string).trim() && (value as string) : type == "number" ? isFinite(value as number) && "" + value : /^(boolean|bigint)$/.test(type) && "" + value) || fallback || "";
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML content and quoted attribute values: `& < > " '`.
 *
 * @example
 * escapeHtml(`<a href="x">Tom & 'Jerry'</a>`); // "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
 */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
