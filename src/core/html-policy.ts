/**
 * The HTML policy both sanitizers apply (src/dom/sanitize.ts on DOM nodes,
 * ./sanitize-string.ts on source text): which elements and attributes stay,
 * which attribute values are acceptable, and which URLs are safe. No DOM.
 */

/** Elements kept (with allowed attributes): text formatting, headings, lists, links, images, tables. */
export const ALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  "a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code",
  "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer",
  "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "mark",
  "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub",
  "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
  "var", "wbr",
]);

/**
 * Elements removed together with everything inside them: code, styles, frames,
 * plugins, forms, media, foreign content and elements whose content the parser
 * treats as raw text. Any other unknown element is unwrapped instead.
 */
export const DROPPED_ELEMENTS: ReadonlySet<string> = new Set([
  "applet", "area", "audio", "base", "basefont", "button", "canvas", "datalist", "dialog", "embed",
  "fencedframe", "form", "frame", "frameset", "head", "iframe", "input", "keygen", "link", "map",
  "math", "meta", "noembed", "noframes", "noscript", "object", "optgroup", "option", "output",
  "param", "plaintext", "portal", "script", "select", "selectedcontent", "source", "style", "svg",
  "template", "textarea", "title", "track", "video", "xmp",
]);

/** Attributes kept on any allowed element. No `id` or `name` (they can clobber page globals), no `style`. */
export const GLOBAL_ATTRIBUTES: ReadonlySet<string> = new Set(["class", "title", "lang", "dir", "aria-label"]);

/** Attributes kept on particular elements. */
export const ELEMENT_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  a: new Set(["href", "target", "rel", "hreflang"]),
  img: new Set(["src", "alt", "width", "height", "loading"]),
  td: new Set(["colspan", "rowspan"]),
  th: new Set(["colspan", "rowspan", "scope"]),
  ol: new Set(["start", "reversed", "type"]),
  li: new Set(["value"]),
  time: new Set(["datetime"]),
  del: new Set(["datetime"]),
  ins: new Set(["datetime"]),
  details: new Set(["open"]),
};

/** URL schemes allowed in `href` and `src`; relative URLs are allowed too. */
export const SAFE_URL_SCHEMES: ReadonlySet<string> = new Set(["http", "https", "mailto", "tel"]);

/** Attributes whose value is a URL, checked with `isSafeUrl`. */
export const URL_ATTRIBUTES: ReadonlySet<string> = new Set(["href", "src"]);

/** Deeper content is dropped: real content is a few levels deep, and recursion stays bounded. */
export const MAX_DEPTH = 100;

/** True when `name` (lowercase) may stay on a `tag` element. */
export function allowedAttribute(tag: string, name: string): boolean {
  return GLOBAL_ATTRIBUTES.has(name) || ELEMENT_ATTRIBUTES[tag]?.has(name) === true;
}

/**
 * The `rel` a link must have: a link that opens a new window gets
 * `noopener noreferrer`, so the opened page cannot reach back through
 * `window.opener`. `null` when `rel` stays as it is.
 */
export function protectedRel(target: string | null, rel: string | null): string | null {
  if (target !== "_blank") return null;
  const tokens = new Set((rel ?? "").split(/\s+/).filter(Boolean));
  tokens.add("noopener");
  tokens.add("noreferrer");
  return [...tokens].join(" ");
}

/** The value to keep for an allowed attribute, or `null` to drop the attribute. */
export function cleanAttributeValue(name: string, value: string): string | null {
  switch (name) {
    case "href":
    case "src":
      return isSafeUrl(value) ? value : null;
    case "target":
      return /^_(?:blank|self)$/i.test(value) ? value.toLowerCase() : null;
    case "rel":
      return value
        .split(/\s+/)
        .filter((token) => /^[a-z-]+$/i.test(token))
        .join(" ");
    case "dir":
      return /^(?:ltr|rtl|auto)$/i.test(value) ? value : null;
    case "loading":
      return /^(?:lazy|eager)$/i.test(value) ? value : null;
    case "scope":
      return /^(?:row|col|rowgroup|colgroup)$/i.test(value) ? value : null;
    case "type":
      return /^[1aAiI]$/.test(value) ? value : null;
    case "width":
    case "height":
    case "colspan":
    case "rowspan":
    case "start":
    case "value":
      return /^-?\d{1,6}$/.test(value.trim()) ? value.trim() : null;
    case "reversed":
    case "open":
      return "";
    default:
      return value;
  }
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
  const compact = decodeCharacterReferences(value).replace(IGNORED_IN_URL, "");
  const colon = compact.indexOf(":");
  const boundary = compact.search(/[/\\?#]/);
  const head = boundary === -1 ? compact : compact.slice(0, boundary);
  // A character reference we could not decode could hide a colon.
  if (/&[a-z0-9#]/i.test(head)) return false;
  if (colon === -1 || (boundary !== -1 && boundary < colon)) return true;
  return SAFE_URL_SCHEMES.has(compact.slice(0, colon).toLowerCase());
}

// C0 controls, space, DEL, C1 controls and Unicode spaces / format characters.
const IGNORED_IN_URL = /[\u0000-\u0020\u007F-\u00A0\u1680\u180E\u2000-\u200F\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF]/g;

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  colon: ":",
  tab: "\t",
  newline: "\n",
  nbsp: "\u00A0",
  sol: "/",
  bsol: "\\",
  quest: "?",
  num: "#",
  amp: "&",
  lpar: "(",
  rpar: ")",
  period: ".",
};

/**
 * Decodes numeric character references and the named ones that matter in a
 * URL scheme, repeatedly (a value may be decoded again on its way to the page).
 */
function decodeCharacterReferences(value: string): string {
  let current = value;
  for (let round = 0; round < 5 && current.includes("&"); round += 1) {
    const next = current
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#([0-9]+);?/g, (_, decimal: string) => fromCodePoint(Number.parseInt(decimal, 10)))
      .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED_REFERENCES[name.toLowerCase()] ?? whole);
    if (next === current) break;
    current = next;
  }
  return current;
}

function fromCodePoint(code: number): string {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\uFFFD";
}
