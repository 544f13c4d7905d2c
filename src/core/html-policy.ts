/**
 * The HTML policy both sanitizers apply (src/dom/render.ts on DOM nodes,
 * ./sanitize-string.ts on source text): which elements and attributes stay,
 * which attribute values are acceptable, and which URLs are safe. No DOM.
 * Lists are space-separated strings split once (fewer bytes than arrays).
 */
import { words } from "../runtime/util.js";

/** Elements kept (with allowed attributes): text formatting, headings, lists, links, images, tables. */
export const ALLOWED_ELEMENTS = /* @__PURE__ */ words(
  "a abbr article aside b bdi bdo blockquote br caption cite code dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nav ol p pre q s samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr",
);

/**
 * Elements removed together with everything inside them: code, styles, frames,
 * plugins, forms, media, foreign content and elements whose content the parser
 * treats as raw text. Any other unknown element is unwrapped instead (void
 * ones such as `input`, `link` or `meta` have nothing to keep).
 */
export const DROPPED_ELEMENTS = /* @__PURE__ */ words(
  "applet audio button canvas datalist dialog fencedframe form frameset head iframe map math noembed noframes noscript object optgroup option output plaintext portal script select selectedcontent style svg template textarea title video xmp",
);

/**
 * Attributes kept: on any allowed element (no `id` or `name`, they can clobber
 * page globals; no `style`), or as `tag/name` on one element.
 */
const ATTRIBUTES = /* @__PURE__ */ words(
  "class title lang dir aria-label a/href a/target a/rel a/hreflang img/src img/alt img/width img/height img/loading td/colspan td/rowspan th/colspan th/rowspan th/scope ol/start ol/reversed ol/type li/value time/datetime del/datetime ins/datetime details/open",
);

/**
 * Deeper content is dropped: real content is a few levels deep, and the work
 * stays linear on any input.
 */
export const MAX_DEPTH = 100;

const NUMBER = /^-?\d{1,6}$/;
/** Attributes whose (trimmed) value must match. */
const CHECKS: Record<string, RegExp> = {
  dir: /^(ltr|rtl|auto)$/i,
  loading: /^(lazy|eager)$/i,
  scope: /^(row|col)(group)?$/i,
  type: /^[1aAiI]$/,
  target: /^_(blank|self)$/i,
  width: NUMBER,
  height: NUMBER,
  colspan: NUMBER,
  rowspan: NUMBER,
  start: NUMBER,
  value: NUMBER,
};

/**
 * The value to keep for attribute `name` (lowercase) on a `tag` element, or
 * `null` to drop the attribute: not allowed there, or a value that fails its check.
 */
export function keepAttribute(tag: string, name: string, value: string): string | null {
  if (!ATTRIBUTES.has(name) && !ATTRIBUTES.has(tag + "/" + name)) return null;
  if (name == "href" || name == "src") return isSafeUrl(value) ? value : null;
  if (name == "rel") return value.split(/\s+/).filter((token) => /^[a-z-]+$/i.test(token)).join(" ");
  if (name == "reversed" || name == "open") return "";
  const check = CHECKS[name];
  return !check ? value : check.test((value = value.trim())) ? (name == "target" ? value.toLowerCase() : value) : null;
}

/**
 * The `rel` a link must have: a link that opens a new window gets
 * `noopener noreferrer`, so the opened page cannot reach back through
 * `window.opener`. `null` when `rel` stays as it is.
 */
export const protectedRel = (target: string | null | undefined, rel: string | null | undefined): string | null =>
  target == "_blank" ? [...new Set(`${rel ?? ""} noopener noreferrer`.split(" ").filter(Boolean))].join(" ") : null;

/**
 * True when a URL may go into `href` or `src`: http, https, mailto, tel, or a
 * relative URL. Control characters and whitespace are removed first (browsers
 * ignore them inside a scheme), so ` javascript:`, `java\tscript:` and
 * `JaVaScRiPt:` all fail. When in doubt it refuses: any colon before the first
 * `/`, `\`, `?` or `#` must end one of the allowed schemes, and an `&` there
 * (a character reference such as `java&#x09;script:` or `javascript&colon;`;
 * a value may be decoded again on its way to the page) is refused, not decoded.
 *
 * @example
 * isSafeUrl("/pricing?plan=pro"); // true
 * isSafeUrl("java\tscript:alert(1)"); // false
 */
export function isSafeUrl(value: string): boolean {
  // C0 controls, space, DEL, C1 controls and Unicode spaces / format characters; then what comes before the path.
  const head = value.replace(/[\0-\x20\x7F-\xA0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]/g, "").split(/[/\\?#]/)[0]!;
  return !head.includes("&") && (!head.includes(":") || /^(https?|mailto|tel):/i.test(head));
}
