import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate } from "../src/core/evaluate.js";
import { OPERATORS } from "../src/core/operators.js";
import { parseRuleSet } from "../src/authoring/parse.js";
import { readRuleSet } from "../src/core/read/read-rules.js";
import { resolveFactPath } from "../src/core/path.js";
import type { Condition, Context, Decision, Rule, RuleSet } from "../src/core/types.js";
import { nearlyValidRules, scalar, slotName } from "./support/rule-arbitraries.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

/** What Object.prototype and Array.prototype hold now: any pollution changes it. */
function prototypeShape(): string {
  const describe = (proto: object) =>
    Object.getOwnPropertyNames(proto)
      .sort()
      .map((key) => `${key}:${typeof Object.getOwnPropertyDescriptor(proto, key)?.value}`)
      .join(",");
  return `${describe(Object.prototype)}|${describe(Array.prototype)}`;
}
const pristine = prototypeShape();

function expectNoPollution(): void {
  expect(prototypeShape()).toBe(pristine);
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(({} as Record<string, unknown>)["city"]).toBeUndefined();
}

// ---- arbitraries -------------------------------------------------------

/** Operators with values of the type each one takes, so most rule files made of them are valid. */
const typedTest = fc.oneof(
  fc.record({ operator: fc.constantFrom("equal", "notEqual"), value: fc.oneof(fc.constantFrom("Pune", "new_customer"), fc.integer({ min: 0, max: 5 }), fc.boolean()) }),
  fc.record({ operator: fc.constantFrom("equalIgnoreCase", "startsWith", "endsWith", "contains", "doesNotContain"), value: fc.constantFrom("pune", "P", "e", "new", "a") }),
  fc.record({ operator: fc.constantFrom("in", "notIn"), value: fc.array(fc.oneof(fc.constantFrom("Pune", "Goa", "repeat_customer"), fc.integer({ min: 0, max: 5 })), { maxLength: 3 }) }),
  fc.record({ operator: fc.constantFrom("lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"), value: fc.integer({ min: -2, max: 12 }) }),
  fc.record({ operator: fc.constant("exists"), value: fc.boolean() }, { requiredKeys: ["operator"] }),
  fc.record({ operator: fc.constant("matches"), value: fc.constantFrom("^P", "e$", "Pu|Go", "[0-9]+", "^new_", "(a+)+$") }),
  fc.record({ operator: fc.constantFrom("before", "after"), value: fc.oneof(fc.constantFrom("2026-06-15", "2026-06-15T09:00:00+05:30"), fc.constant(1781481600000)) }),
);
const goodPath = fc.constantFrom("geo.city", "user.type", "visitor.visits", "tags", "when", "events.buy.count", "items.0.name");

/** Valid conditions that may use the given audiences (kept acyclic by construction). */
function validCondition(audienceNames: readonly string[]) {
  return fc.letrec<{ condition: unknown }>((tie) => ({
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(goodPath, typedTest).map(([fact, test]) => ({ fact, ...test })),
      ...(audienceNames.length > 0 ? [fc.constantFrom(...audienceNames).map((audience) => ({ audience }))] : []),
      fc.array(tie("condition"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie("condition"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie("condition").map((not) => ({ not })),
    ),
  })).condition;
}
const validRules = fc
  .record({
    metro: validCondition([]),
    loyal: validCondition([]),
    vip: validCondition(["metro", "loyal"]),
    slots: fc.dictionary(
      slotName,
      fc.array(fc.option(validCondition(["metro", "loyal", "vip"]), { freq: 6 }), { minLength: 1, maxLength: 4 }),
      { minKeys: 1, maxKeys: 4 },
    ),
  })
  .map(({ metro, loyal, vip, slots }) => ({
    version: 1,
    audiences: { metro, loyal, vip },
    slots: Object.fromEntries(
      Object.entries(slots).map(([slot, whens]) => [
        slot,
        whens.map((when, i) => ({ name: `Rule ${i + 1}`, ...(when === null ? {} : { when }), show: i % 2 ? "A" : "B" })),
      ]),
    ),
  }));

/** Contexts shaped like the facts rules read, with values of every type. */
const factContext = fc.record(
  {
    geo: fc.oneof(fc.record({ city: fc.oneof(fc.constantFrom("Pune", "Goa"), fc.jsonValue({ maxDepth: 1 })) }), fc.jsonValue({ maxDepth: 1 })),
    user: fc.record({ type: fc.oneof(fc.constantFrom("new_customer", "repeat_customer"), scalar) }),
    visitor: fc.record({ visits: fc.oneof(fc.integer({ min: 0, max: 20 }), scalar) }),
    tags: fc.array(scalar, { maxLength: 4 }),
    when: fc.oneof(fc.constantFrom("2026-06-01", "2026-07-01", 1781481600000), scalar),
    items: fc.array(fc.record({ name: scalar }), { maxLength: 2 }),
    events: fc.record({ buy: fc.record({ count: fc.integer({ min: 0, max: 3 }) }) }),
  },
  { requiredKeys: [] },
);
/** Any JSON, and also objects with own "__proto__" keys as JSON.parse makes them. */
const anyContext = fc.oneof(
  fc.jsonValue(),
  fc.object(),
  factContext,
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), factContext).map(([hostile, facts]) =>
    JSON.parse(`{"__proto__": ${JSON.stringify(hostile)}, "geo": {"__proto__": {"city": "Pune", "polluted": true}}, "facts": ${JSON.stringify(facts)}}`),
  ),
);

