import { describe, expect, it } from "vitest";
import clone from "../src/core/engine-shims/clone.js";
import EventEmitter from "../src/core/engine-shims/eventemitter2.js";
import hash from "../src/core/engine-shims/hash-it.js";
import { JSONPath } from "../src/core/engine-shims/jsonpath-plus.js";

describe("engine shims", () => {
  it("clone copies class instances with their prototype, so results written on the copy stay there", () => {
    class Condition {
      constructor(public fact: string) {}
      describe(): string {
        return this.fact;
      }
    }
    const original = { all: [new Condition("geo.city")] };
    const copy = clone(original);
    (copy.all[0] as Condition & { result?: boolean }).result = true;
    expect(copy.all[0]).toBeInstanceOf(Condition);
    expect(copy.all[0]?.describe()).toBe("geo.city");
    expect((original.all[0] as Condition & { result?: boolean }).result).toBeUndefined();
  });

  it("clone keeps an own __proto__ key as data and survives cycles", () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    value.self = value;
    const copy = clone(value);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toContain("__proto__");
    expect(copy.self).toBe(copy);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("hash gives equal keys for equal objects whatever the key order, and different keys otherwise", () => {
    expect(hash({ id: "context", params: { a: 1, b: [1, "1"] } })).toBe(hash({ params: { b: [1, "1"], a: 1 }, id: "context" }));
    expect(hash({ a: 1 })).not.toBe(hash({ a: "1" }));
    expect(hash([1, 2])).not.toBe(hash([2, 1]));
  });

  it("the emitter calls listeners with emitAsync and can be called as a base constructor", async () => {
    function Engine(this: { on: (e: string, l: (x: number) => number) => void }) {
      (EventEmitter as unknown as (this: unknown) => void).call(this);
    }
    Engine.prototype = Object.create((EventEmitter as unknown as { prototype: object }).prototype);
    const engine = new (Engine as unknown as new () => {
      on(event: string, listener: (x: number) => number): void;
      emitAsync(event: string, x: number): Promise<number[]>;
    })();
    engine.on("success", (x) => x * 2);
    engine.on("success", (x) => x + 1);
    await expect(engine.emitAsync("success", 5)).resolves.toEqual([10, 6]);
    await expect(engine.emitAsync("failure", 5)).resolves.toEqual([]);
  });

  it("jsonpath-plus is never usable", () => {
    expect(() => JSONPath()).toThrow(/not bundled/);
  });
});
