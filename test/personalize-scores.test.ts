import { describe, expect, it } from "vitest";
import { parseRuleSet, applyEvent, personalize, emptyPersonalState } from "../src/index.js";
import type { PersonalState, RuleSet } from "../src/index.js";
import { parseDuration, meantDuration } from "../src/core/personalize/duration.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const T0 = Date.parse("2026-01-05T09:00:00.000Z");

function ruleSet(scores: Record<string, unknown>): RuleSet {
  const result = parseRuleSet({ version: 1, slots: {}, scores });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

const intent = ruleSet({
  intent: { signals: [{ event: "pricing_page_viewed", points: 30 }, { event: "email_clicked", points: 15 }], cap: 100, halfLife: "7d" },
  lifetime: { signals: [{ event: "pricing_page_viewed", points: 30 }], cap: 1000 },
});

async function scoresAt(rules: RuleSet, state: PersonalState, now: number): Promise<Record<string, number>> {
  return (await personalize(rules, {}, state, now, 1)).facts.scores;
}

function track(rules: RuleSet, state: PersonalState, events: [string, number][]): PersonalState {
  return events.reduce((current, [event, at]) => applyEvent(rules, current, event, at), state);
}

describe("score decay and caps over simulated weeks", () => {
  it("halves a score every half-life and never decays one without a half-life", async () => {
    const state = track(intent, emptyPersonalState(), [
      ["pricing_page_viewed", T0],
      ["pricing_page_viewed", T0],
      ["pricing_page_viewed", T0],
    ]);
    expect(await scoresAt(intent, state, T0)).toEqual({ intent: 90, lifetime: 90 });
    expect(await scoresAt(intent, state, T0 + WEEK)).toEqual({ intent: 45, lifetime: 90 });
    expect(await scoresAt(intent, state, T0 + 2 * WEEK)).toEqual({ intent: 22.5, lifetime: 90 });
    expect(await scoresAt(intent, state, T0 + 3 * WEEK + 3.5 * DAY)).toEqual({ intent: 7.95, lifetime: 90 });
    expect(await scoresAt(intent, state, T0 + 52 * WEEK)).toEqual({ intent: 0, lifetime: 90 });
  });

  it("adds new points to the decayed value, from the time of the event", async () => {
    let state = track(intent, emptyPersonalState(), [["pricing_page_viewed", T0], ["pricing_page_viewed", T0]]);
    state = applyEvent(intent, state, "email_clicked", T0 + 2 * WEEK);
    // 60 halved twice is 15, plus 15.
    expect(state.scores["intent"]).toMatchObject({ value: 30, at: T0 + 2 * WEEK });
    expect(await scoresAt(intent, state, T0 + 3 * WEEK)).toEqual({ intent: 15, lifetime: 60 });
  });

  it("stops at the cap, and the trace says the cap cut it", async () => {
    const state = track(
      intent,
      emptyPersonalState(),
      [0, 1, 2, 3, 4].map((hour) => ["pricing_page_viewed", T0 + hour * HOUR] as [string, number]),
    );
    const { facts, trace } = await personalize(intent, {}, state, T0 + 4 * HOUR, 1);
    expect(facts.scores).toEqual({ intent: 100, lifetime: 150 });
    expect(trace.scores[0]).toMatchObject({ score: "intent", cap: 100, value: 100, halfLife: "7d" });
    // Capped when applied, so a week later it is half the cap, not half of 150.
    expect(await scoresAt(intent, state, T0 + 4 * HOUR + WEEK)).toEqual({ intent: 50, lifetime: 150 });
  });

  it("uses a cap of 100 when none is declared", async () => {
    const rules = ruleSet({ intent: { signals: [{ event: "big", points: 70 }] } });
    const state = track(rules, emptyPersonalState(), [["big", T0], ["big", T0 + 1]]);
    expect(await scoresAt(rules, state, T0 + DAY)).toEqual({ intent: 100 });
  });

  it("leaves the state as it was, the same object, for an event no signal counts", () => {
    const state = track(intent, emptyPersonalState(), [["pricing_page_viewed", T0]]);
    const frozen = structuredClone(state);
    expect(applyEvent(intent, state, "newsletter_opened", T0 + HOUR)).toBe(state);
    const next = applyEvent(intent, state, "email_clicked", T0 + HOUR);
    expect(next).not.toBe(state);
    expect(state).toEqual(frozen);
  });

  it("counts an event that arrives with an earlier time than the score's as happening at the score's time", () => {
    const state = track(intent, emptyPersonalState(), [["pricing_page_viewed", T0 + WEEK], ["email_clicked", T0]]);
    expect(state.scores["intent"]).toMatchObject({ value: 45, at: T0 + WEEK });
  });
});

describe("condition signals", () => {
  const rules = ruleSet({
    intent: {
      signals: [
        { when: { all: [{ fact: "page.path", operator: "startsWith", value: "/checkout" }] }, points: 10 },
        { when: { all: [{ fact: "page.path", operator: "equal", value: "/pricing" }] }, points: 5, once: "ever" },
      ],
    },
  });

  it("awards a 'visit' signal once per visit, however many decisions the visit has", async () => {
    const checkout = { page: { path: "/checkout" } };
    const first = await personalize(rules, checkout, emptyPersonalState(), T0, 1);
    const again = await personalize(rules, checkout, first.state, T0 + HOUR, 1);
    const nextVisit = await personalize(rules, checkout, again.state, T0 + DAY, 2);
    expect([first, again, nextVisit].map((step) => step.facts.scores["intent"])).toEqual([10, 10, 20]);
    expect(again.trace.scores[0]?.conditions[0]).toEqual({ signal: 0, points: 10, once: "visit", outcome: "already_awarded" });
    expect(first.state.awarded).toEqual({ "intent#0": { visit: 1, at: T0 } });
  });

  it("awards an 'ever' signal only once, and does not award a condition that does not hold", async () => {
    const pricing = { page: { path: "/pricing" } };
    const first = await personalize(rules, pricing, emptyPersonalState(), T0, 1);
    const later = await personalize(rules, pricing, first.state, T0 + WEEK, 9);
    expect([first.facts.scores["intent"], later.facts.scores["intent"]]).toEqual([5, 5]);
    expect(first.trace.scores[0]?.conditions.map((signal) => signal.outcome)).toEqual(["not_matched", "awarded"]);
    expect(later.trace.scores[0]?.conditions.map((signal) => signal.outcome)).toEqual(["not_matched", "already_awarded"]);
  });

  it("awards each score's own condition signals when scores have different numbers of them", async () => {
    const two = ruleSet({
      reach: { signals: [{ when: { all: [{ fact: "page.path", operator: "equal", value: "/pricing" }] }, points: 3 }] },
      intent: {
        signals: [
          { when: { all: [{ fact: "page.path", operator: "startsWith", value: "/checkout" }] }, points: 10 },
          { when: { all: [{ fact: "page.path", operator: "equal", value: "/pricing" }] }, points: 5 },
        ],
      },
    });
    const { facts, trace } = await personalize(two, { page: { path: "/pricing" } }, emptyPersonalState(), T0, 1);
    expect(trace.failed).toEqual([]);
    expect(facts.scores).toEqual({ reach: 3, intent: 5 });
    expect(trace.scores.map((score) => score.conditions.map((signal) => signal.outcome))).toEqual([["awarded"], ["not_matched", "awarded"]]);
  });

  it("does not change the state it is given", async () => {
    const state = emptyPersonalState();
    await personalize(rules, { page: { path: "/checkout" } }, state, T0, 1);
    expect(state).toEqual(emptyPersonalState());
  });
});

describe("reproducibility", () => {
  const events: [string, number][] = [
    ["pricing_page_viewed", T0],
    ["email_clicked", T0 + 3 * HOUR],
    ["pricing_page_viewed", T0 + 2 * DAY],
    ["email_clicked", T0 + 9 * DAY],
  ];

  it("gives the same scores for the same events at the same times, whatever unrelated calls come in between", async () => {
    const plain = track(intent, emptyPersonalState(), events);
    let busy = emptyPersonalState();
    for (const [event, at] of events) {
      busy = applyEvent(intent, busy, "newsletter_opened", at - 1);
      busy = (await personalize(intent, { page: { path: "/" } }, busy, at - 1, 1)).state;
      busy = applyEvent(intent, busy, event, at);
      await personalize(intent, {}, busy, at + WEEK, 3);
    }
    expect(busy.scores).toEqual(plain.scores);
    expect(await scoresAt(intent, busy, T0 + 10 * DAY)).toEqual(await scoresAt(intent, plain, T0 + 10 * DAY));
    // Worked by hand: 30, +15 three hours later, +30 at two days, +15 at nine days, each on the decayed value; a day on: 43.96.
    expect(await scoresAt(intent, plain, T0 + 10 * DAY)).toEqual({ intent: 43.96, lifetime: 60 });
  });
});

describe("durations", () => {
  it("reads whole numbers of minutes, hours, days and weeks, and nothing else", () => {
    expect([parseDuration("30m"), parseDuration("24h"), parseDuration("7d"), parseDuration("2w")]).toEqual([30 * 60_000, DAY, WEEK, 2 * WEEK]);
    for (const bad of ["0h", "1.5d", "24 h", "24hours", "h", "-1d", "1y", "07d", "9".repeat(30) + "w"]) expect(parseDuration(bad)).toBeUndefined();
  });

  it("knows what '24 hours', '1.5d' and '90 minutes' were meant to be", () => {
    expect([meantDuration("24 hours"), meantDuration("1.5d"), meantDuration("90 minutes"), meantDuration("2 Weeks")]).toEqual(["1d", "36h", "90m", "2w"]);
    expect([meantDuration("soon"), meantDuration("90 seconds"), meantDuration("0h")]).toEqual([undefined, undefined, undefined]);
  });
});
