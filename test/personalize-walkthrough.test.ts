import { describe, expect, it } from "vitest";
import { parseRuleSet, applyEvent, personalize, emptyPersonalState } from "../src/index.js";
import type { PersonalState, RuleSet } from "../src/index.js";
// evaluate() no longer personalizes by itself: personalize() first, then evaluate (README).
import { evaluatePersonalized } from "./support/personalized.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-03-02T10:00:00.000Z");

/** The rule file of the walkthrough (issue 6), as a marketer would write it. */
const rules = {
  version: 1,
  audiences: {
    engaged: { all: [{ fact: "visitor.pageviews", operator: "greaterThan", value: 2 }] },
  },
  scores: {
    intent: {
      signals: [
        { event: "product_page_viewed", points: 20 },
        { event: "email_clicked", points: 15 },
        { event: "whatsapp_replied", points: 25 },
        { when: { all: [{ fact: "page.path", operator: "startsWith", value: "/checkout" }] }, points: 10, once: "visit" },
      ],
      cap: 100,
      halfLife: "7d",
    },
  },
  stages: [
    { name: "customer", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] } },
    { name: "high_intent_lead", when: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 60 }] } },
    { name: "engaged", when: { audience: "engaged" } },
    { name: "anonymous" },
  ],
  actions: [
    {
      name: "Abandoned checkout",
      when: {
        all: [
          { fact: "scores.intent", operator: "greaterThanInclusive", value: 60 },
          { fact: "events.checkout_abandoned.count", operator: "greaterThan", value: 0 },
        ],
      },
      action: "send_personalized_checkout_reminder",
      channel: { fact: "user.preferredChannel", fallback: "email" },
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      cooldown: "24h",
    },
    { name: "Warm leads", when: { audience: "engaged" }, action: "send_demo_invite", channel: "email", timing: "next_visit", cooldown: "7d" },
  ],
  slots: {
    "checkout-reminder": [
      {
        name: "Reminder on site",
        when: { all: [{ fact: "nextBestAction.action", operator: "equal", value: "send_personalized_checkout_reminder" }] },
        show: "Reminder",
      },
    ],
  },
  variants: { Reminder: { text: "Your cart is waiting" } },
};

function parsed(): RuleSet {
  const result = parseRuleSet(rules);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.value;
}

/** The journey: the product page twice, an email click, a WhatsApp reply (the checkout is abandoned after). */
function journey(ruleSet: RuleSet): PersonalState {
  let state = emptyPersonalState();
  state = applyEvent(ruleSet, state, "product_page_viewed", T0);
  state = applyEvent(ruleSet, state, "product_page_viewed", T0 + 10 * MINUTE);
  state = applyEvent(ruleSet, state, "email_clicked", T0 + DAY);
  state = applyEvent(ruleSet, state, "whatsapp_replied", T0 + 2 * DAY);
  state = applyEvent(ruleSet, state, "checkout_abandoned", T0 + 2 * DAY + 50 * MINUTE);
  return state;
}

const atCheckout = (extra: Record<string, unknown> = {}) => ({
  page: { path: "/checkout/payment" },
  visitor: { pageviews: 6, visits: 1 },
  user: { preferredChannel: "whatsapp" },
  events: { checkout_abandoned: { count: 1 } },
  ...extra,
});

const decisionTime = T0 + 2 * DAY + HOUR;

