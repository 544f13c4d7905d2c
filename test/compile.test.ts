import { describe, expect, it } from "vitest";
import { compileConditions, MAX_EXPANDED_CONDITIONS } from "../src/core/compile.js";
import { OPERATOR_NAMES } from "../src/core/operator-names.js";
import { resolveFactPath } from "../src/core/path.js";
import type { Condition, ConditionTrace } from "../src/core/types.js";

/** Runs one condition through the engine and returns its trace. */
async function traceOf(
  condition: Condition,
  context: Record<string, unknown>,
  audiences: Record<string, Condition> = {},
): Promise<ConditionTrace> {
  const [trace] = await compileConditions([condition], audiences).run(context);
  return trace!;
}

const resultOf = async (condition: Condition, context: Record<string, unknown>) =>
  ((await traceOf(condition, context)) as { result: boolean }).result;

describe("resolveFactPath", () => {
  it("reads a dotted path of own properties", () => {
    expect(resolveFactPath({ geo: { city: "Bangalore" } }, "geo.city")).toBe("Bangalore");
    expect(resolveFactPath({ events: { "pricing-page": { count: 2 } } }, "events.pricing-page.count")).toBe(2);
  });

  it("answers undefined when a step is missing or is not an object", () => {
    expect(resolveFactPath({}, "geo.city")).toBeUndefined();
    expect(resolveFactPath({ geo: null }, "geo.city")).toBeUndefined();
    expect(resolveFactPath({ geo: "Bangalore" }, "geo.length")).toBeUndefined();
    expect(resolveFactPath(undefined, "geo")).toBeUndefined();
  });

  it("keeps falsy values that are present", () => {
    expect(resolveFactPath({ a: { b: 0 } }, "a.b")).toBe(0);
    expect(resolveFactPath({ a: { b: null } }, "a.b")).toBeNull();
    expect(resolveFactPath({ a: { b: false } }, "a.b")).toBe(false);
  });

  it("never finds inherited properties", () => {
    expect(resolveFactPath({}, "toString")).toBeUndefined();
    expect(resolveFactPath({ user: {} }, "user.hasOwnProperty")).toBeUndefined();
    const child = Object.create({ inherited: "yes" }) as object;
    expect(resolveFactPath({ child }, "child.inherited")).toBeUndefined();
  });

  it("refuses __proto__, constructor and prototype segments, even as own keys", () => {
    const context = JSON.parse('{"__proto__": {"admin": true}, "user": {"constructor": {"prototype": 1}}}') as object;
    expect(Object.prototype.hasOwnProperty.call(context, "__proto__")).toBe(true);
    expect(resolveFactPath(context, "__proto__.admin")).toBeUndefined();
    expect(resolveFactPath(context, "user.constructor")).toBeUndefined();
    expect(resolveFactPath({ f: function named() {} }, "f.prototype")).toBeUndefined();
  });

  it("indexes arrays by canonical numbers only", () => {
    const context = { recent: [{ name: "a" }, { name: "b" }] };
    expect(resolveFactPath(context, "recent.1.name")).toBe("b");
    expect(resolveFactPath(context, "recent.2.name")).toBeUndefined();
    expect(resolveFactPath(context, "recent.01.name")).toBeUndefined();
    expect(resolveFactPath(context, "recent.length")).toBeUndefined();
  });

  it("refuses empty segments", () => {
    expect(resolveFactPath({ "": { a: 1 } }, ".a")).toBeUndefined();
    expect(resolveFactPath({ a: { "": 1 } }, "a.")).toBeUndefined();
  });
});

