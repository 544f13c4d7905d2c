import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatFault, formatPath } from "../src/core/faults.js";
import { parseRuleSet } from "../src/authoring/parse.js";
import { isParsedRuleSet } from "../src/core/parsed.js";
import { findProblem, lineAndColumn, readJson } from "../src/authoring/parse-json.js";
import { MAX_CONDITION_DEPTH, MAX_NESTING } from "../src/core/parse-limits.js";
import { closestName, createSuggestBudget, editDistance, nearMissOf } from "../src/authoring/suggest.js";
import type { FaultCode, ParseResult, RuleSet } from "../src/core/types.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

interface BrokenCase {
  name: string;
  rules: unknown;
  errors: string[];
  warnings: string[];
  codes: FaultCode[];
  validSlots?: string[];
}

// Read with JSON.parse, not imported: a module import could turn a "__proto__"
// key into a prototype, and the cases need it as an own key.
const cases = JSON.parse(readFileSync(new URL("./fixtures/broken-rules.json", import.meta.url), "utf8")) as BrokenCase[];
const designExample = cases[0]?.rules as Record<string, unknown>;

const ALL_CODES = [
  "NOT_JSON",
  "NOT_AN_OBJECT",
  "UNSUPPORTED_VERSION",
  "UNKNOWN_KEY",
  "MISSING_KEY",
  "WRONG_TYPE",
  "EMPTY",
  "FORBIDDEN_KEY",
  "BAD_FACT_PATH",
  "UNKNOWN_OPERATOR",
  "WRONG_VALUE_TYPE",
  "BAD_PATTERN",
  "BAD_DATE",
  "UNKNOWN_VARIANT",
  "UNKNOWN_AUDIENCE",
  "AUDIENCE_CYCLE",
  "DUPLICATE_RULE_NAME",
  "UNREACHABLE_RULE",
  "BAD_CONDITION",
  "BAD_VARIANT",
  "TOO_DEEP",
  "BAD_DURATION",
  "BAD_POINTS",
  "BAD_SIGNAL",
  "BAD_EVENT_NAME",
  "BAD_NAME",
  "UNKNOWN_EVENT",
  "DUPLICATE_NAME",
  "BAD_HOLDOUT",
  "BAD_SPLIT",
  "DUPLICATE_EXPERIMENT",
  "UNKNOWN_FACT",
  "UNEXPECTED_VALUE",
  "BAD_FACT_TYPE",
] as const satisfies readonly FaultCode[];
// Fails to compile when FaultCode gains a code this list (and so the fixture check) lacks.
const everyCodeListed: Exclude<FaultCode, (typeof ALL_CODES)[number]> extends never ? true : false = true;

function errorsOf(result: ParseResult) {
  return result.ok ? [] : result.errors;
}

function slotsOf(result: ParseResult): string[] | null {
  return result.value === null ? null : Object.keys(result.value.slots);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function expectDeepFrozen(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== "object" || value === null || seen.has(value)) return;
  seen.add(value);
  expect(Object.isFrozen(value)).toBe(true);
  for (const key of Object.keys(value)) expectDeepFrozen((value as Record<string, unknown>)[key], seen);
}

