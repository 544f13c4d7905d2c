import { describe, expect, it } from "vitest";
import { pathsOverlap, slotDependencies } from "../src/core/slot-deps.js";
import { mergeHostFacts, type FactObject } from "../src/runtime/host-facts.js";
import type { ContextError } from "../src/runtime/context-types.js";
import type { GeoLookup } from "../src/runtime/geo.js";
import { MAX_EVENT_NAMES, VISIT_IDLE_MS } from "../src/runtime/visitor.js";

const MAX_CHANGED_PATHS = 50;
import { createMemoryStorage } from "./support/memory-storage.js";
import { createContextStore, type ContextStoreOptions } from "./support/context-store.js";
import { parseRuleSet } from "../src/authoring/parse.js";

const T0 = Date.UTC(2026, 2, 14, 9, 0);
const MINUTE = 60_000;

/** `count` keys `k0`, `k1`, … each set to `value`. */
function manyKeys(count: number, value: unknown): Record<string, unknown> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${i}`, value]));
}

/** The paths `set(patch)` names over the host facts `before`. */
function setPaths(before: Record<string, unknown>, patch: Record<string, unknown>, max?: number): string[] {
  return mergeHostFacts(before as FactObject, patch, max).paths;
}

describe("the paths set() names", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>, string[]]> = [
    ["names the deepest key that changed", { offers: { s7: "a", s8: "b" } }, { offers: { s7: "x" } }, ["offers.s7"]],
    ["names a key added inside an object", { offers: {} }, { offers: { s9: { on: true } } }, ["offers.s9"]],
    ["names a key removed inside an object", { geo: { country: "IN", city: "Pune" } }, { geo: { city: undefined } }, ["geo.city"]],
    ["names a fact that appeared by its own key", {}, { plan: { tier: "pro" } }, ["plan"]],
    ["names a fact that went away by its own key", { plan: { tier: "pro" } }, { plan: undefined }, ["plan"]],
    ["names the branch whose object became a scalar", { a: { b: { c: 1 } } }, { a: { b: 2 } }, ["a.b"]],
    ["compares arrays whole and names the array", { tags: ["a", "b"] }, { tags: ["a", "c"] }, ["tags"]],
    ["names an array that grew", { list: [{ n: 1 }] }, { list: [{ n: 1 }, { n: 2 }] }, ["list"]],
    ["finds nothing in equal values held by new objects", { a: { b: [1, { c: "x" }] } }, { a: { b: [1, { c: "x" }] } }, []],
    ["lists several branches in order", { a: { x: 1, y: 2 }, b: 1 }, { a: { x: 9, y: 2 }, b: 2, c: 3 }, ["a.x", "b", "c"]],
    ["compares a fact named like an Object.prototype member as a fact", { a: {} }, { a: { toString: "x" } }, ["a.toString"]],
    ["keeps a key that contains a dot whole", { offers: { "s.7": 1 } }, { offers: { "s.7": 2 } }, ["offers.s.7"]],
  ];
  it.each(cases)("%s", (_name, before, patch, expected) => {
    expect(setPaths(before, patch)).toEqual(expected);
  });

  it("names top-level keys instead when more paths than the limit changed", () => {
    const before = { offers: manyKeys(MAX_CHANGED_PATHS + 1, "off"), plan: "free", same: { a: 1 } };
    expect(setPaths(before, { offers: manyKeys(MAX_CHANGED_PATHS + 1, "on"), plan: "pro", same: { a: 1 } })).toEqual(["offers", "plan"]);
  });

  it("still names paths when exactly the limit changed", () => {
    const paths = setPaths({ offers: manyKeys(MAX_CHANGED_PATHS, "off") }, { offers: manyKeys(MAX_CHANGED_PATHS, "on") });
    expect(paths).toHaveLength(MAX_CHANGED_PATHS);
    expect(paths[0]).toBe("offers.k0");
  });

  it("takes a smaller limit", () => {
    expect(setPaths({ a: { x: 1, y: 1, z: 1 } }, { a: { x: 2, y: 2, z: 2 } }, 2)).toEqual(["a"]);
    expect(setPaths({ a: { x: 1, y: 1, z: 1 } }, { a: { x: 2, y: 2, z: 1 } }, 2)).toEqual(["a.x", "a.y"]);
  });
});

function setup(extra: Partial<ContextStoreOptions> = {}) {
  let now = T0;
  const errors: ContextError[] = [];
  const changes: string[][] = [];
  const store = createContextStore({
    url: "https://shop.example/?ref=home",
    storage: createMemoryStorage(),
    now: () => now,
    newId: () => "visitor-1",
    schedule: () => () => {},
    onError: (e) => errors.push(e),
    onChange: (paths) => changes.push(paths),
    ...extra,
  });
  return {
    store,
    errors,
    changes,
    later(ms: number) {
      now += ms;
    },
  };
}

describe("change notices of the store", () => {
  it("set() names only the key that changed, not its siblings", () => {
    const t = setup({ hostFacts: { offers: { s7: "off", s8: "off" } } });
    t.store.set({ offers: { s7: "on" } });
    expect(t.changes).toEqual([["offers.s7"]]);
  });

  it("set() that changes nothing sends no notice", () => {
    const t = setup({ hostFacts: { offers: { s7: "on" }, plan: "pro" } });
    t.store.set({ offers: { s7: "on" }, plan: "pro" });
    t.store.set({});
    expect(t.changes).toEqual([]);
  });

  it("set() names a key it removes", () => {
    const t = setup({ hostFacts: { offers: { s7: "on", s8: "on" } } });
    t.store.set({ offers: { s7: undefined } });
    expect(t.changes).toEqual([["offers.s7"]]);
  });

  it("set() of more keys than the limit names the top-level facts", () => {
    const t = setup({ hostFacts: { plan: "free", bulk: manyKeys(200, 0), calm: { a: 1 } } });
    t.store.set({ bulk: manyKeys(200, 1), plan: "pro", calm: { a: 1 } });
    expect(t.changes).toEqual([["plan", "bulk"]]);
  });

  it("track() of a new name names the event, the recent events and what the visit changed", () => {
    const t = setup();
    t.later(MINUTE);
    t.store.track("a");
    expect(t.changes).toEqual([["events.a", "recentEvents", "visitor"]]);
  });

  it("track() of a known name names the event, not every event", () => {
    const t = setup();
    t.store.track("a");
    t.later(MINUTE);
    t.store.track("a");
    const paths = t.changes.at(-1) ?? [];
    expect(paths).toEqual(["events.a", "recentEvents", "visitor"]);
    expect(paths).not.toContain("events.a.first");
    expect(paths).not.toContain("events");
  });

  it("track() names the event name it dropped to stay under the bound", () => {
    const t = setup();
    for (let i = 0; i < MAX_EVENT_NAMES; i++) {
      t.later(1);
      t.store.track(`e${i}`);
    }
    t.later(1);
    t.store.track("newest");
    expect(t.changes.at(-1)).toEqual(expect.arrayContaining(["events.newest", "events.e0"]));
    expect(t.store.facts().events).not.toHaveProperty("e0");
  });

  it("track() after a long pause names the new visit and the geo answer that stops counting", async () => {
    const lookup: GeoLookup = async () => ({ country: "IN", city: "Pune" });
    const t = setup({ geo: { lookup } });
    await t.store.settled();
    expect(t.changes).toEqual([["geo"]]);
    t.later(VISIT_IDLE_MS);
    t.store.track("a");
    expect(t.store.facts()).not.toHaveProperty("geo");
    expect(t.changes.at(-1)).toEqual(expect.arrayContaining(["visitor", "geo"]));
  });

  it("navigate() names the page and the visitor", () => {
    const t = setup();
    t.store.navigate("https://shop.example/pricing?ref=home");
    expect(t.changes).toEqual([["page", "visitor"]]);
  });

  it("navigate() to an address with a long query names the top-level facts", () => {
    const t = setup();
    const query = Object.keys(manyKeys(MAX_CHANGED_PATHS, 1)).map((key) => `${key}=1`).join("&");
    t.store.navigate(`https://shop.example/search?${query}`);
    expect(t.changes).toEqual([["page", "visitor"]]);
  });

  it("identify() with the id the visitor already has sends no notice", () => {
    const t = setup();
    t.store.identify("u1");
    t.store.identify("u1");
    expect(t.changes).toEqual([["user"]]);
  });

  it("granting consent with nothing stored sends no notice", () => {
    const t = setup({ consent: "pending" });
    t.store.setConsent("granted");
    expect(t.changes).toEqual([]);
  });

  it("forget() of a busy profile names the top-level facts", () => {
    const t = setup();
    for (let i = 0; i < MAX_CHANGED_PATHS; i++) t.store.track(`e${i}`);
    t.later(MINUTE);
    t.store.forget();
    expect(t.changes.at(-1)).toEqual(expect.arrayContaining(["visitor", "events", "recentEvents"]));
  });

  it("lets the runtime re-decide only the slot that reads the fact set()", () => {
    const parsed = parseRuleSet({
      version: 1,
      slots: {
        s7: [{ name: "On", when: { fact: "offers.s7", operator: "equal", value: "on" }, show: "Offer" }],
        s8: [{ name: "On", when: { fact: "offers.s8", operator: "equal", value: "on" }, show: "Offer" }],
        any: [{ name: "Some", when: { fact: "offers", operator: "exists", value: true }, show: "Offer" }],
      },
      variants: { Offer: { text: "Offer" } },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const deps = slotDependencies(parsed.value);
    const t = setup({ hostFacts: { offers: { s7: "off", s8: "off" } } });
    t.store.set({ offers: { s7: "on" } });
    const changed = t.changes[0] ?? [];
    const affected = [...deps].filter(([, used]) => used.some((path) => changed.some((c) => pathsOverlap(path, c)))).map(([slot]) => slot);
    expect(affected).toEqual(["s7", "any"]);
  });
});
