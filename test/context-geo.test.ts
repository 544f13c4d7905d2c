import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { geoFromUrl, lookupGeo, readGeoAnswer, type FetchLike, type GeoLookup } from "../src/runtime/geo.js";
import { VISIT_IDLE_MS } from "../src/runtime/visitor.js";
import { createMemoryStorage, type MemoryStorage } from "./support/memory-storage.js";
import { createContextStore, type ContextStoreOptions } from "./support/context-store.js";
import { manualTimers } from "./support/manual-timers.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);

function counted(answer: () => Promise<unknown>) {
  const lookup = Object.assign(() => {
    lookup.calls++;
    return answer();
  }, { calls: 0 }) as GeoLookup & { calls: number };
  return lookup;
}

function setup(lookup: GeoLookup, extra: Partial<ContextStoreOptions> = {}, storage: MemoryStorage = createMemoryStorage(), at = T0) {
  const errors: ContextError[] = [];
  const changes: string[][] = [];
  const timers = manualTimers();
  const store = createContextStore({
    url: "https://shop.example/",
    storage,
    now: () => at,
    schedule: timers.schedule,
    geo: { lookup, timeoutMs: 500 },
    onError: (e) => errors.push(e),
    onChange: (paths) => changes.push(paths),
    ...extra,
  });
  return { store, errors, changes, timers, storage };
}

describe("geo adapter", () => {
  it("is off unless configured", async () => {
    const store = createContextStore({ url: "https://shop.example/", schedule: () => () => {} });
    await store.settled();
    expect(store.facts()).not.toHaveProperty("geo");
  });

  it("fills geo.* from the answer and names the change", async () => {
    const t = setup(counted(async () => ({ country: "IN", city: "Bangalore", ip: "203.0.113.9" })));
    await t.store.settled();
    expect(t.store.facts().geo).toEqual({ country: "IN", city: "Bangalore" });
    expect(t.changes).toEqual([["geo"]]);
  });

  it("asks once per visit: later page views of the visit use the cached answer", async () => {
    const lookup = counted(async () => ({ country: "IN", city: "Pune" }));
    const first = setup(lookup);
    await first.store.settled();
    first.store.flush();
    const second = setup(lookup, {}, first.storage, T0 + 60_000);
    await second.store.settled();
    expect(lookup.calls).toBe(1);
    expect(second.store.facts().geo).toEqual({ country: "IN", city: "Pune" });
    second.store.flush();

    const nextVisit = setup(lookup, {}, first.storage, T0 + 60_000 + VISIT_IDLE_MS);
    expect(nextVisit.store.facts()).not.toHaveProperty("geo");
    await nextVisit.store.settled();
    expect(lookup.calls).toBe(2);
  });

  it("gives up at the timeout, reports once, and ignores a late answer", async () => {
    let answer: (value: unknown) => void = () => {};
    const t = setup(counted(() => new Promise((resolve) => (answer = resolve))));
    t.timers.fire(500);
    await t.store.settled();
    answer({ country: "IN", city: "Late" });
    await Promise.resolve();
    expect(t.store.facts()).not.toHaveProperty("geo");
    expect(t.errors.map((e) => [e.code, e.message])).toEqual([["GEO_FAILED", "timeout"]]);
  });

  it.each([
    ["rejects", () => Promise.reject(new Error("offline"))],
    ["throws at once", () => {
      throw new Error("broken");
    }],
    ["answers nothing usable", async () => ({ country: 42, city: "" })],
  ])("keeps the host's geo when the adapter %s", async (_label, answer) => {
    const t = setup(answer as GeoLookup, { hostFacts: { geo: { country: "IN" } } });
    await t.store.settled();
    expect(t.store.facts().geo).toEqual({ country: "IN" });
    expect(t.errors.map((e) => e.code)).toEqual(["GEO_FAILED"]);
  });

  it("lets the host's geo win key by key", async () => {
    const t = setup(async () => ({ country: "IN", city: "Pune", region: "MH" }), { hostFacts: { geo: { city: "Mumbai" } } });
    await t.store.settled();
    expect(t.store.facts().geo).toEqual({ country: "IN", city: "Mumbai", region: "MH" });
  });

  it("does not ask when the host already gave country and city", async () => {
    const lookup = counted(async () => ({ country: "US" }));
    const t = setup(lookup, { hostFacts: { geo: { country: "IN", city: "Pune" } } });
    await t.store.settled();
    expect(lookup.calls).toBe(0);
  });

  it("does not ask without consent, and asks once it is granted", async () => {
    const lookup = counted(async () => ({ country: "IN" }));
    const t = setup(lookup, { consent: "pending" });
    await t.store.settled();
    expect(lookup.calls).toBe(0);
    t.store.setConsent("granted");
    await t.store.settled();
    expect(lookup.calls).toBe(1);
    expect(t.store.facts().geo).toEqual({ country: "IN" });
  });
});

describe("geoFromUrl", () => {
  it("GETs the URL without cookies and reads its JSON", async () => {
    const seen: Array<[string, unknown]> = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push([url, init]);
      return { ok: true, status: 200, json: async () => ({ country: "IN", city: "Chennai" }) };
    };
    const result = await lookupGeo(geoFromUrl("/geo.json", fetch), 1000, manualTimers().schedule);
    expect(result).toEqual({ ok: true, geo: { country: "IN", city: "Chennai" } });
    expect(seen).toEqual([["/geo.json", { credentials: "omit", headers: { accept: "application/json" } }]]);
  });

  it("fails on an HTTP error", async () => {
    const fetch: FetchLike = async () => ({ ok: false, status: 503, json: async () => ({}) });
    const result = await lookupGeo(geoFromUrl("/geo.json", fetch), 1000, manualTimers().schedule);
    expect(result).toMatchObject({ ok: false, message: "failed" });
    expect(String((result as { cause?: Error }).cause?.message)).toBe("503");
  });
});

describe("readGeoAnswer", () => {
  it("keeps trimmed, capped texts of country, region and city only", () => {
    const answer = JSON.parse(`{"country":" IN ","city":"${"x".repeat(300)}","lat":12.9,"__proto__":{"region":"Evil"}}`) as unknown;
    expect(readGeoAnswer(answer)).toEqual({ country: "IN", city: "x".repeat(100) });
    expect(readGeoAnswer("IN")).toBeNull();
    expect(readGeoAnswer(null)).toBeNull();
  });
});
