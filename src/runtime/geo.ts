/**
 * The geo adapter: a function the host gives (or `geoFromUrl`), run only
 * with consent, given up after a timeout; its answer counts for the visit.
 */
import type { Kernel, Schedule } from "./context-types.js";
import { cut, isObj } from "./util.js";

export interface GeoFacts {
  country?: string;
  region?: string;
  city?: string;
}
export type GeoLookup = () => Promise<unknown>;
export type FetchLike = (url: string, init: { credentials: "omit"; headers: Record<string, string> }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
export type GeoResult = { ok: true; geo: GeoFacts } | { ok: false; message: string; cause?: unknown };

export const DEFAULT_GEO_TIMEOUT_MS = 1500;

/** A lookup that GETs `url` without cookies and reads its JSON. */
export const geoFromUrl = (url: string, fetch: FetchLike): GeoLookup => async () => {
  const r = await fetch(url, { credentials: "omit", headers: { accept: "application/json" } });
  if (!r.ok) throw new Error(`${r.status}`);
  return r.json();
};

/** `lookup` within `timeoutMs`; never rejects. `message`: `timeout`, `failed` or `empty`. */
export const lookupGeo = (lookup: GeoLookup, timeoutMs: number, schedule: Schedule): Promise<GeoResult> =>
  new Promise((resolve) => {
    // A promise settles once: the later of the answer and the timeout is ignored.
    const cancel = schedule(() => resolve({ ok: false, message: "timeout" }), timeoutMs);
    new Promise((r) => r(lookup()))
      .then(
        (v): GeoResult => {
          const geo = readGeoAnswer(v);
          return geo ? { ok: true, geo } : { ok: false, message: "empty" };
        },
        (cause): GeoResult => ({ ok: false, message: "failed", cause }),
      )
      .then((r) => (cancel(), resolve(r)));
  });

/** The trimmed, capped `country`/`region`/`city` texts of an answer, or null. */
export function readGeoAnswer(v: unknown): GeoFacts | null {
  const geo: Record<string, string> = {};
  let n = 0;
  if (isObj(v)) for (const k of ["country", "region", "city"]) if (typeof v[k] === "string" && (v[k] as string).trim()) (geo[k] = cut((v[k] as string).trim(), 100)), n++;
  return n ? geo : null;
}

/** Asks the store's geo adapter (src/later/): with consent, once per visit, unless the host gave country and city. */
export function askGeo(s: Kernel): void {
  const g = s.o.geo!;
  const p = s.profiles[0]!;
  const hg = s.host.geo;
  if (s.consent !== "granted" || s.geoRun || (p.geo && p.geo.visit === p.visitor.visits) || (isObj(hg) && typeof hg.country === "string" && typeof hg.city === "string")) return;
  s.geoRun = lookupGeo(g.lookup, g.timeoutMs ?? DEFAULT_GEO_TIMEOUT_MS, s.schedule).then((r) => {
    if (!r.ok) return s.report({ code: "GEO_FAILED", message: r.message, cause: r.cause });
    const t = s.profiles[0]!;
    t.geo = { ...r.geo, visit: t.visitor.visits };
    s.changed();
    s.notify(["geo"]);
  });
}
