import { describe, expect, it } from "vitest";
import { parseRuleSet, applyEvent, personalize, emptyPersonalState } from "../src/index.js";
import type { RuleSet } from "../src/index.js";

const HOUR = 3_600_000;
const T0 = Date.parse("2026-04-01T08:00:00.000Z");

function parsed(rules: Record<string, unknown>): RuleSet {
  const result = parseRuleSet({ version: 1, slots: {}, ...rules });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const rules = parsed({
  audiences: {
    bangalore: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] },
    engaged: { all: [{ fact: "visitor.pageviews", operator: "greaterThan", value: 2 }] },
    hot: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 60 }] },
  },
  scores: { intent: { signals: [{ event: "pricing_page_viewed", points: 30 }] } },
  stages: [
    { name: "customer", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] } },
    { name: "high_intent_lead", when: { audience: "hot" } },
    { name: "engaged", when: { all: [{ fact: "segments", operator: "contains", value: "engaged" }] } },
    { name: "anonymous" },
  ],
});

describe("segments", () => {
  it("lists the audiences the visitor is in now, in file order, and follows the facts as they change", async () => {
    const state = emptyPersonalState();
    const segmentsFor = async (context: Record<string, unknown>) => (await personalize(rules, context, state, T0, 1)).facts.segments;
    expect(await segmentsFor({})).toEqual([]);
    expect(await segmentsFor({ visitor: { pageviews: 3 } })).toEqual(["engaged"]);
    expect(await segmentsFor({ visitor: { pageviews: 3 }, geo: { city: "Bangalore" } })).toEqual(["bangalore", "engaged"]);
    expect(await segmentsFor({ geo: { city: "Pune" }, visitor: { pageviews: 1 } })).toEqual([]);
  });

  it("reads scores: a segment on scores.intent is entered when the score gets there", async () => {
    let state = applyEvent(rules, emptyPersonalState(), "pricing_page_viewed", T0);
    expect((await personalize(rules, {}, state, T0, 1)).facts.segments).toEqual([]);
    state = applyEvent(rules, state, "pricing_page_viewed", T0 + HOUR);
    const { facts, trace } = await personalize(rules, {}, state, T0 + HOUR, 1);
    expect(facts.segments).toEqual(["hot"]);
    expect(trace.segments.map((segment) => [segment.segment, segment.member])).toEqual([
      ["bangalore", false],
      ["engaged", false],
      ["hot", true],
    ]);
    expect(trace.segments[2]?.condition).toMatchObject({ kind: "audience", audience: "hot", result: true });
  });
});

describe("lifecycle stage", () => {
  it("takes the first matching stage, keeps 'since' while the stage stays, and moves it on each transition", async () => {
    let state = emptyPersonalState();
    const step = async (context: Record<string, unknown>, now: number) => {
      const result = await personalize(rules, context, state, now, 1);
      state = result.state;
      return result;
    };
    const iso = (ms: number) => new Date(ms).toISOString();

    const first = await step({}, T0);
    expect(first.facts.lifecycle).toEqual({ stage: "anonymous", since: iso(T0) });
    expect(first.trace.stages).toMatchObject({ stage: "anonymous", changed: true });

    const engaged = await step({ visitor: { pageviews: 3 } }, T0 + HOUR);
    expect(engaged.facts.lifecycle).toEqual({ stage: "engaged", since: iso(T0 + HOUR) });
    expect(engaged.trace.stages).toMatchObject({ stage: "engaged", previous: "anonymous", changed: true });

    const still = await step({ visitor: { pageviews: 5 } }, T0 + 2 * HOUR);
    expect(still.facts.lifecycle).toEqual({ stage: "engaged", since: iso(T0 + HOUR) });
    expect(still.trace.stages?.changed).toBe(false);

    state = applyEvent(rules, applyEvent(rules, state, "pricing_page_viewed", T0 + 3 * HOUR), "pricing_page_viewed", T0 + 3 * HOUR);
    const hot = await step({ visitor: { pageviews: 6 } }, T0 + 3 * HOUR);
    expect(hot.facts.lifecycle).toEqual({ stage: "high_intent_lead", since: iso(T0 + 3 * HOUR) });
    expect(hot.trace.stages?.tried.map((stage) => [stage.stage, stage.matched])).toEqual([
      ["customer", false],
      ["high_intent_lead", true],
    ]);

    const customer = await step({ user: { type: "repeat_customer" } }, T0 + 4 * HOUR);
    expect(customer.facts.lifecycle).toEqual({ stage: "customer", since: iso(T0 + 4 * HOUR) });
    expect(state.lifecycle).toEqual({ stage: "customer", since: T0 + 4 * HOUR });
  });

  it("has no stage when none matches, and leaves the persisted stage alone when the rules declare no stages", async () => {
    const strict = parsed({ stages: [{ name: "customer", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] } }] });
    const before = { ...emptyPersonalState(), lifecycle: { stage: "customer", since: T0 } };
    const none = await personalize(strict, {}, before, T0 + HOUR, 1);
    expect(none.facts.lifecycle).toBeUndefined();
    expect(none.state.lifecycle).toBeUndefined();
    expect(none.trace.stages).toMatchObject({ previous: "customer", changed: true });

    const noStages = parsed({ scores: { intent: { signals: [{ event: "x", points: 1 }] } } });
    const kept = await personalize(noStages, {}, before, T0 + HOUR, 1);
    expect(kept.facts.lifecycle).toBeUndefined();
    expect(kept.state.lifecycle).toEqual({ stage: "customer", since: T0 });
    expect(kept.trace.stages).toBeUndefined();
  });
});
