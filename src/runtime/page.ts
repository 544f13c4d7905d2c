/**
 * `page.*`, `page.query.*` and the campaign touch of an address (`campaign.*`,
 * `firstTouch.*`). Pure: the address and referrer are passed in. Bounds:
 * url/path/referrer 2,048 characters; 50 query keys of at most 64
 * characters, first value of a repeated key wins, values 256 characters;
 * campaign values 100 characters.
 */
import { bad, cut, iso, own } from "./util.js";

export interface PageFacts {
  url: string;
  path: string;
  host: string;
  query: Record<string, string>;
  referrer?: string;
  referrerHost?: string;
}

/** One campaign touch, as stored (`at` in epoch milliseconds). */
export interface Touch {
  source?: string;
  medium?: string;
  name?: string;
  term?: string;
  content?: string;
  clickId?: string;
  at: number;
}

export const MAX_URL_LENGTH = 2048;
export const MAX_QUERY_KEYS = 50;
export const MAX_QUERY_VALUE_LENGTH = 256;

/** `t` as a URL without user name and password, or null. */
function parse(t: string): URL | null {
  try {
    const u = new URL(t);
    u.username = u.password = "";
    return u;
  } catch {
    return null;
  }
}

/** `?a=1&b=2` as `{ a: "1", b: "2" }`, bounded. */
export function parseQuery(search: string): Record<string, string> {
  const q: Record<string, string> = {};
  let n = 0;
  for (const [k, v] of new URLSearchParams(search)) if (n < MAX_QUERY_KEYS && k && k.length <= 64 && !bad(k) && !own(q, k)) (q[k] = cut(v, MAX_QUERY_VALUE_LENGTH)), n++;
  return q;
}

/** `page.*` of an address and a referrer; never throws. */
export function pageFacts(url: string, referrer?: string): PageFacts {
  const u = parse(url);
  let path = u ? u.pathname : "";
  try {
    path = decodeURI(path);
  } catch {
    // kept encoded
  }
  const page: PageFacts = { url: cut(u ? u.href : url, MAX_URL_LENGTH), path: cut(path, MAX_URL_LENGTH), host: u ? u.hostname : "", query: u ? parseQuery(u.search) : {} };
  if (referrer) {
    const r = parse(referrer);
    page.referrer = cut(r ? r.href : referrer, MAX_URL_LENGTH);
    if (r && r.hostname) page.referrerHost = r.hostname;
  }
  return page;
}

/** True when two addresses differ at most in their `#fragment`. */
export const sameDocument = (a: string, b: string): boolean => a.split("#")[0] === b.split("#")[0];

/** A touch's fields; the query parameters that carry them, in the same order (the last three all click ids). */
export const TOUCH_FIELDS = "source medium name term content clickId";
const FIELDS = /* @__PURE__ */ TOUCH_FIELDS.split(" ");
const PARAMS = /* @__PURE__ */ "utm_source utm_medium utm_campaign utm_term utm_content gclid fbclid msclkid".split(" ");

/** The touch a page's query carries (a non-empty utm_* or click id), or null. */
export function touchFromQuery(query: Readonly<Record<string, string>>, now: number): Touch | null {
  let t: Record<string, unknown> | null = null;
  PARAMS.forEach((param, i) => {
    const v = own(query, param) ? cut(String(query[param]).trim(), 100) : "";
    if (v) (t ||= { at: now })[FIELDS[Math.min(i, 5)]!] ||= v;
  });
  return t;
}

/** A stored touch as facts (`at` as ISO 8601). */
export const touchFacts = (touch: Touch): Omit<Touch, "at"> & { at: string } => ({ ...touch, at: iso(touch.at) });
