// @vitest-environment happy-dom
/**
 * Personalization in the runtime (issue 6): tracked events become intent
 * points, segments / stage / next best action are decided before the slots,
 * the state is kept per profile under the consent rules, and a next best
 * action reaches the host by the instance's `action` event, the
 * `slotwise:action` DOM event, an opt-in dataLayer push and an opt-in beacon.
 *
 * The clock: only `Date` is faked (vi.useFakeTimers({ toFake: ["Date"] })),
 * so the store's clock can jump days ahead while timers run for real.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise, personalization } from "../src/index.js";
import type { ActionPayload, SegmentChange, Slotwise, SlotwiseOptions, StageChange } from "../src/index.js";
import type { SlotwiseError } from "../src/index.js";
import { createMemoryStorage } from "./support/memory-storage.js";
import { createContextStore, type ContextStore, type ContextStoreOptions } from "../src/runtime/context.js";
import { personalValue, readPersonalRecord } from "../src/core/personalize/state.js";
import type { ContextError } from "../src/runtime/context-types.js";
import { STORAGE_KEY } from "../src/dom/storage.js";

const T0 = Date.UTC(2026, 2, 2, 10, 0); // a Monday
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const REMINDER = "send_personalized_checkout_reminder";

/** The walkthrough's rule file, as a marketer would write it. */
const RULES = {
  version: 1,
  audiences: {
    pro: { all: [{ fact: "user.plan", operator: "equal", value: "pro" }] },
    highIntent: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 60 }] },
  },
  scores: {
    intent: {
      signals: [
        { event: "product_page_viewed", points: 20 },
        { event: "pricing_page_viewed", points: 30 },
        { event: "email_clicked", points: 15 },
        { event: "whatsapp_replied", points: 25 },
      ],
      cap: 100,
      halfLife: "7d",
    },
  },
  stages: [
    { name: "customer", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] } },
    { name: "high_intent_lead", when: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 60 }] } },
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
      action: REMINDER,
      channel: { fact: "user.preferredChannel", fallback: "email" },
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      cooldown: "24h",
    },
  ],
  slots: {
    reminder: [
      {
        name: "Checkout reminder",
        when: { all: [{ fact: "nextBestAction.action", operator: "equal", value: REMINDER }] },
        show: "Reminder",
      },
    ],
    score: [{ name: "Everyone", show: "ScoreLine" }],
    plan: [{ name: "Pro customers", when: { audience: "pro" }, show: "ProLine" }],
  },
  variants: {
    Reminder: { text: "Your cart is waiting" },
    ProLine: { text: "Thanks for being Pro" },
    ScoreLine: { text: "intent={{scores.intent}} stage={{lifecycle.stage | \"none\"}}" },
  },
};

const PAGE = `<div data-slot="reminder">Shop on</div><div data-slot="score">no score</div><div data-slot="plan">Go Pro</div>`;

interface Heard {
  actions: ActionPayload[];
  domActions: ActionPayload[];
  segments: SegmentChange[];
  stages: StageChange[];
  errors: SlotwiseError[];
}

let instances: Slotwise[] = [];
let heard: Heard;
let stopDom: () => void = () => {};

function start(options: SlotwiseOptions = {}): Slotwise {
  const sw = createSlotwise({ rules: RULES, navigation: false, ...options, plugins: [personalization(), ...(options.plugins ?? [])] });
  instances.push(sw);
  sw.on("action", (payload) => heard.actions.push(payload));
  sw.on("segment", (change) => heard.segments.push(change));
  sw.on("stage", (change) => heard.stages.push(change));
  sw.on("error", (error) => heard.errors.push(error));
  return sw;
}

/** Lets every pending decision finish (they run on promises; one macrotask drains them). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** The walkthrough: product page twice, an email click, a WhatsApp reply (the host learns the channel), an abandoned checkout. */
async function walkthrough(sw: Slotwise): Promise<void> {
  await sw.ready;
  sw.track("product_page_viewed");
  sw.track("product_page_viewed");
  sw.track("email_clicked");
  sw.set({ user: { preferredChannel: "whatsapp" } });
  sw.track("whatsapp_replied");
  await settle();
  sw.track("checkout_abandoned");
  await settle();
}

