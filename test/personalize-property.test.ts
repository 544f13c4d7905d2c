import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRuleSet, applyEvent, personalize } from "../src/index.js";
import type { PersonalState, Context, RuleSet } from "../src/index.js";
// evaluate() no longer personalizes by itself: personalize() first, then evaluate (README).
import { evaluatePersonalized } from "./support/personalized.js";

const parsed = parseRuleSet({
  version: 1,
  audiences: { engaged: { all: [{ fact: "visitor.pageviews", operator: "greaterThan", value: 2 }] } },
  scores: {
    intent: {
      signals: [
        { event: "pricing_page_viewed", points: 30 },
        { when: { all: [{ fact: "page.path", operator: "startsWith", value: "/checkout" }] }, points: 10, once: "visit" },
        { when: { any: [{ fact: "scores.intent", operator: "greaterThan", value: 50 }, { audience: "engaged" }] }, points: 5, once: "ever" },
      ],
      halfLife: "7d",
    },
  },
  stages: [{ name: "hot", when: { all: [{ fact: "scores.intent", operator: "greaterThan", value: 40 }] } }, { name: "anonymous" }],
  actions: [
    {
      name: "Reminder",
      when: { all: [{ fact: "segments", operator: "contains", value: "engaged" }] },
      action: "remind",
      channel: { fact: "user.preferredChannel", fallback: "email" },
      params: { n: 1 },
      cooldown: "1h",
    },
    { name: "Anything", action: "wave", channel: "web", timing: "next_visit", cooldown: "1d" },
  ],
  slots: { offer: [{ name: "Remind", when: { all: [{ fact: "nextBestAction.action", operator: "equal", value: "remind" }] }, show: "R" }] },
});
const ruleSet = parsed.value as RuleSet;

const scoreState = fc.record({ value: fc.oneof(fc.double(), fc.integer()), at: fc.oneof(fc.double(), fc.integer()), log: fc.anything() }, { requiredKeys: [] });
const state = fc.oneof(
  fc.anything(),
  fc.record(
    {
      scores: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom("intent", "__proto__", "other"), scoreState)),
      awarded: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom("intent#1", "intent#2", "x"), fc.record({ visit: fc.anything(), at: fc.anything() }))),
      actions: fc.oneof(fc.anything(), fc.dictionary(fc.constantFrom("remind", "wave", "constructor"), fc.oneof(fc.double(), fc.anything()))),
      lifecycle: fc.oneof(fc.anything(), fc.record({ stage: fc.string(), since: fc.oneof(fc.double(), fc.anything()) })),
    },
    { requiredKeys: [] },
  ),
);
const context = fc.oneof(
  fc.anything(),
  fc.record(
    {
      page: fc.oneof(fc.anything(), fc.record({ path: fc.oneof(fc.constant("/checkout"), fc.string()) })),
      visitor: fc.oneof(fc.anything(), fc.record({ pageviews: fc.oneof(fc.integer(), fc.anything()) })),
      user: fc.oneof(fc.anything(), fc.record({ preferredChannel: fc.anything() })),
      scores: fc.anything(),
      segments: fc.anything(),
    },
    { requiredKeys: [] },
  ),
);
const time = fc.oneof(fc.double(), fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constant(Number.NaN), fc.constant(8.64e15));

describe("personalize on arbitrary input", () => {
  it("never throws or rejects, and always answers with serialisable facts and trace", async () => {
    await fc.assert(
      fc.asyncProperty(context, state, time, fc.oneof(fc.integer(), fc.anything()), async (ctx, st, now, visit) => {
        const result = await personalize(ruleSet, ctx as Context, st as PersonalState, now, visit as number);
        expect(Array.isArray(result.facts.segments)).toBe(true);
        expect(typeof result.trace.now).toBe("string");
        expect(() => JSON.stringify(result)).not.toThrow();
        expect(result.trace.failed).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws in applyEvent, nor rejects in evaluate, whatever the state, time and options", async () => {
    await fc.assert(
      fc.asyncProperty(context, state, time, fc.anything(), async (ctx, st, now, visit) => {
        expect(() => applyEvent(ruleSet, st as PersonalState, "pricing_page_viewed", now)).not.toThrow();
        const evaluation = await evaluatePersonalized(ruleSet, ctx as Context, { state: st as PersonalState, now, visit: visit as number });
        expect(evaluation.decisions).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });

  it("takes any value as a rule set without rejecting", async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), context, async (rules, ctx) => {
        const result = await personalize(rules as RuleSet, ctx as Context, {} as PersonalState, 0, 1);
        expect(result.facts.scores).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });
});