describe("parseRuleSet on the broken rule files of test/fixtures/broken-rules.json", () => {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))("%s", (_name, testCase) => {
    const result = parseRuleSet(testCase.rules);
    expect(errorsOf(result).map(formatFault)).toEqual(testCase.errors);
    expect(result.warnings.map(formatFault)).toEqual(testCase.warnings);
    expect([...errorsOf(result), ...result.warnings].map((fault) => fault.code)).toEqual(testCase.codes);
    expect(result.ok).toBe(testCase.errors.length === 0);
    expect(slotsOf(result)).toEqual(testCase.validSlots ?? null);
    if (result.value !== null && typeof testCase.rules === "object" && testCase.rules !== null) {
      const written = Object.keys((testCase.rules as { slots?: object }).slots ?? {});
      expect(result.value.invalidSlots).toEqual(written.filter((slot) => !testCase.validSlots?.includes(slot)));
    }
  });

  it("covers every fault code", () => {
    expect(everyCodeListed).toBe(true);
    const used = new Set(cases.flatMap((testCase) => testCase.codes));
    expect(ALL_CODES.filter((code) => !used.has(code))).toEqual([]);
  });

  it("gives every message a lower-case start, names in single quotes and no final period", () => {
    for (const testCase of cases) {
      const result = parseRuleSet(testCase.rules);
      for (const fault of [...errorsOf(result), ...result.warnings]) {
        expect(fault.message).toMatch(/^[a-z']/);
        expect(fault.message).not.toMatch(/\.$/);
        expect(fault.message).not.toMatch(/`/);
      }
    }
  });
});

describe("parseRuleSet on good rules", () => {
  it("accepts the DESIGN.md example as text and as a value, with no faults", () => {
    for (const input of [JSON.stringify(designExample, null, 2), designExample]) {
      const result = parseRuleSet(input);
      expect(result).toMatchObject({ ok: true, warnings: [] });
      expect(slotsOf(result)).toEqual(["hero-banner", "offer", "headline"]);
    }
  });

  it("keeps what the file says, minus $schema, with audiences and variants defaulting to {}", () => {
    const result = parseRuleSet(designExample);
    const { $schema: _ignored, ...rest } = designExample;
    expect(result.value).toEqual({ ...rest, invalidSlots: [], scores: {}, stages: [], actions: [] });
    const bare = parseRuleSet({ version: 1, slots: { offer: [{ name: "Everyone", show: "Offer" }] } });
    expect(bare.value).toEqual({
      version: 1,
      audiences: {},
      slots: { offer: [{ name: "Everyone", show: "Offer" }] },
      variants: {},
      invalidSlots: [],
      scores: {},
      stages: [],
      actions: [],
    });
  });

  it("returns a deep-frozen rule set that evaluate recognises as parsed", () => {
    const result = parseRuleSet(designExample);
    expect(isParsedRuleSet(result.value)).toBe(true);
    expectDeepFrozen(result.value);
    const value = result.value as RuleSet;
    expect(() => {
      (value.slots["offer"] as unknown as { name: string }[])[0]!.name = "changed";
    }).toThrow(TypeError);
    expect(() => {
      (value.invalidSlots as string[]).push("offer");
    }).toThrow(TypeError);
  });

  it("returns a fresh copy each time, untouched by later changes to the input", () => {
    const input = clone(designExample) as { slots: Record<string, { name: string }[]> };
    const first = parseRuleSet(input);
    const second = parseRuleSet(input);
    expect(first.value).not.toBe(second.value);
    expect(first.value?.slots).not.toBe(input.slots);
    input.slots["offer"]![0]!.name = "Renamed";
    expect(first.value?.slots["offer"]?.[0]?.name).toBe("New customers");
  });

  it("finds nothing under names that only the prototype chain has", () => {
    const value = parseRuleSet(designExample).value as RuleSet;
    for (const name of ["toString", "hasOwnProperty", "valueOf"]) {
      expect(value.variants[name]).toBeUndefined();
      expect(value.audiences[name]).toBeUndefined();
      expect(value.slots[name]).toBeUndefined();
    }
  });

  it("allows warnings on a usable rule set (ok stays true)", () => {
    const result = parseRuleSet({ version: 1, slots: { offer: [{ name: "All", show: "A" }, { name: "Never", show: "B" }] } });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((fault) => fault.code)).toEqual(["UNREACHABLE_RULE"]);
  });
});

describe("parseRuleSet keeps good slots when others are broken", () => {
  it("leaves a slot with a bad operator out and keeps the others exactly as written", () => {
    const input = clone(designExample) as { slots: Record<string, unknown[]> };
    input.slots["offer"]![1] = { name: "Repeat", when: { fact: "user.type", operator: "equals", value: "x" }, show: "LoyaltyOffer" };
    const result = parseRuleSet(input);
    expect(result.ok).toBe(false);
    expect(result.value?.invalidSlots).toEqual(["offer"]);
    expect(result.value?.slots["hero-banner"]).toEqual(input.slots["hero-banner"]);
    expect(result.value?.slots["headline"]).toEqual(input.slots["headline"]);
    expect(result.value?.slots["offer"]).toBeUndefined();
    expect(isParsedRuleSet(result.value)).toBe(true);
  });

  it("takes down only the slots that show a broken variant", () => {
    const input = clone(designExample) as { variants: Record<string, unknown> };
    input.variants["LoyaltyOffer"] = { html: 42 };
    const result = parseRuleSet(input);
    expect(result.value?.invalidSlots).toEqual(["offer"]);
    expect(Object.keys(result.value?.variants ?? {})).toEqual(["WelcomeDiscount", "SpringHeadline"]);
  });

  it("takes down only the slots that use a broken audience, directly or through another audience", () => {
    const input = clone(designExample) as { audiences: Record<string, unknown>; slots: Record<string, unknown[]> };
    input.audiences["bangalore"] = { all: [{ fact: "geo.city", operator: "equal" }] };
    input.audiences["south"] = { any: [{ audience: "bangalore" }] };
    input.slots["headline"] = [{ name: "South", when: { audience: "south" }, show: "SpringHeadline" }];
    const result = parseRuleSet(input);
    expect(result.value?.invalidSlots).toEqual(["hero-banner", "headline"]);
    expect(Object.keys(result.value?.audiences ?? {})).toEqual(["repeat"]);
    expect(errorsOf(result).map(formatFault)).toEqual([
      "audiences.bangalore.all[0]: operator 'equal' needs a single value, but the condition has no 'value'; add a value, e.g. \"value\": \"Bangalore\"",
    ]);
  });

  it("reports the same faults for the text and for the value it parses to", () => {
    for (const testCase of cases.filter((candidate) => typeof candidate.rules === "string")) {
      const text = (testCase.rules as string).replace(/^\ufeff/, "");
      if (findProblem(text) !== undefined || text.trim() === "") continue;
      const value: unknown = JSON.parse(text);
      // A JSON string would be read as JSON text again.
      if (typeof value === "string") continue;
      expect(parseRuleSet(value)).toEqual(parseRuleSet(text));
    }
  });
});

// Each test parses megabytes: what takes 1-4 s on an idle machine takes 20 s and more on a loaded
// 2-core one. The promise tested is "returns", not a speed (test/parse-scaling.test.ts bounds the work).
describe("parseRuleSet on hostile input", { timeout: 120_000 }, () => {
  const twoMegabytes = 2 * 1024 * 1024;
  const wrap = (when: string) => `{"version":1,"slots":{"offer":[{"name":"a","show":"A","when":${when}}],"hero":[{"name":"b","show":"B"}]}}`;

  it("returns for 2 MB of nested lists, refusing nesting deeper than MAX_NESTING", () => {
    const depth = twoMegabytes / 2;
    const result = parseRuleSet(wrap(`${"[".repeat(depth)}${"]".repeat(depth)}`));
    expect(errorsOf(result).map((fault) => fault.code)).toEqual(["WRONG_TYPE", "TOO_DEEP"]);
    expect(errorsOf(result)[1]?.message).toBe(`this is nested more than ${MAX_NESTING} levels deep`);
    expect(slotsOf(result)).toEqual(["hero"]);
  });

  it("returns for 2 MB of nested conditions, refusing more than MAX_CONDITION_DEPTH levels", () => {
    const depth = Math.floor(twoMegabytes / 8);
    const result = parseRuleSet(wrap(`${'{"not":'.repeat(depth)}{}${"}".repeat(depth)}`));
    expect(errorsOf(result).map((fault) => fault.code)).toContain("TOO_DEEP");
    expect(errorsOf(result).map((fault) => fault.message)).toContain(`this condition is nested more than ${MAX_CONDITION_DEPTH} levels deep`);
    expect(slotsOf(result)).toEqual(["hero"]);
  });

  it("returns for 2 MB of slots full of unknown keys, reporting each", () => {
    const count = Math.floor(twoMegabytes / 30);
    const slots = Array.from({ length: count }, (_, index) => `"s${index}":[{"nme":"a","show":"A","x":1}]`).join(",");
    const result = parseRuleSet(`{"version":1,"slots":{${slots}}}`);
    expect(errorsOf(result)).toHaveLength(count * 2);
    expect(formatFault(errorsOf(result)[0]!)).toBe("slots.s0[0].nme: unknown key 'nme'; did you mean 'name'?");
    expect(result.value?.invalidSlots).toHaveLength(count);
  }, LOADED_MACHINE_TIMEOUT);

  it("returns for thousands of template ids compared with thousands of variants", () => {
    const variants = Array.from({ length: 20_000 }, (_, index) => `"Variant${index}x":{"text":"a"}`).join(",");
    const rules = Array.from({ length: 20_000 }, (_, index) => `{"name":"r${index}","show":"Template${index}y"}`).join(",");
    const result = parseRuleSet(`{"version":1,"variants":{${variants}},"slots":{"a":[${rules}]}}`);
    expect(result.ok).toBe(true);
  }, LOADED_MACHINE_TIMEOUT);

  it("returns for a chain and a ring of 50,000 audiences", () => {
    const count = 50_000;
    const chain = Array.from({ length: count }, (_, index) => `"a${index}":{"audience":"a${index + 1}"}`).join(",");
    const ring = Array.from({ length: count }, (_, index) => `"a${index}":{"audience":"a${(index + 1) % count}"}`).join(",");
    const slots = `"slots":{"offer":[{"name":"n","show":"V","when":{"audience":"a0"}}]}`;
    const chained = parseRuleSet(`{"version":1,"audiences":{${chain},"a${count}":{"fact":"x","operator":"exists"}},${slots}}`);
    expect(errorsOf(chained).map((fault) => fault.code)).toEqual(["TOO_DEEP"]);
    const ringed = parseRuleSet(`{"version":1,"audiences":{${ring}},${slots}}`);
    expect(errorsOf(ringed).map((fault) => fault.code)).toEqual(["AUDIENCE_CYCLE"]);
    expect(errorsOf(ringed)[0]?.message).toMatch(/^audience 'a0' refers to itself through 'a1' → 'a2' → .* → … → 'a0'$/);
  }, LOADED_MACHINE_TIMEOUT);

  it("returns for a 2 MB fact path, key and variant id", () => {
    const long = "[".repeat(twoMegabytes);
    expect(errorsOf(parseRuleSet(wrap(`{"fact":"${long}","operator":"equal","value":1}`)))[0]?.code).toBe("BAD_FACT_PATH");
    expect(errorsOf(parseRuleSet(wrap(`{"${"k".repeat(twoMegabytes)}":1}`)))[0]?.code).toBe("BAD_CONDITION");
    const id = "a".repeat(twoMegabytes / 2);
    const near = parseRuleSet(`{"version":1,"variants":{"${id}":{"text":"x"}},"slots":{"a":[{"name":"x","show":"${id.slice(1)}b"}]}}`);
    expect(errorsOf(near).map((fault) => fault.code)).toEqual(["UNKNOWN_VARIANT"]);
  });

  it("returns for 2 MB of text that is not JSON", () => {
    expect(errorsOf(parseRuleSet("{".repeat(twoMegabytes)))[0]?.code).toBe("NOT_JSON");
    expect(errorsOf(parseRuleSet('{"a":'.repeat(twoMegabytes / 5)))[0]?.code).toBe("NOT_JSON");
    expect(errorsOf(parseRuleSet("[".repeat(twoMegabytes)))[0]?.message).toMatch(/^the file is not valid JSON: the file ends before the closing '\]'/);
  });

  it("refuses a hand-built object that shares one condition exponentially often", () => {
    let shared: unknown = { fact: "a", operator: "equal", value: 1 };
    for (let level = 0; level < 30; level++) shared = { all: [shared, shared] };
    const result = parseRuleSet({ version: 1, slots: { offer: [{ name: "a", show: "A", when: shared }] } });
    expect(result.value).toBeNull();
    expect(errorsOf(result)[0]).toMatchObject({ code: "TOO_DEEP", path: "" });
  }, LOADED_MACHINE_TIMEOUT);

  it("accepts a condition object shared by two rules", () => {
    const shared = { fact: "geo.city", operator: "equal", value: "Pune" };
    const result = parseRuleSet({ version: 1, slots: { a: [{ name: "a", show: "A", when: shared }], b: [{ name: "b", show: "B", when: shared }] } });
    expect(result.ok).toBe(true);
  });

  it("returns for an object that contains itself", () => {
    const input: Record<string, unknown> = { version: 1 };
    input["slots"] = { offer: [{ name: "a", show: "A", when: { not: input } }], hero: [{ name: "b", show: "B" }] };
    const result = parseRuleSet(input);
    expect(errorsOf(result).map((fault) => fault.code)).toContain("TOO_DEEP");
    expect(slotsOf(result)).toEqual(["hero"]);
  });

  it("reports what JSON cannot hold instead of throwing", () => {
    const throwing = new Proxy({}, { ownKeys: () => { throw new Error("no keys"); } });
    const getter = { name: "a", show: "A", get when(): unknown { throw new Error("no when"); } };
    const inputs: unknown[] = [
      undefined,
      () => 1,
      Symbol("rules"),
      10n,
      new Date(0),
      new Map([["version", 1]]),
      throwing,
      { version: Number.NaN, slots: {} },
      { version: 1, slots: { offer: [getter] } },
      { version: 1, slots: { offer: [{ name: "a", show: Symbol("A"), when: new Date(0) }] } },
      { version: 1, slots: { offer: new Array(5_000_000) } },
      { version: 1, slots: { offer: [throwing] } },
    ];
    for (const input of inputs) {
      const result = parseRuleSet(input);
      expect(result.ok).toBe(false);
      expect(errorsOf(result).length).toBeGreaterThan(0);
    }
    expect(errorsOf(parseRuleSet(new Date(0))).map(formatFault)).toEqual([
      'the rules must be a JSON object, but this is a Date object; start with { "version": 1, "slots": { … } }',
    ]);
    expect(errorsOf(parseRuleSet({ version: 1, slots: { offer: [getter] } })).map(formatFault)).toEqual([
      "slots.offer[0].when: 'when' must be an object, but it is a value that could not be read; " +
        'write { "fact": "…", "operator": "…", "value": … }, { "audience": "NAME" }, { "all": [ … ] }, { "any": [ … ] } or { "not": { … } }',
    ]);
  });

  it("leaves Object.prototype alone when the JSON holds __proto__ keys everywhere", () => {
    const before = Object.getOwnPropertyNames(Object.prototype).join();
    const text =
      '{"version":1,"__proto__":{"polluted":1},"audiences":{"__proto__":{"fact":"a","operator":"exists"}},' +
      '"slots":{"__proto__":[],"a":[{"name":"n","show":"v","__proto__":{"polluted":1},"when":{"constructor":{"prototype":{"polluted":1}}}}]},' +
      '"variants":{"__proto__":{"text":"x"}}}';
    const result = parseRuleSet(text);
    expect(errorsOf(result).every((fault) => fault.code === "FORBIDDEN_KEY" || fault.code === "BAD_CONDITION")).toBe(true);
    expect(errorsOf(result).map((fault) => fault.path)).toEqual([
      "__proto__",
      "audiences.__proto__",
      "slots.__proto__",
      "slots.a[0].__proto__",
      "slots.a[0].when",
      "slots.a[0].when.constructor",
      "variants.__proto__",
    ]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(before);
  });

  it("never throws and always answers in the ParseResult shape, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        for (const input of [value, JSON.stringify(value)]) {
          const result = parseRuleSet(input);
          expect(typeof result.ok).toBe("boolean");
          if (result.ok) expect(isParsedRuleSet(result.value)).toBe(true);
          else expect(result.errors.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("reading JSON text", () => {
  it("names the line and column of a fault, counting from 1", () => {
    expect(lineAndColumn("ab\ncd\n", 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn("ab", 0)).toEqual({ line: 1, column: 1 });
    expect(readJson('{\n  "a": 1\n  "b": 2\n}')).toEqual({
      ok: false,
      message: "the file is not valid JSON: unexpected '\"' at line 3, column 3",
      hint: "a comma is probably missing before it",
    });
  });

  it("finds a problem exactly when JSON.parse refuses the text", () => {
    const jsonish = fc.string({ unit: fc.constantFrom(..."{}[]:,\"\\ \n\t0123456789-+.eEtrufalsn'/*aZu".split("")), maxLength: 40 });
    const mutated = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.constantFrom("", ",", "}", "]", '"', "'", "0", "-", ".", "\n", "/", "e", "\\"))
      .map(([value, at, insert]) => {
        const text = JSON.stringify(value, null, at % 3) ?? "null";
        const where = at % (text.length + 1);
        return at % 2 === 0 ? text.slice(0, where) + insert + text.slice(where) : text.slice(0, where) + text.slice(where + 1);
      });
    fc.assert(
      fc.property(fc.oneof(jsonish, mutated), (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const problem = findProblem(text);
        expect(problem === undefined).toBe(parses);
        if (problem !== undefined) expect(problem.at).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("formatPath and formatFault", () => {
  it("writes plain keys after dots, indexes in brackets and other keys as JSON strings", () => {
    expect(formatPath(["slots", "offer", 1, "when", "all", 0, "operator"])).toBe("slots.offer[1].when.all[0].operator");
    expect(formatPath(["slots", "hero-banner", 0])).toBe("slots.hero-banner[0]");
    expect(formatPath(["slots", "summer sale", 0])).toBe('slots["summer sale"][0]');
    expect(formatPath(["slots", "2024-sale"])).toBe('slots["2024-sale"]');
    expect(formatPath(["variants", 'say "hi"'])).toBe('variants["say \\"hi\\""]');
    expect(formatPath(["odd key"])).toBe('["odd key"]');
    expect(formatPath(["$schema"])).toBe("$schema");
    expect(formatPath([])).toBe("");
  });

  it("joins path, message and hint, leaving out what is absent", () => {
    const fault = { severity: "error", code: "UNKNOWN_OPERATOR", path: "slots.offer[1].when.all[0].operator", message: "unknown operator 'equals'" } as const;
    expect(formatFault({ ...fault, hint: "did you mean 'equal'?" })).toBe(
      "slots.offer[1].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?",
    );
    expect(formatFault(fault)).toBe("slots.offer[1].when.all[0].operator: unknown operator 'equals'");
    expect(formatFault({ ...fault, path: "", message: "the file is empty" })).toBe("the file is empty");
  });
});

describe("suggestions", () => {
  it("suggests the closest name, ignoring case, '_', '-' and spaces", () => {
    expect(closestName("equals", ["equal", "notEqual"])).toBe("equal");
    expect(closestName("slot", ["version", "slots", "variants"])).toBe("slots");
    expect(closestName("greater_than", ["greaterThan", "lessThan"])).toBe("greaterThan");
    expect(closestName("Bangalore", ["bangalore", "repeat"])).toBe("bangalore");
    expect(closestName("priority", ["name", "when", "show"])).toBeUndefined();
    expect(closestName("is", ["in"])).toBeUndefined();
  });

  it("counts a near miss of a variant id only for slips, not for numbered series", () => {
    expect(nearMissOf("WelcomDiscount", ["LoyaltyOffer", "WelcomeDiscount"])).toBe("WelcomeDiscount");
    expect(nearMissOf("welcome-discount", ["WelcomeDiscount"])).toBe("WelcomeDiscount");
    expect(nearMissOf("Offer2", ["Offer1"])).toBeUndefined();
    expect(nearMissOf("Spring", ["Summer"])).toBeUndefined();
    expect(nearMissOf("WelcomeDiscount", ["WelcomeDiscount"])).toBeUndefined();
  });

  it("stops comparing once its budget is spent", () => {
    const budget = createSuggestBudget(50);
    expect(closestName("equals", ["equal"], budget)).toBe("equal");
    expect(closestName("equals", ["equal"], budget)).toBeUndefined();
    expect(budget.remaining).toBe(0);
  });

  it("computes the banded distance like the full table, up to its limit", () => {
    const full = (a: string, b: string): number => {
      const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          const row = table[i]!;
          const above = table[i - 1]!;
          row[j] = Math.min(above[j]! + 1, row[j - 1]! + 1, above[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, table[i - 2]![j - 2]! + 1);
        }
      }
      return table[a.length]![b.length]!;
    };
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 9 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(full(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });
});