const slotText = (name: string): string => document.querySelector(`[data-slot="${name}"]`)?.textContent ?? "";

function stored(): Record<string, unknown> | null {
  const text = localStorage.getItem(STORAGE_KEY);
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
}

/** navigator.sendBeacon, recorded (happy-dom has none). */
function fakeBeacon(answer = true): { url: string; body: string }[] {
  const sent: { url: string; body: string }[] = [];
  Object.defineProperty(window.navigator, "sendBeacon", {
    configurable: true,
    value: (url: string, body: string) => {
      sent.push({ url, body });
      return answer;
    },
  });
  return sent;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(T0);
  document.body.innerHTML = PAGE;
  localStorage.clear();
  delete (window as unknown as { dataLayer?: unknown }).dataLayer;
  heard = { actions: [], domActions: [], segments: [], stages: [], errors: [] };
  const listener = (event: Event) => heard.domActions.push((event as CustomEvent<ActionPayload>).detail);
  document.addEventListener("slotwise:action", listener);
  stopDom = () => document.removeEventListener("slotwise:action", listener);
});
afterEach(() => {
  for (const sw of instances) sw.destroy();
  instances = [];
  stopDom();
  delete (window.navigator as unknown as { sendBeacon?: unknown }).sendBeacon;
  vi.useRealTimers();
});

describe("the walkthrough in the runtime", () => {
  it("recommends the WhatsApp checkout reminder after an abandoned checkout, with the facts that led to it", async () => {
    const sw = start();
    await walkthrough(sw);

    expect(heard.actions).toHaveLength(1);
    const action = heard.actions[0] as ActionPayload;
    expect(action).toMatchObject({
      action: REMINDER,
      channel: "whatsapp",
      timing: "immediate",
      params: { risk: "checkout_abandonment" },
      rule: "Abandoned checkout",
      at: new Date(T0).toISOString(),
      facts: { "scores.intent": 80, "events.checkout_abandoned.count": 1, "user.preferredChannel": "whatsapp" },
    });
    expect(action.visitorId).toBe(sw.context().visitor && (sw.context().visitor as { id: string }).id);
    expect(action.userId).toBeUndefined();
    // The same payload reaches a script-tag page as a DOM event.
    expect(heard.domActions).toEqual([action]);
    expect(heard.errors).toEqual([]);
  });

  it("shows a slot's variant for the recommended action, with the score filled in", async () => {
    const sw = start();
    await walkthrough(sw);
    expect(slotText("reminder")).toBe("Your cart is waiting");
    expect(slotText("score")).toBe("intent=80 stage=high_intent_lead");
  });

  it("announces each stage transition once, from no stage at the first decision", async () => {
    const sw = start();
    await walkthrough(sw);
    expect(heard.stages).toEqual([
      { from: null, to: "anonymous" },
      { from: "anonymous", to: "high_intent_lead" },
    ]);
    sw.identify("u-42", { type: "repeat_customer" });
    await settle();
    expect(heard.stages.at(-1)).toEqual({ from: "high_intent_lead", to: "customer" });
  });

  it("answers profile() with the visitor as one object, the same data the rules see", async () => {
    const sw = start();
    await walkthrough(sw);
    sw.identify("u-42");
    await settle();
    const profile = sw.profile();
    expect(profile).toMatchObject({
      user_id: "u-42",
      lifecycle_stage: "high_intent_lead",
      preferred_channel: "whatsapp",
      intent_score: 80,
      scores: { intent: 80 },
      segments: ["highIntent"],
    });
    expect(profile.visitor_id).toBe((sw.context().visitor as { id: string }).id);
    expect(profile.recent_events.map((event) => event.name)).toEqual([
      "checkout_abandoned",
      "whatsapp_replied",
      "email_clicked",
      "product_page_viewed",
      "product_page_viewed",
    ]);
    // identify() made a new decision in the same visit: the reminder holds, and is not handed over again.
    expect(profile.next_best_action).toMatchObject({ action: REMINDER, channel: "whatsapp" });
    expect(heard.actions).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(profile))).toEqual(profile);
  });

  it("counts events tracked before remote rules arrived", async () => {
    let resolveRules: (rules: typeof RULES) => void = () => {};
    const sw = start({ rules: new Promise<typeof RULES>((resolve) => (resolveRules = resolve)) });
    sw.track("pricing_page_viewed");
    sw.track("email_clicked");
    resolveRules(RULES);
    await sw.ready;
    await settle();
    expect(sw.context().scores).toEqual({ intent: 45 });
  });
});

