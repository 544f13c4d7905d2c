/**
 * The context an edge knows about a request, fact by fact (README "At the
 * edge"): `page.*` and `campaign.*` from the URL, `page.referrer` from the
 * Referer header, `device.*` from the user agent, Accept-Language and the
 * time zone, `time.*` on the visitor's clock, `geo.*` from Cloudflare's
 * `request.cf` or from headers another CDN sets, and the host's own facts
 * (cookies, headers) from a function the site gives. The same pure builders
 * as the browser's (src/runtime/), so both read a request alike.
 */
import { deviceFacts, timeFacts } from "../runtime/device.js";
import { pageFacts, touchFacts, touchFromQuery } from "../runtime/page.js";
import type { Context } from "../core/types.js";

/** Request headers that carry geo on CDNs other than Cloudflare (e.g. CloudFront's `cloudfront-viewer-city`). */
export interface GeoHeaders {
  country?: string;
  region?: string;
  city?: string;
  timezone?: string;
}

export interface RequestFactsOptions {
  /**
   * Facts the site keeps in cookies or headers, merged over the computed
   * ones (they are written into the page for the browser too).
   * @example (request) => ({ user: { type: cookie(request, "customer") } })
   */
  hostFacts?: (request: Request) => Context | undefined;
  /** Header names to read geo from when `request.cf` has none. */
  geoHeaders?: GeoHeaders;
  /** The clock. @default Date.now */
  now?: () => number;
}

interface CfProperties {
  country?: unknown;
  region?: unknown;
  city?: unknown;
  timezone?: unknown;
}

/** What the edge computes for `request`, and the part of it the browser cannot compute itself. */
export interface RequestFacts {
  facts: Context;
  /** `geo` and the host's facts: written into the page as `data-slotwise-context`. */
  forBrowser: Context;
}

export function requestFacts(request: Request, options: RequestFactsOptions = {}): RequestFacts {
  const now = (options.now ?? Date.now)();
  const header = (name: string | undefined): string | undefined => (name ? text(request.headers.get(name)) : undefined);
  const cf = ((request as { cf?: CfProperties }).cf ?? {}) as CfProperties;
  const geoHeaders = options.geoHeaders ?? {};
  const timezone = text(cf.timezone) ?? header(geoHeaders.timezone);
  const page = pageFacts(request.url, header("referer"));
  const facts: Context = {
    page,
    device: deviceFacts({ userAgent: header("user-agent") ?? "", language: firstLanguage(header("accept-language")), timezone }),
    time: timeFacts(now, timezone ?? "UTC"),
  };
  const touch = touchFromQuery(page.query, now);
  if (touch) facts.campaign = touchFacts(touch);

  const forBrowser: Context = {};
  const geo = compact({
    country: text(cf.country) ?? header(geoHeaders.country),
    region: text(cf.region) ?? header(geoHeaders.region),
    city: text(cf.city) ?? header(geoHeaders.city),
  });
  if (geo) forBrowser.geo = geo;
  const host = safeHostFacts(options.hostFacts, request);
  for (const key of Object.keys(host)) if (!COMPUTED.has(key)) forBrowser[key] = host[key];
  return { facts: { ...facts, ...forBrowser }, forBrowser };
}

/** Facts the browser computes itself: a host cannot set them there, so neither here. */
const COMPUTED = new Set(["page", "campaign", "firstTouch", "visitor", "device", "time", "events", "recentEvents"]);

function safeHostFacts(hostFacts: RequestFactsOptions["hostFacts"], request: Request): Context {
  try {
    const facts = hostFacts?.(request);
    return facts && typeof facts === "object" && !Array.isArray(facts) ? JSON.parse(JSON.stringify(facts)) : {};
  } catch {
    return {}; // a throwing or unserializable function gives no host facts; the page still renders
  }
}

function firstLanguage(header: string | undefined): string {
  return header?.split(",")[0]?.split(";")[0]?.trim() ?? "";
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? decodeMaybe(value.trim()) : undefined;
}

/** CDN headers percent-encode non-ASCII city names (`S%C3%A3o%20Paulo`). */
function decodeMaybe(value: string): string {
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

function compact(record: Record<string, string | undefined>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length > 0 ? out : undefined;
}
