import { describe, expect, it } from "vitest";
import type { ContextError } from "../src/runtime/context-types.js";
import { mergeHostFacts, RESERVED_FACTS } from "../src/runtime/host-facts.js";
import { createContextStore } from "./support/context-store.js";

describe("mergeHostFacts", () => {
  it("merges plain objects deeply and replaces everything else", () => {
    const first = mergeHostFacts({}, { geo: { country: "IN" }, tags: ["a", "b"], plan: "free" });
    const second = mergeHostFacts(first.facts, { geo: { city: "Bangalore" }, tags: ["c"], plan: "pro" });
    expect(second.facts).toEqual({ geo: { country: "IN", city: "Bangalore" }, tags: ["c"], plan: "pro" });
    expect(second.changed).toEqual(["geo", "tags", "plan"]);
  });

  it("removes a key set to undefined", () => {
    const { facts } = mergeHostFacts({ geo: { country: "IN", city: "Pune" } }, { geo: { city: undefined } });
    expect(facts).toEqual({ geo: { country: "IN" } });
  });

  it("reports no change when the same values are set again", () => {
    expect(mergeHostFacts({ geo: { city: "Pune" } }, { geo: { city: "Pune" } }).changed).toEqual([]);
  });

  it("refuses the computed facts", () => {
    const patch = Object.fromEntries(RESERVED_FACTS.map((key) => [key, { hacked: true }]));
    const result = mergeHostFacts({}, { ...patch, geo: { city: "Pune" } });
    expect(result.reserved).toEqual([...RESERVED_FACTS]);
    expect(result.facts).toEqual({ geo: { city: "Pune" } });
  });

  it("drops __proto__, constructor and prototype at any depth and leaves Object.prototype alone", () => {
    const patch = JSON.parse('{"__proto__":{"polluted":1},"user":{"__proto__":{"polluted":2},"constructor":{"prototype":{"polluted":3}},"name":"Ann"}}') as Record<string, unknown>;
    const result = mergeHostFacts({}, patch);
    expect(result.facts).toEqual({ user: { name: "Ann" } });
    expect(result.dropped).toEqual(["__proto__", "user.__proto__", "user.constructor"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.facts.user)).toBe(Object.prototype);
  });

  it("keeps JSON-like data only: dates become ISO texts, the rest is dropped and named", () => {
    class Thing {}
    const result = mergeHostFacts({}, {
      user: { since: new Date(Date.UTC(2025, 0, 2)), score: Number.NaN, fn: () => 1, thing: new Thing(), big: 10n, ok: [1, "two", null, false] },
    });
    expect(result.facts).toEqual({ user: { since: "2025-01-02T00:00:00.000Z", ok: [1, "two", null, false] } });
    expect(result.dropped).toEqual(["user.score", "user.fn", "user.thing", "user.big"]);
  });

  it("cuts nesting deeper than 8 levels and survives a cycle", () => {
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    const result = mergeHostFacts({}, { cyclic });
    let depth = 0;
    let node: unknown = result.facts.cyclic;
    while (node && typeof node === "object" && "self" in node) {
      node = (node as Record<string, unknown>).self;
      depth++;
    }
    expect(depth).toBeLessThan(9);
    expect(result.dropped.length).toBeGreaterThan(0);
  });

  it("ignores a patch that is not an object", () => {
    expect(mergeHostFacts({ a: 1 }, "nonsense").facts).toEqual({ a: 1 });
    expect(mergeHostFacts({ a: 1 }, [1, 2]).facts).toEqual({ a: 1 });
  });
});

describe("host facts in the store", () => {
  function setup(hostFacts?: Record<string, unknown>) {
    const errors: ContextError[] = [];
    const changes: string[][] = [];
    const store = createContextStore({
      url: "https://shop.example/",
      now: () => Date.UTC(2026, 2, 14, 9, 0),
      schedule: () => () => {},
      ...(hostFacts ? { hostFacts } : {}),
      onError: (e) => errors.push(e),
      onChange: (paths) => changes.push(paths),
    });
    return { store, errors, changes };
  }

  it("starts with the inline host facts", () => {
    const { store } = setup({ geo: { city: "Bangalore" }, user: { type: "repeat_customer" }, abTest: "B" });
    expect(store.facts()).toMatchObject({ geo: { city: "Bangalore" }, user: { type: "repeat_customer" }, abTest: "B" });
  });

  it("set() merges and names the deepest facts that changed", () => {
    const { store, changes } = setup({ geo: { country: "IN" } });
    store.set({ geo: { city: "Bangalore" }, plan: "pro" });
    expect(store.facts()).toMatchObject({ geo: { country: "IN", city: "Bangalore" }, plan: "pro" });
    expect(changes).toEqual([["geo.city", "plan"]]);
  });

  it("set() of a computed fact is refused and reported; the rest is applied", () => {
    const { store, errors } = setup();
    store.set({ visitor: { type: "returning" }, events: {}, user: { type: "vip" } });
    expect(store.facts()).toMatchObject({ visitor: { type: "new" }, user: { type: "vip" } });
    expect(errors.map((e) => [e.code, e.message, e.cause])).toEqual([["BAD_INPUT", "set", { reserved: ["visitor", "events"], dropped: [] }]]);
  });

  it("set() with getters that throw changes nothing and does not throw", () => {
    const { store, errors } = setup({ a: 1 });
    const hostile = Object.defineProperty({}, "boom", { enumerable: true, get: () => { throw new Error("nope"); } });
    expect(() => store.set(hostile)).not.toThrow();
    expect(store.facts()).toMatchObject({ a: 1 });
    expect(errors[0]?.code).toBe("BAD_INPUT");
  });

  it("gives a fresh snapshot each time, so changing one does not change the store", () => {
    const { store } = setup({ geo: { city: "Pune" } });
    const facts = store.facts() as { geo: { city: string } };
    facts.geo.city = "Mumbai";
    expect(store.facts()).toMatchObject({ geo: { city: "Pune" } });
  });
});