describe("deciding while facts keep changing", () => {
  it("decides a slot on the newest facts when they change again while personalization runs", async () => {
    const sw = start();
    await sw.ready;
    // Same task: the event starts a decision, the fact arrives while it is under way.
    sw.track("email_clicked");
    sw.set({ user: { plan: "pro" } });
    await settle();
    expect(slotText("plan")).toBe("Thanks for being Pro");
    expect(sw.context().scores).toEqual({ intent: 15 });
  });
});

describe("scores over time in the runtime", () => {
  it("halves the intent score after its half-life and caps it at 100", async () => {
    const sw = start();
    await sw.ready;
    for (let i = 0; i < 5; i += 1) sw.track("pricing_page_viewed");
    await settle();
    expect(sw.profile().intent_score).toBe(100);

    vi.setSystemTime(T0 + 7 * DAY);
    sw.set({ user: { plan: "free" } }); // any change makes a new decision
    await settle();
    expect(sw.profile().intent_score).toBe(50);
  });
});

describe("segments", () => {
  it("announces entering and leaving a segment, and not again on the next page view", async () => {
    const sw = start();
    await sw.ready;
    sw.set({ user: { plan: "pro" } });
    await settle();
    expect(heard.segments).toEqual([{ segment: "pro", change: "entered" }]);
    expect(sw.context().segments).toEqual(["pro"]);

    // The next page view: the stored segments are the starting point.
    sw.destroy();
    heard.segments = [];
    start({ context: { user: { plan: "pro" } } });
    await settle();
    expect(heard.segments).toEqual([]);

    const third = instances.at(-1) as Slotwise;
    third.set({ user: { plan: "free" } });
    await settle();
    expect(heard.segments).toEqual([{ segment: "pro", change: "exited" }]);
  });
});

