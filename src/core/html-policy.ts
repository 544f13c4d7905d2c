/**
 * The HTML policy both sanitizers apply (src/dom/sanitize.ts on DOM nodes,
 * ./sanitize-string.ts on source text): which elements and attributes stay,
 * which attribute values are acceptable, and which URLs are safe. No DOM.
 * Lists are space-separated strings split once (fewer bytes than arrays).
 */
import { own, words } from "../runtime/util.js";

/** Elements kept (with allowed attributes): text formatting, headings, lists, links, images, tables. */
export const ALLOWED_ELEMENTS = /* @__PURE__ */ words(
  "a abbr article aside b bdi bdo blockquote br caption cite code dd del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nav ol p pre q s samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr",
);

/**
 * Elements removed together with everything inside them: code, styles, frames,
 * plugins, forms, media, foreign content and elements whose content the parser
 * treats as raw text. Any other unknown element is unwrapped instead.
 */
export const DROPPED_ELEMENTS = /* @__PURE__ */ words(
  "applet area audio base basefont button canvas datalist dialog embed fencedframe form frame frameset head iframe input keygen link map math meta noembed noframes noscript object optgroup option output param plaintext portal script select selectedcontent source style svg template textarea title track video xmp",
);

/**
 * Attributes kept: on any allowed element (no `id` or `name`, they can clobber
 * page globals; no `style`), or as `tag/name` on one element.
 */
const ATTRIBUTES = /* @__PURE__ */ words(
  "class title lang dir aria-label a/href a/target a/rel a/hreflang img/src img/alt img/width img/height img/loading td/colspan td/rowspan th/colspan th/rowspan th/scope ol/start ol/reversed ol/type li/value time/datetime del/datetime ins/datetime details/open",
);

/** Attributes whose value is a URL, checked with `isSafeUrl`. */
export const URL_ATTRIBUTES = /* @__PURE__ */ words("href src");

/**
 * Deeper content is dropped (`removed` lists `depth`): real content is a few
 * levels deep, and the work stays linear on any input.
 */
export const MAX_DEPTH = 100;

/** True when `name` (lowercase) may stay on a `tag` element. */
export const allowedAttribute = (tag: string, name: string): boolean => ATTRIBUTES.has(name) || ATTRIBUTES.has(tag + "/" + name);

/**
 * The `rel` a link must have: a link that opens a new window gets
 * `noopener noreferrer`, so the opened page cannot reach back through
 * `window.opener`. `null` when `rel` stays as it is.
 */
export function protectedRel(target: string | null, rel: string | null): string | null {
  return target === "_blank" ? [...new Set(`${rel ?? ""} noopener noreferrer`.split(/\s+/).filter(Boolean))].join(" ") : null;
}

const ENUMS: Record<string, RegExp> = {
  dir: /^(ltr|rtl|auto)$/i,
  loading: /^(lazy|eager)$/i,
  scope: /^(row|col|rowgroup|colgroup)$/i,
  type: /^[1aAiI]$/,
};
const NUMBERS = /* @__PURE__ */ words("width height colspan rowspan start value");

/** The value to keep for an allowed attribute, or `null` to drop the attribute. */
export function cleanAttributeValue(name: string, value: string): string | null {
  if (URL_ATTRIBUTES.has(name)) return isSafeUrl(value) ? value : null;
  if (name === "target") return /^_(blank|self)$/i.test(value) ? value.toLowerCase() : null;
  if (name === "rel") return value.split(/\s+/).filter((token) => /^[a-z-]+$/i.test(token)).join(" ");
  if (name === "reversed" || name === "open") return "";
  if (NUMBERS.has(name)) return /^-?\d{1,6}$/.test((value = value.trim())) ? value : null;
  const pattern = ENUMS[name];
  return !pattern || pattern.test(value) ? value : null;
}

/**
 * True when a URL may go into `href` or `src`: http, https, mailto, tel, or a
 * relative URL. Entities are decoded and control characters and whitespace
 * removed first (browsers ignore them inside a scheme), so
 * `java&#x09;script:`, ` javascript:` and `JaVaScRiPt:` all fail. When in
 * doubt it refuses: any colon before the first `/`, `\`, `?` or `#` must end
 * one of the allowed schemes.
 *
 * @example
 * isSafeUrl("/pricing?plan=pro"); // true
 * isSafeUrl("java\tscript:alert(1)"); // false
 */
export function isSafeUrl(value: string): boolean {
  // Decoded repeatedly (a value may be decoded again on its way to the page).
  for (let round = 0, next; round < 5; round++, value = next) {
    next = value
      .replace(/&#(?:x([0-9a-f]+)|(\d+));?/gi, (_, hex?: string, digits?: string) => {
        const code = hex ? parseInt(hex, 16) : +digits!;
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : "\uFFFD";
      })
      .replace(/&([a-z]+);/gi, (whole, name: string) => (own(NAMED, (name = name.toLowerCase())) ? NAMED[name]! : whole));
    if (next === value) break;
  }
  // C0 controls, space, DEL, C1 controls and Unicode spaces / format characters.
  const compact = value.replace(/[\0-\x20\x7F-\xA0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]/g, "");
  const colon = compact.indexOf(":");
  const boundary = compact.search(/[/\\?#]/);
  // A character reference we could not decode could hide a colon.
  if (/&[a-z0-9#]/i.test(boundary < 0 ? compact : compact.slice(0, boundary))) return false;
  return colon < 0 || (boundary >= 0 && boundary < colon) || /^(https?|mailto|tel)$/i.test(compact.slice(0, colon));
}

/** The named references that matter in a URL scheme. */
const NAMED: Record<string, string> = { colon: ":", tab: "\t", newline: "\n", nbsp: "\xA0", sol: "/", bsol: "\\", quest: "?", num: "#", amp: "&", lpar: "(", rpar: ")", period: "." };