// ---- a reference evaluator, written independently of the engine -------------

function holds(condition: Condition, context: unknown, audiences: RuleSet["audiences"]): boolean {
  if ("fact" in condition) return OPERATORS[condition.operator].test(resolveFactPath(context, condition.fact), condition.value);
  if ("audience" in condition) return holds(audiences[condition.audience]!, context, audiences);
  if ("all" in condition) return condition.all.every((c) => holds(c, context, audiences));
  if ("any" in condition) return condition.any.some((c) => holds(c, context, audiences));
  return !holds(condition.not, context, audiences);
}

function expectedDecision(rules: readonly Rule[], context: unknown, audiences: RuleSet["audiences"]) {
  const facts = typeof context === "object" && context !== null && !Array.isArray(context) ? context : {};
  const match = rules.find((r) => r.when === undefined || holds(r.when, facts, audiences));
  return match ? { variant: match.show, reason: "MATCH", rule: match.name } : { variant: null, reason: "DEFAULT" };
}

// ---- properties ------------------------------------------------------------

describe("property: parse and evaluate always return", () => {
  it("for any JSON value as the rule set and any context", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), anyContext, async (rules, context) => {
        const result = parseRuleSet(rules);
        expect(typeof result.ok).toBe("boolean");
        const { decisions } = await evaluate(rules, context as Context);
        expect(Array.isArray(decisions)).toBe(true);
        expectNoPollution();
      }),
      { numRuns: 300 },
    );
  });

  it("for any JSON text as the rule set", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), anyContext, async (text, context) => {
        expect(typeof parseRuleSet(text).ok).toBe("boolean");
        await evaluate(text, context as Context);
        expectNoPollution();
      }),
      { numRuns: 150 },
    );
  });

  it("for rule files with own __proto__ / constructor keys made by JSON.parse", async () => {
    const hostileKey = fc.constantFrom("__proto__", "constructor", "prototype");
    await fc.assert(
      fc.asyncProperty(nearlyValidRules, hostileKey, fc.constantFrom("root", "slots", "audiences", "rule"), anyContext, async (rules, key, where, context) => {
        const text = JSON.stringify(rules);
        const injected = `"${key}": {"polluted": true, "all": [], "version": 1}`;
        const hostile =
          where === "root"
            ? text.replace(/^\{/, `{${injected},`)
            : where === "rule"
              ? text.replace(/"name":/, `${injected}, "name":`)
              : text.replace(`"${where}":{`, `"${where}":{${injected}${text.includes(`"${where}":{}`) ? "" : ","}`);
        const input = JSON.parse(hostile) as unknown;
        parseRuleSet(input);
        await evaluate(input, context as Context);
        expectNoPollution();
      }),
      { numRuns: 200 },
    );
  });
});

describe("property: decisions follow the rules", () => {
  it("decides every valid slot as an independent first-match evaluation would, and flags the invalid ones", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(validRules, nearlyValidRules), anyContext, async (rules, context) => {
        // The runtime face classifies the slots (it agrees with parseRuleSet but for slips of a
        // declared variant id, which it takes for page templates: test/read-rules.test.ts).
        const parsed = readRuleSet(rules);
        const { decisions } = evaluate(rules, context as Context, { trace: true });
        expectNoPollution();
        const slots = decisions.map((d) => d.slot);
        expect(new Set(slots).size).toBe(slots.length);
        const ruleSet = parsed.value;
        if (ruleSet === null) {
          expect(decisions.every((d) => d.reason === "ERROR" && d.errorCode === "INVALID_RULES")).toBe(true);
          return;
        }
        expect(slots.sort()).toEqual([...Object.keys(ruleSet.slots), ...ruleSet.invalidSlots].sort());
        for (const decision of decisions) {
          if (ruleSet.invalidSlots.includes(decision.slot)) {
            expect(decision).toMatchObject({ reason: "ERROR", errorCode: "INVALID_RULES", variant: null });
            continue;
          }
          const slotRules = ruleSet.slots[decision.slot]!;
          expect(pick(decision)).toEqual(expectedDecision(slotRules, context, ruleSet.audiences));
          expectConsistentTrace(decision, slotRules);
        }
      }),
      { numRuns: 400 },
    );
  }, LOADED_MACHINE_TIMEOUT);
});

function pick(decision: Decision) {
  return decision.reason === "MATCH"
    ? { variant: decision.variant, reason: decision.reason, rule: decision.rule }
    : { variant: decision.variant, reason: decision.reason };
}

/** The trace names the rules in order, all unmatched but the last of a MATCH. */
function expectConsistentTrace(decision: Decision, rules: readonly Rule[]): void {
  const trace = decision.trace ?? [];
  const names = trace.map((t) => t.rule);
  expect(names).toEqual(rules.slice(0, names.length).map((r) => r.name));
  trace.forEach((t, i) => {
    const last = i === trace.length - 1;
    expect(t.matched).toBe(decision.reason === "MATCH" && last);
    if (t.condition !== undefined && t.condition.kind !== "skipped") expect(t.condition.result).toBe(t.matched);
  });
  if (decision.reason === "DEFAULT") expect(trace.length).toBe(rules.length);
}