describe("a next best action holds for the visit", () => {
  it("keeps showing the reminder slot after more set() and track() in the same visit, and hands the action over once", async () => {
    const sw = start();
    await walkthrough(sw);
    expect(slotText("reminder")).toBe("Your cart is waiting");

    vi.setSystemTime(T0 + 10 * 60_000);
    sw.set({ user: { plan: "pro" } });
    sw.track("email_clicked");
    await settle();
    vi.setSystemTime(T0 + 20 * 60_000);
    sw.track("product_page_viewed");
    await settle();

    expect(slotText("reminder")).toBe("Your cart is waiting");
    expect(sw.profile().next_best_action).toMatchObject({ action: REMINDER });
    expect(heard.actions).toHaveLength(1);
    expect(heard.domActions).toHaveLength(1);
  });

  it("keeps it after a reload in the same visit, without handing it over again", async () => {
    const sent = fakeBeacon();
    await walkthrough(start({ beacon: "/api/actions" }));
    instances.forEach((sw) => sw.destroy());
    document.body.innerHTML = PAGE;

    vi.setSystemTime(T0 + 5 * 60_000);
    const reloaded = start({ beacon: "/api/actions" });
    await reloaded.ready;
    await settle();
    expect(reloaded.context().visitor).toMatchObject({ visits: 1 });
    expect(slotText("reminder")).toBe("Your cart is waiting");
    expect(heard.actions).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it("does not give the reminder to a later visit within the cooldown", async () => {
    await walkthrough(start());
    instances.forEach((sw) => sw.destroy());
    document.body.innerHTML = PAGE;

    // An hour idle: the next page view starts visit 2, 23 hours before the cooldown ends.
    vi.setSystemTime(T0 + HOUR);
    const later = start();
    await later.ready;
    later.track("checkout_abandoned");
    await settle();
    expect(later.context().visitor).toMatchObject({ visits: 2 });
    expect(later.profile().next_best_action).toBeNull();
    expect(slotText("reminder")).toBe("Shop on");
    expect(heard.actions).toHaveLength(1);
  });
});

describe("cooldown and activation channels", () => {
  it("sends the beacon exactly once within the cooldown, across more events and a reload, and again after it", async () => {
    const sent = fakeBeacon();
    const sw = start({ beacon: "/api/actions" });
    await walkthrough(sw);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe("/api/actions");
    const body = JSON.parse(sent[0]?.body ?? "{}") as ActionPayload;
    expect(body).toEqual(heard.actions[0]);

    sw.track("checkout_abandoned");
    sw.track("email_clicked");
    await settle();
    sw.destroy(); // leaving the page writes the entry

    // A reload 23 hours later: still cooling down.
    vi.setSystemTime(T0 + 23 * HOUR);
    const again = start({ beacon: "/api/actions" });
    await again.ready;
    again.track("checkout_abandoned");
    await settle();
    expect(sent).toHaveLength(1);
    expect(heard.actions).toHaveLength(1);

    // 25 hours after the first: recommended (and sent) again, if intent is still high.
    vi.setSystemTime(T0 + 25 * HOUR);
    again.track("whatsapp_replied");
    await settle();
    expect(heard.actions.map((action) => action.action)).toEqual([REMINDER, REMINDER]);
    expect(sent).toHaveLength(2);
  });

  it("with consent denied sends nothing, pushes nothing and stores nothing, but still tells the page", async () => {
    const sent = fakeBeacon();
    const sw = start({ consent: "denied", beacon: "/api/actions", dataLayer: true });
    await walkthrough(sw);
    sw.destroy();
    expect(heard.actions).toHaveLength(1);
    expect(heard.domActions).toHaveLength(1);
    expect(sent).toEqual([]);
    expect((window as unknown as { dataLayer?: unknown }).dataLayer).toBeUndefined();
    expect(localStorage.length).toBe(0);
  });

  it("with consent pending sends nothing until it is granted", async () => {
    const sent = fakeBeacon();
    const sw = start({ consent: "pending", beacon: "/api/actions" });
    await walkthrough(sw);
    expect(sent).toEqual([]);
    sw.consent("granted");
    await settle();
    sw.destroy();
    // Granting keeps this page view's scores and the activation (so the cooldown holds), and sends nothing late.
    expect(sent).toEqual([]);
    const personal = (stored()?.profiles as { personal?: { actions: Record<string, unknown> } }[])[0]?.personal;
    expect(personal?.actions[REMINDER]).toEqual({ at: T0, visit: 1 });
  });

  it("leaves storage empty after forget(), though the fresh visitor gets a stage at once", async () => {
    const sw = start();
    await walkthrough(sw);
    sw.forget();
    await settle();
    expect(sw.profile()).toMatchObject({ lifecycle_stage: "anonymous", intent_score: 0 });
    sw.destroy(); // leaving the page: pending writes happen now
    expect(localStorage.length).toBe(0);
  });

  it("pushes the action to window.dataLayer only when asked to", async () => {
    await walkthrough(start());
    expect((window as unknown as { dataLayer?: unknown }).dataLayer).toBeUndefined();
    instances.forEach((sw) => sw.destroy());
    localStorage.clear();

    await walkthrough(start({ dataLayer: true }));
    const layer = (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer.filter((entry) => entry.event === "slotwise_action");
    expect(layer).toHaveLength(1);
    expect(layer[0]).toMatchObject({ event: "slotwise_action", action: REMINDER, channel: "whatsapp", params: { risk: "checkout_abandonment" } });
  });

  it("keeps a page's own dataLayer entries and reports a dataLayer that cannot be pushed to", async () => {
    (window as unknown as { dataLayer: unknown[] }).dataLayer = [{ event: "gtm.js" }];
    await walkthrough(start({ dataLayer: true }));
    const layer = (window as unknown as { dataLayer: { event: string }[] }).dataLayer;
    expect(layer.filter((entry) => entry.event !== "slotwise_exposure")).toEqual([{ event: "gtm.js" }, expect.objectContaining({ event: "slotwise_action" })]);
    instances.forEach((sw) => sw.destroy());
    localStorage.clear();
    heard.errors = [];

    (window as unknown as { dataLayer: unknown }).dataLayer = "not a list";
    await walkthrough(start({ dataLayer: true }));
    // Said once for the actions and once for the exposures, each in its own sentence.
    expect(heard.errors.map((error) => error.code)).toEqual(["ACTIVATION_FAILED", "ACTIVATION_FAILED"]);
    expect(new Set(heard.errors.map((error) => error.message)).size).toBe(2);
  });

  it("reports a beacon the browser refused, once", async () => {
    fakeBeacon(false);
    await walkthrough(start({ beacon: "/api/actions" }));
    expect(heard.errors.map((error) => [error.code, error.message])).toEqual([
      ["ACTIVATION_FAILED", "ACTIVATION_FAILED: beacon refused"],
    ]);
  });

  it("uses the fallback channel when the channel fact is missing", async () => {
    const sw = start();
    await sw.ready;
    for (const name of ["pricing_page_viewed", "pricing_page_viewed", "checkout_abandoned"]) sw.track(name);
    await settle();
    expect(heard.actions[0]).toMatchObject({ channel: "email", facts: { "user.preferredChannel": null } });
  });
});

describe("the beacon's bound", () => {
  it("sends at most 5 per instance, then says so", async () => {
    const sent = fakeBeacon();
    const sw = start({ beacon: "/b" });
    await sw.ready;
    for (let i = 0; i < 7; i += 1) {
      // A fresh visitor each time: no cooldown holds the action back.
      sw.forget();
      for (const name of ["pricing_page_viewed", "pricing_page_viewed", "checkout_abandoned"]) sw.track(name);
      await settle();
    }
    expect(heard.actions).toHaveLength(7);
    expect(sent).toHaveLength(5);
    expect(heard.errors.map((error) => error.message)).toEqual(["ACTIVATION_FAILED: beacon limit 5"]);
  });
});

describe("the store keeps personalization per profile", () => {
  const state = {
    scores: { intent: { value: 40, at: T0, log: [{ signal: "pricing_page_viewed", points: 30, at: T0 }] } },
    awarded: { "intent#4": { visit: 1, at: T0 } },
    actions: { [REMINDER]: { at: T0, visit: 1 } },
    lifecycle: { stage: "engaged", since: T0 },
  };

  function store(extra: Partial<ContextStoreOptions> = {}) {
    const errors: ContextError[] = [];
    const storage = extra.storage ?? createMemoryStorage();
    const created = createContextStore({
      url: "https://shop.example/",
      storage,
      now: () => T0,
      newId: () => "visitor-1",
      schedule: () => () => {},
      onError: (error) => errors.push(error),
      ...extra,
    });
    return { store: created, errors, storage };
  }

  // The store keeps the value opaque; the personalize layer writes and reads it (core/personalize/state.ts).
  const keep = (s: ContextStore, value: Parameters<typeof personalValue>[0]) => s.setPersonal(personalValue(value));
  const read = (s: ContextStore) => readPersonalRecord(s.personal());

  it("persists it with the profile, exports it, and reads it back on the next page view", () => {
    const storage = createMemoryStorage();
    const first = store({ storage });
    keep(first.store, { state, segments: ["pro"] });
    first.store.flush();
    expect(first.store.export().profiles[0]).toMatchObject({ personal: { ...state, segments: ["pro"] } });

    const second = store({ storage });
    expect(read(second.store)).toEqual({ state, segments: ["pro"] });
    expect(second.errors).toEqual([]);
  });

  it("reads an entry written before personalization existed as a profile with none", () => {
    const old = { version: 1, profiles: [{ visitor: { id: "old-1", firstSeen: T0, lastSeen: T0, visits: 1, pageviews: 1 }, events: {}, recentEvents: [] }] };
    const { store: loaded, errors } = store({ storage: createMemoryStorage(JSON.stringify(old)) });
    expect(errors).toEqual([]);
    expect(loaded.facts().visitor).toMatchObject({ id: "old-1" });
    expect(read(loaded)).toEqual({ state: { scores: {}, awarded: {}, actions: {} }, segments: [] });
  });

  it("reads an action time stored before visits were recorded as a choice in no known visit", () => {
    const profile = { visitor: { id: "old-1", firstSeen: T0, lastSeen: T0, visits: 1, pageviews: 1 }, events: {}, recentEvents: [] };
    const entry = { version: 1, profiles: [{ ...profile, personal: { scores: {}, awarded: {}, actions: { [REMINDER]: T0 } }, segments: ["pro"] }] };
    const { store: loaded, errors } = store({ storage: createMemoryStorage(JSON.stringify(entry)) });
    expect(errors).toEqual([]);
    expect(read(loaded).state.actions).toEqual({ [REMINDER]: { at: T0 } });
    // Segments stored beside the state by earlier builds are read too.
    expect(read(loaded).segments).toEqual(["pro"]);
  });

  it("reads a broken personal part leniently: the broken score is dropped, the rest of the entry is used", () => {
    const broken = JSON.stringify({
      version: 1,
      profiles: [
        {
          visitor: { id: "old-1", firstSeen: T0, lastSeen: T0, visits: 1, pageviews: 1 },
          events: {},
          recentEvents: [],
          personal: { scores: { intent: { value: "high", at: T0 }, fit: { value: 5, at: T0 } }, awarded: {}, actions: {} },
        },
      ],
    });
    const { store: loaded, errors } = store({ storage: createMemoryStorage(broken) });
    expect(errors).toEqual([]);
    expect(loaded.facts().visitor).toMatchObject({ id: "old-1" });
    expect(read(loaded).state.scores).toEqual({ fit: { value: 5, at: T0 } });
  });

  it("reads state of the wrong shape given to setPersonal() leniently", () => {
    const { store: s, errors } = store();
    keep(s, { state: { ...state, scores: { ...state.scores, bad: { value: Number.NaN, at: T0 } } }, segments: [] });
    expect(read(s).state).toEqual(state);
    expect(errors).toEqual([]);
  });

  it("forgets it with the rest of the profile", () => {
    const { store: s, storage } = store();
    keep(s, { state, segments: ["pro"] });
    s.flush();
    s.forget();
    expect(read(s)).toEqual({ state: { scores: {}, awarded: {}, actions: {} }, segments: [] });
    expect((storage as ReturnType<typeof createMemoryStorage>).text()).toBeNull();
  });

  it("keeps the stored state when consent is granted after this page view gathered its own", () => {
    const storage = createMemoryStorage();
    const first = store({ storage });
    keep(first.store, { state, segments: ["pro"] });
    first.store.flush();

    const later = store({ storage, consent: "pending" });
    keep(later.store, {
      state: { scores: { intent: { value: 15, at: T0 + HOUR } }, awarded: {}, actions: { send_demo_invite: { at: T0 + HOUR, visit: 2 } } },
      segments: [],
    });
    later.store.setConsent("granted");
    expect(read(later.store)).toEqual({ state, segments: ["pro"] });
  });

  it("keeps another person's personalization apart on a shared device", () => {
    const { store: s } = store();
    s.identify("asha");
    keep(s, { state, segments: ["pro"] });
    s.identify("ravi");
    expect(read(s).state.scores).toEqual({});
    s.identify("asha");
    expect(read(s).state.scores).toEqual(state.scores);
  });

  it("tells the runtime of each tracked event with the time it was recorded", () => {
    const seen: [string, number][] = [];
    const { store: s } = store({ onTrack: (name, at) => seen.push([name, at]) });
    s.track("pricing_page_viewed");
    s.track("bad name!");
    expect(seen).toEqual([["pricing_page_viewed", T0]]);
  });
});
