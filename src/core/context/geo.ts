/**
 * The geo adapter: where `geo.country` / `geo.city` come from when the host
 * page does not give them. Off unless configured. The lookup is a function
 * the host provides (or `geoFromUrl(url, fetch)`), so the core never touches
 * the network itself; it runs only with consent, gives up after a timeout,
 * and its answer is cached for the rest of the visit.
 */
import { MAX_GEO_VALUE_LENGTH } from "./limits.js";
import type { Schedule } from "./ports.js";
import { isPlainObject } from "./safe-keys.js";
import { truncate } from "./text.js";

/** What a geo adapter answers. Other keys of the answer are ignored. */
export interface GeoFacts {
  country?: string;
  region?: string;
  city?: string;
}

/** A geo adapter: answers `{ country, city }` (and optionally `region`) for this visitor. */
export type GeoLookup = () => Promise<unknown>;

/** The part of `fetch` that `geoFromUrl` uses. */
export type FetchLike = (
  url: string,
  init: { credentials: "omit"; headers: Record<string, string> },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** What `lookupGeo` resolves with. */
export type GeoResult = { ok: true; geo: GeoFacts } | { ok: false; message: string; cause?: unknown };

/**
 * A geo adapter that GETs `url` (without cookies) and reads its JSON answer.
 *
 * @example
 * const lookup = geoFromUrl("/geo.json", (url, init) => fetch(url, init));
 */
export function geoFromUrl(url: string, fetch: FetchLike): GeoLookup {
  return async () => {
    const response = await fetch(url, { credentials: "omit", headers: { accept: "application/json" } });
    if (!response.ok) throw new Error(`the geo URL ${url} answered ${response.status}`);
    return response.json();
  };
}

/**
 * Runs `lookup` with a timeout. Never rejects: a failure, a timeout or an
 * answer without a usable `country` / `region` / `city` text comes back as
 * `{ ok: false, message }`.
 */
export function lookupGeo(lookup: GeoLookup, timeoutMs: number, schedule: Schedule): Promise<GeoResult> {
  return new Promise((resolve) => {
    let done = false;
    let cancel = (): void => {};
    const finish = (result: GeoResult): void => {
      if (done) return;
      done = true;
      cancel();
      resolve(result);
    };
    cancel = schedule(() => finish({ ok: false, message: `the geo adapter did not answer within ${timeoutMs} ms` }), timeoutMs);
    let answer: Promise<unknown>;
    try {
      answer = Promise.resolve(lookup());
    } catch (error) {
      finish({ ok: false, message: "the geo adapter failed", cause: error });
      return;
    }
    answer.then(
      (value) => {
        const geo = readGeoAnswer(value);
        finish(geo ? { ok: true, geo } : { ok: false, message: "the geo adapter answered without a country, region or city" });
      },
      (error: unknown) => finish({ ok: false, message: "the geo adapter failed", cause: error }),
    );
  });
}

/** The usable part of an answer, or `null` when it has none. */
export function readGeoAnswer(value: unknown): GeoFacts | null {
  if (!isPlainObject(value)) return null;
  const geo: GeoFacts = {};
  for (const key of ["country", "region", "city"] as const) {
    const field = value[key];
    if (typeof field === "string" && field.trim() !== "") geo[key] = truncate(field.trim(), MAX_GEO_VALUE_LENGTH);
  }
  return Object.keys(geo).length > 0 ? geo : null;
}
