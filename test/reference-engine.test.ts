/**
 * json-rules-engine is the rule language's reference, not part of the runtime.
 * The real, unmodified engine (its own operators, its own jsonpath resolver)
 * and our compiled closures run the same generated rule sets on the same
 * contexts and must agree on which rules match, for every operator both
 * have. Facts are present and of the operator's type: where that does not
 * hold, the two differ on purpose, and the last tests pin those differences.
 */
import fc from "fast-check";
import { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileConditions } from "../src/core/compile.js";
import type { Condition } from "../src/core/types.js";

const WORDS = ["a", "b", "c", "d"];
const word = fc.constantFrom(...WORDS);
const number = fc.integer({ min: -2, max: 4 });

// One fact per type, so each operator reads a fact of the type it expects.
const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ fact: fc.constant("count"), operator: fc.constantFrom("equal", "notEqual", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"), value: number }),
  fc.record({ fact: fc.constant("count"), operator: fc.constantFrom("in", "notIn"), value: fc.array(number, { maxLength: 3 }) }),
  fc.record({ fact: fc.constant("city"), operator: fc.constantFrom("equal", "notEqual"), value: word }),
  fc.record({ fact: fc.constant("city"), operator: fc.constantFrom("in", "notIn"), value: fc.array(word, { maxLength: 3 }) }),
  fc.record({ fact: fc.constant("tags"), operator: fc.constantFrom("contains", "doesNotContain"), value: word }),
) as fc.Arbitrary<Condition>;

const audienceRef = fc.constantFrom<Condition>({ audience: "base" }, { audience: "derived" });

/** Conditions up to three levels deep; `any` and `all` are never empty (an empty `any` is a documented difference). */
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    audienceRef,
    fc.record({ all: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("node") }),
  ),
})).node;

const context = fc.record({ count: number, city: word, tags: fc.uniqueArray(word, { maxLength: 3 }) });

/** Our condition in the engine's spelling: audiences become its named conditions. */
function toEngine(c: Condition): unknown {
  if ("audience" in c) return { condition: c.audience };
  if ("all" in c) return { all: c.all.map(toEngine) };
  if ("any" in c) return { any: c.any.map(toEngine) };
  if ("not" in c) return { not: toEngine(c.not) };
  return { fact: c.fact, operator: c.operator, value: c.value };
}

async function engineMatches(rules: Condition[], audiences: Record<string, Condition>, facts: object): Promise<boolean[]> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const [name, audience] of Object.entries(audiences)) engine.setCondition(name, { all: [toEngine(audience)] } as never);
  // The engine wants a boolean operator at the top of a rule and of a named condition.
  rules.forEach((when, index) => engine.addRule({ name: String(index), conditions: { all: [toEngine(when)] } as never, event: { type: "match" } }));
  const { results } = await engine.run({ ...facts });
  const matched = new Set(results.map((result) => result.name));
  return rules.map((_, index) => matched.has(String(index)));
}

function ourMatches(rules: Condition[], audiences: Record<string, Condition>, facts: Record<string, unknown>): boolean[] {
  return compileConditions(rules, audiences).conditions.map((compiled) => compiled.test(facts));
}

describe("json-rules-engine as the reference", () => {
  it("agrees on which rules match, for generated rule sets, audiences and contexts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(condition, { minLength: 1, maxLength: 5 }), leaf, condition, context, async (rules, base, derivedBody, facts) => {
        // `derived` may use `base`, never the other way round (no cycles).
        const audiences = { base, derived: { any: [{ audience: "base" }, stripAudiences(derivedBody)] } as Condition };
        expect(ourMatches(rules, audiences, facts)).toEqual(await engineMatches(rules, audiences, facts));
        // The traced walk gives the same answers as the short-circuit one.
        expect(compileConditions(rules, audiences).run(facts).map((t) => (t as { result: boolean }).result)).toEqual(ourMatches(rules, audiences, facts));
      }),
      { numRuns: 400 },
    );
  });

  it("differs where documented: missing facts never match, values are not coerced, any of nothing is false", async () => {
    const differences: [Condition, Record<string, unknown>, boolean, boolean][] = [
      // [condition, facts, ours, json-rules-engine]
      [{ fact: "city", operator: "notEqual", value: "Pune" }, {}, false, true],
      [{ fact: "city", operator: "notIn", value: ["Pune"] }, {}, false, true],
      [{ fact: "count", operator: "greaterThan", value: 9 }, { count: "10" }, false, true],
      [{ fact: "count", operator: "lessThan", value: 20 }, { count: "10" }, false, true],
      [{ any: [] }, {}, false, true],
    ];
    for (const [when, facts, ours, reference] of differences) {
      expect([ourMatches([when], {}, facts)[0], (await engineMatches([when], {}, facts))[0]], JSON.stringify([when, facts])).toEqual([ours, reference]);
    }
  });
});

function stripAudiences(c: Condition): Condition {
  if ("audience" in c) return { fact: "city", operator: "equal", value: "a" };
  if ("all" in c) return { all: c.all.map(stripAudiences) };
  if ("any" in c) return { any: c.any.map(stripAudiences) };
  if ("not" in c) return { not: stripAudiences(c.not) };
  return c;
}