describe("the walkthrough of issue 6, in Node with a controlled clock", () => {
  it("recommends the personalized checkout reminder on WhatsApp, immediately, for a high-intent visitor who abandoned checkout", async () => {
    const ruleSet = parsed();
    const { facts, state, trace } = await personalize(ruleSet, atCheckout(), journey(ruleSet), decisionTime, 1);
    // 20 + 20 (10 min later) + 15 (a day later) + 25 (two days later), decayed with a 7-day half-life: 71.41 at the reply,
    // 71.12 an hour later, plus 10 for being at the checkout.
    expect(facts.scores).toEqual({ intent: 81.12 });
    expect(facts.segments).toEqual(["engaged"]);
    expect(facts.lifecycle).toEqual({ stage: "high_intent_lead", since: new Date(decisionTime).toISOString() });
    expect(facts.nextBestAction).toEqual({
      action: "send_personalized_checkout_reminder",
      channel: "whatsapp",
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      rule: "Abandoned checkout",
    });
    expect(state.actions).toEqual({ send_personalized_checkout_reminder: { at: decisionTime, visit: 1 } });
    expect(trace.actions).toMatchObject([
      { rule: "Abandoned checkout", matched: true, chosen: true, channel: { fact: "user.preferredChannel", value: "whatsapp", usedFallback: false } },
    ]);
    const intent = trace.scores[0];
    expect(intent?.applied.map((entry) => [entry.signal, entry.points])).toEqual([
      ["product_page_viewed", 20],
      ["product_page_viewed", 20],
      ["email_clicked", 15],
      ["whatsapp_replied", 25],
    ]);
    expect(intent?.conditions).toMatchObject([{ signal: 3, points: 10, outcome: "awarded" }]);
    expect(intent?.decayFactor).toBeCloseTo(Math.pow(0.5, 1 / (7 * 24)), 12);
  });

  it("shows the on-site reminder slot through evaluate(), with the same facts", async () => {
    const ruleSet = parsed();
    const evaluation = await evaluatePersonalized(ruleSet, atCheckout(), { state: journey(ruleSet), now: decisionTime, visit: 1 });
    expect(evaluation.decisions).toMatchObject([{ slot: "checkout-reminder", variant: "Reminder", reason: "MATCH" }]);
    expect(evaluation.personalization?.facts.nextBestAction?.channel).toBe("whatsapp");
    expect(evaluation.personalization?.state.actions["send_personalized_checkout_reminder"]).toEqual({ at: decisionTime, visit: 1 });
  });

  it("keeps the reminder as the next best action for the rest of the visit, without renewing its cooldown", async () => {
    const ruleSet = parsed();
    const first = await personalize(ruleSet, atCheckout(), journey(ruleSet), decisionTime, 1);
    const again = await personalize(ruleSet, atCheckout({ page: { path: "/cart" } }), first.state, decisionTime + 20 * MINUTE, 1);
    expect(again.facts.nextBestAction).toEqual(first.facts.nextBestAction);
    expect(again.trace.actions).toMatchObject([{ rule: "Abandoned checkout", chosen: true, heldSince: new Date(decisionTime).toISOString() }]);
    expect(again.state.actions).toEqual(first.state.actions);
    // The on-site reminder stays too.
    const shown = await evaluatePersonalized(ruleSet, atCheckout(), { state: again.state, now: decisionTime + 25 * MINUTE, visit: 1 });
    expect(shown.decisions).toMatchObject([{ slot: "checkout-reminder", variant: "Reminder" }]);
  });

  it("holds the reminder only while its rule matches, and brings it back (held, not renewed) when it matches again in the visit", async () => {
    const ruleSet = parsed();
    const first = await personalize(ruleSet, atCheckout(), journey(ruleSet), decisionTime, 1);
    const cleared = atCheckout({ events: {} });
    const away = await personalize(ruleSet, cleared, first.state, decisionTime + MINUTE, 1);
    expect(away.facts.nextBestAction?.action).toBe("send_demo_invite");
    const back = await personalize(ruleSet, atCheckout(), away.state, decisionTime + 2 * MINUTE, 1);
    expect(back.facts.nextBestAction?.action).toBe("send_personalized_checkout_reminder");
    expect(back.trace.actions[0]?.heldSince).toBe(new Date(decisionTime).toISOString());
  });

  it("does not recommend the reminder in a later visit within its 24h cooldown: the next matching rule wins, and the trace says until when", async () => {
    const ruleSet = parsed();
    const first = await personalize(ruleSet, atCheckout(), journey(ruleSet), decisionTime, 1);
    const later = decisionTime + 3 * HOUR;
    const second = await personalize(ruleSet, atCheckout(), first.state, later, 2);
    expect(second.facts.nextBestAction).toMatchObject({ action: "send_demo_invite", channel: "email", timing: "next_visit", rule: "Warm leads" });
    expect(second.trace.actions).toMatchObject([
      { rule: "Abandoned checkout", matched: true, chosen: false, cooldownUntil: new Date(decisionTime + DAY).toISOString() },
      { rule: "Warm leads", matched: true, chosen: true },
    ]);
    // In the next visit the demo invite is cooling down too (7 days): nothing is left to recommend.
    const third = await personalize(ruleSet, atCheckout(), second.state, later + HOUR, 3);
    expect(third.facts.nextBestAction).toBeUndefined();
    expect(third.trace.actions.map((rule) => rule.cooldownUntil !== undefined)).toEqual([true, true]);
    // Once the 24h are over, the reminder is recommended again, anew.
    const fourth = await personalize(ruleSet, atCheckout(), third.state, decisionTime + DAY, 4);
    expect(fourth.facts.nextBestAction?.action).toBe("send_personalized_checkout_reminder");
    expect(fourth.trace.actions[0]?.heldSince).toBeUndefined();
    expect(fourth.state.actions["send_personalized_checkout_reminder"]).toEqual({ at: decisionTime + DAY, visit: 4 });
  });

  it("chooses an action anew when its cooldown runs out within the same visit", async () => {
    const ruleSet = parsed();
    const first = await personalize(ruleSet, atCheckout(), journey(ruleSet), decisionTime, 1);
    const next = await personalize(ruleSet, atCheckout(), first.state, decisionTime + DAY, 1);
    expect(next.trace.actions[0]).toMatchObject({ chosen: true });
    expect(next.trace.actions[0]?.heldSince).toBeUndefined();
    expect(next.state.actions["send_personalized_checkout_reminder"]).toEqual({ at: decisionTime + DAY, visit: 1 });
  });

  it("reads an action time stored without its visit as cooling down, never held", async () => {
    const ruleSet = parsed();
    const old = { ...journey(ruleSet), actions: { send_personalized_checkout_reminder: decisionTime } } as unknown as PersonalState;
    const { facts, trace } = await personalize(ruleSet, atCheckout(), old, decisionTime + HOUR, 1);
    expect(facts.nextBestAction?.action).toBe("send_demo_invite");
    expect(trace.actions[0]?.cooldownUntil).toBe(new Date(decisionTime + DAY).toISOString());
  });

  it("decides the same with a personalization handed in as by personalizing itself", async () => {
    const ruleSet = parsed();
    const state = journey(ruleSet);
    const own = await evaluatePersonalized(ruleSet, atCheckout(), { state, now: decisionTime, visit: 1 });
    const personalization = await personalize(ruleSet, atCheckout(), state, decisionTime, 1);
    const handed = await evaluatePersonalized(ruleSet, atCheckout(), { personalization });
    expect(handed).toEqual(own);
    expect(handed.decisions).toMatchObject([{ slot: "checkout-reminder", variant: "Reminder" }]);
    // It is used as it is: state, now and visit are then not read.
    const ignored = await evaluatePersonalized(ruleSet, atCheckout(), { personalization, state: emptyPersonalState(), now: 0, visit: 9 });
    expect(ignored).toEqual(own);
  });

  it("uses the fallback channel when the channel fact is missing, and the trace says so", async () => {
    const ruleSet = parsed();
    const { facts, trace } = await personalize(ruleSet, atCheckout({ user: {} }), journey(ruleSet), decisionTime, 1);
    expect(facts.nextBestAction?.channel).toBe("email");
    expect(trace.actions[0]?.channel).toEqual({ fact: "user.preferredChannel", value: undefined, fallback: "email", usedFallback: true });
  });

  it("keeps the reminder away from a visitor whose intent is low, even after an abandoned checkout", async () => {
    const ruleSet = parsed();
    const state = applyEvent(ruleSet, emptyPersonalState(), "email_clicked", T0);
    const { facts, trace } = await personalize(ruleSet, atCheckout({ visitor: { pageviews: 1 } }), state, T0 + HOUR, 1);
    // 15 an hour ago (×0.5^(1/168) = 14.94), plus 10 for being at the checkout.
    expect(facts.scores["intent"]).toBe(24.94);
    expect(facts.nextBestAction).toBeUndefined();
    expect(facts.lifecycle?.stage).toBe("anonymous");
    expect(trace.actions.map((rule) => [rule.rule, rule.matched])).toEqual([
      ["Abandoned checkout", false],
      ["Warm leads", false],
    ]);
  });

  it("leaves a rule set without scores, stages, actions or audiences on the plain path: no personalization in the answer", async () => {
    const plain = parseRuleSet({ version: 1, slots: { offer: [{ name: "Everyone", show: "Offer" }] } });
    const evaluation = await evaluatePersonalized(plain.value, {}, { state: journey(parsed()), now: decisionTime });
    expect(evaluation).toEqual({ decisions: [{ slot: "offer", variant: "Offer", reason: "MATCH", rule: "Everyone" }] });
    expect("personalization" in evaluation).toBe(false);
  });
});