describe("compileConditions: our closures in json-rules-engine's condition format", () => {
  it("replaces the built-in operators: notEqual and notIn never match a missing fact", async () => {
    // json-rules-engine's own notEqual / notIn answer true for undefined.
    expect(await resultOf({ fact: "geo.city", operator: "notEqual", value: "Pune" }, {})).toBe(false);
    expect(await resultOf({ fact: "geo.city", operator: "notIn", value: ["Pune"] }, {})).toBe(false);
    expect(await resultOf({ fact: "geo.city", operator: "notEqual", value: "Pune" }, { geo: { city: "Goa" } })).toBe(true);
  });

  it("registers every operator name (an unknown one would make the run fail)", async () => {
    const conditions = OPERATOR_NAMES.map((operator): Condition => ({ fact: "missing", operator }));
    const traces = await compileConditions(conditions, {}).run({});
    expect(traces.map((t) => t.kind)).toEqual(OPERATOR_NAMES.map(() => "fact"));
  });

  it("resolves fact paths with our resolver, not jsonpath-plus", async () => {
    // jsonpath-plus would find own "__proto__" keys and array lengths; ours finds neither.
    const context = JSON.parse('{"__proto__": {"city": "Pune"}, "geo": {"city": "Goa"}, "tags": ["a"]}') as Record<string, unknown>;
    expect(await resultOf({ fact: "tags.length", operator: "exists" }, context)).toBe(false);
    expect(await resultOf({ fact: "tags.0", operator: "equal", value: "a" }, context)).toBe(true);
    expect(await traceOf({ fact: "geo.city", operator: "equal", value: "Goa" }, context)).toMatchObject({ actual: "Goa", result: true });
    expect(await traceOf({ fact: "__proto__.city", operator: "exists" }, context)).toMatchObject({
      actual: undefined,
      result: false,
    });
    expect(await traceOf({ fact: "constructor.name", operator: "exists" }, {})).toMatchObject({ result: false });
  });

  it("reports each fact condition with the fact, operator, expected and actual values", async () => {
    expect(await traceOf({ fact: "visitor.visits", operator: "greaterThan", value: 2 }, { visitor: { visits: 5 } })).toEqual({
      kind: "fact",
      fact: "visitor.visits",
      operator: "greaterThan",
      expected: 2,
      actual: 5,
      result: true,
    });
  });

  it("evaluates every branch of all and any (json-rules-engine does not short-circuit within one priority)", async () => {
    const trace = await traceOf(
      {
        all: [
          { fact: "a", operator: "equal", value: 1 },
          { any: [{ fact: "b", operator: "equal", value: 2 }, { fact: "c", operator: "equal", value: 3 }] },
        ],
      },
      { a: 0, b: 2, c: 3 },
    );
    expect(trace).toEqual({
      kind: "all",
      result: false,
      conditions: [
        { kind: "fact", fact: "a", operator: "equal", expected: 1, actual: 0, result: false },
        {
          kind: "any",
          result: true,
          conditions: [
            { kind: "fact", fact: "b", operator: "equal", expected: 2, actual: 2, result: true },
            { kind: "fact", fact: "c", operator: "equal", expected: 3, actual: 3, result: true },
          ],
        },
      ],
    });
  });

  it("treats an empty all as true and an empty any as false", async () => {
    expect(await traceOf({ all: [] }, {})).toEqual({ kind: "all", result: true, conditions: [] });
    expect(await traceOf({ any: [] }, {})).toEqual({ kind: "any", result: false, conditions: [] });
    expect(await traceOf({ not: { any: [] } }, {})).toMatchObject({ kind: "not", result: true });
  });

  it("expands audiences and keeps their names in the trace", async () => {
    const audiences: Record<string, Condition> = {
      pune: { fact: "geo.city", operator: "equal", value: "Pune" },
      local: { any: [{ audience: "pune" }, { fact: "geo.city", operator: "equal", value: "Mumbai" }] },
    };
    expect(await traceOf({ not: { audience: "local" } }, { geo: { city: "Pune" } }, audiences)).toEqual({
      kind: "not",
      result: false,
      condition: {
        kind: "audience",
        audience: "local",
        result: true,
        condition: {
          kind: "any",
          result: true,
          conditions: [
            {
              kind: "audience",
              audience: "pune",
              result: true,
              condition: { kind: "fact", fact: "geo.city", operator: "equal", expected: "Pune", actual: "Pune", result: true },
            },
            { kind: "fact", fact: "geo.city", operator: "equal", expected: "Mumbai", actual: "Pune", result: false },
          ],
        },
      },
    });
  });

  it("returns the traces in the order the conditions were given", async () => {
    const engine = compileConditions(
      [
        { fact: "n", operator: "equal", value: 1 },
        { fact: "n", operator: "equal", value: 2 },
        { fact: "n", operator: "equal", value: 3 },
      ],
      {},
    );
    const traces = await engine.run({ n: 2 });
    expect(traces.map((t) => (t.kind === "fact" ? [t.expected, t.result] : t.kind))).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
  });

  it("answers synchronously, so a render can decide inside a synchronous function", () => {
    const engine = compileConditions([{ fact: "n", operator: "lessThan", value: 50 }], {});
    const [trace] = engine.run({ n: 1 });
    expect(trace).toMatchObject({ actual: 1, result: true });
    expect(engine.conditions[0]!.test({ n: 99 })).toBe(false);
  });

  it("gives copies of expected lists, so a trace cannot change the rules", async () => {
    const value = ["Pune", "Goa"];
    const trace = await traceOf({ fact: "city", operator: "in", value }, { city: "Goa" });
    expect(trace).toMatchObject({ expected: ["Pune", "Goa"], result: true });
    (trace as { expected: string[] }).expected.push("Delhi");
    expect(value).toEqual(["Pune", "Goa"]);
  });

  it("throws when an operator input cannot be read, and the next run works", async () => {
    const engine = compileConditions([{ fact: "geo.city", operator: "equal", value: "Pune" }], {});
    const broken = {
      get geo(): never {
        throw new Error("unreadable");
      },
    };
    expect(() => engine.run(broken)).toThrow("unreadable");
    expect(() => engine.conditions[0]!.test(broken)).toThrow("unreadable");
    expect(engine.run({ geo: { city: "Pune" } })).toMatchObject([{ result: true }]);
  });

  it("refuses to compile unknown audiences, cycles, and conditions past the expansion cap", () => {
    expect(() => compileConditions([{ audience: "nope" }], {})).toThrow("unknown audience 'nope'");
    expect(() => compileConditions([{ audience: "a" }], { a: { not: { audience: "b" } }, b: { audience: "a" } })).toThrow(
      "refers to itself",
    );
    // The `all` itself counts: n facts under it are n + 1 conditions.
    const allOf = (n: number): Condition => ({ all: Array.from({ length: n }, () => ({ fact: "x", operator: "exists" as const })) });
    expect(() => compileConditions([allOf(MAX_EXPANDED_CONDITIONS)], {})).toThrow(`more than ${MAX_EXPANDED_CONDITIONS} conditions`);
    expect(() => compileConditions([allOf(MAX_EXPANDED_CONDITIONS - 1)], {})).not.toThrow();
  });
});
