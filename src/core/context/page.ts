/**
 * `page.*`: facts about the current location and where the visitor came from.
 * Pure: the URL and referrer are passed in (the DOM edge reads them from
 * `location` and `document.referrer`; a single-page app passes each route).
 */
import { MAX_URL_LENGTH } from "./limits.js";
import { parseQuery } from "./query.js";
import { truncate } from "./text.js";

/** The `page` part of the context. */
export interface PageFacts {
  /** The full address, without any `user:password@`, cut to 2,048 characters. */
  url: string;
  /** The path, percent-decoded except for reserved characters (`/caf%C3%A9` → `/café`, `%2F` stays). */
  path: string;
  /** The host name, lower-case, without port. */
  host: string;
  /** Query parameters (first value of a repeated key wins). */
  query: Record<string, string>;
  /** The referring address; absent when there is none. */
  referrer?: string;
  /** The referring host name; absent when there is no (valid) referrer. */
  referrerHost?: string;
}

/**
 * Builds `page.*` from an address and a referrer. Never throws: an address
 * that is not a valid absolute URL gives empty `path`, `host` and `query`.
 *
 * @example
 * pageFacts("https://shop.example/pricing?utm_source=mail", "https://www.google.com/");
 * // { url: "https://shop.example/pricing?utm_source=mail", path: "/pricing", host: "shop.example",
 * //   query: { utm_source: "mail" }, referrer: "https://www.google.com/", referrerHost: "www.google.com" }
 */
export function pageFacts(url: string, referrer?: string): PageFacts {
  const parsed = parseUrl(url);
  const page: PageFacts = parsed
    ? {
        url: truncate(stripCredentials(parsed), MAX_URL_LENGTH),
        path: truncate(decodePath(parsed.pathname), MAX_URL_LENGTH),
        host: parsed.hostname,
        query: parseQuery(parsed.search),
      }
    : { url: truncate(url, MAX_URL_LENGTH), path: "", host: "", query: {} };
  if (referrer) {
    const from = parseUrl(referrer);
    page.referrer = truncate(from ? stripCredentials(from) : referrer, MAX_URL_LENGTH);
    if (from?.hostname) page.referrerHost = from.hostname;
  }
  return page;
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function stripCredentials(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  return copy.href;
}

/** decodeURI leaves reserved characters (`%2F`, `%3F`, `%23`) encoded, so the path keeps its shape. */
function decodePath(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}

/** True when two addresses differ at most in their `#fragment` (not a route change). */
export function sameDocument(a: string, b: string): boolean {
  return withoutHash(a) === withoutHash(b);
}

function withoutHash(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}
