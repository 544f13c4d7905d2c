// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise } from "../src/index.js";
import { createDomAdapter } from "../src/dom/adapter.js";
import type { RenderAdapter } from "../src/core/adapter.js";
import type { SlotwiseError } from "../src/index.js";
import type { Slotwise } from "../src/index.js";

const rules = {
  version: 1,
  audiences: {
    bangalore: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] },
  },
  slots: {
    hero: [{ name: "Bangalore visitors", when: { audience: "bangalore" }, show: "BangaloreOffer" }],
    offer: [
      { name: "New customers", when: { all: [{ fact: "user.type", operator: "equal", value: "new_customer" }] }, show: "WelcomeDiscount" },
      { name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" },
    ],
    cta: [{ name: "Pricing fans", when: { all: [{ fact: "events.pricing_viewed.count", operator: "greaterThanInclusive", value: 2 }] }, show: "TalkToSales" }],
  },
  variants: {
    BangaloreOffer: { text: "Namaste Bangalore: 20% off" },
    WelcomeDiscount: { text: "Welcome! 10% off your first order" },
    LoyaltyOffer: { html: "<strong>Thanks for coming back, {{user.firstName | \"friend\"}}</strong>" },
    TalkToSales: { text: "Talk to sales" },
  },
};

const PAGE = `
  <section data-slot="hero"><h1>Default offer</h1></section>
  <div data-slot="offer"><p>Shop now</p></div>
  <div data-slot="cta"><a href="/signup">Sign up</a></div>
  <div data-slot="unknown">Untouched</div>`;

let instances: Slotwise[] = [];
function start(options: Parameters<typeof createSlotwise>[0]): Slotwise {
  const instance = createSlotwise({ consent: "denied", navigation: false, ...options });
  instances.push(instance);
  return instance;
}
const slot = (name: string): HTMLElement => document.querySelector(`[data-slot="${name}"]`) as HTMLElement;
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Wraps the DOM adapter to count renders per slot name. */
function countingAdapter(): { adapter: RenderAdapter; renders: Map<string, number> } {
  const dom = createDomAdapter();
  const renders = new Map<string, number>();
  const bump = (name: string) => renders.set(name, (renders.get(name) ?? 0) + 1);
  return {
    renders,
    adapter: {
      ...dom,
      render(handle, variant, context) {
        bump(handle.name);
        return dom.render(handle as never, variant, context);
      },
      markDefault(handle) {
        bump(handle.name);
        return dom.markDefault(handle as never);
      },
    },
  };
}

beforeEach(() => {
  document.body.innerHTML = PAGE;
  localStorage.clear();
});
afterEach(() => {
  for (const instance of instances) instance.destroy();
  instances = [];
});

describe("createSlotwise", () => {
  it("renders the first decisions before ready resolves, with state attributes on every slot", async () => {
    const sw = start({ rules, context: { geo: { city: "Bangalore" }, user: { type: "repeat_customer", firstName: "Asha" } } });
    const decisions = await sw.ready;
    expect(slot("hero").textContent).toBe("Namaste Bangalore: 20% off");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("variant");
    expect(slot("hero").getAttribute("data-slot-variant")).toBe("BangaloreOffer");
    expect(slot("offer").innerHTML).toBe("<strong>Thanks for coming back, Asha</strong>");
    expect(slot("cta").getAttribute("data-slot-state")).toBe("default");
    expect(slot("cta").textContent).toBe("Sign up");
    expect(slot("unknown").getAttribute("data-slot-state")).toBe("default");
    expect(decisions.map((d) => [d.slot, d.variant, d.reason])).toEqual([
      ["hero", "BangaloreOffer", "MATCH"],
      ["offer", "LoyaltyOffer", "MATCH"],
      ["cta", null, "DEFAULT"],
      ["unknown", null, "DEFAULT"],
    ]);
  });

  it("re-renders only the slots whose outcome changed when facts change", async () => {
    const { adapter, renders } = countingAdapter();
    const sw = start({ rules, adapter, context: { user: { type: "new_customer" } } });
    await sw.ready;
    renders.clear();

    sw.set({ geo: { city: "Bangalore" } });
    await flush();
    expect(slot("hero").textContent).toBe("Namaste Bangalore: 20% off");
    expect([...renders.keys()]).toEqual(["hero"]);

    renders.clear();
    sw.set({ geo: { city: "Bangalore" } }); // same value: nothing to redo
    sw.set({ campaign_note: "irrelevant" });
    await flush();
    expect(renders.size).toBe(0);
  });

  it("re-renders a variant when a fact filled into its placeholder changes", async () => {
    const sw = start({ rules, context: { user: { type: "repeat_customer", firstName: "Asha" } } });
    await sw.ready;
    sw.set({ user: { firstName: "Ravi" } });
    await flush();
    expect(slot("offer").textContent).toBe("Thanks for coming back, Ravi");
  });

  it("decides behaviour rules from track() calls", async () => {
    const sw = start({ rules });
    await sw.ready;
    sw.track("pricing_viewed");
    await flush();
    expect(slot("cta").textContent).toBe("Sign up");
    sw.track("pricing_viewed");
    await flush();
    expect(slot("cta").textContent).toBe("Talk to sales");
  });

  it("emits a decision event when a slot's outcome changes, and stops after unsubscribe", async () => {
    const sw = start({ rules });
    const seen: string[] = [];
    const stop = sw.on("decision", (d) => seen.push(`${d.slot}:${d.variant ?? "default"}`));
    await sw.ready;
    expect(seen).toEqual(["hero:default", "offer:default", "cta:default", "unknown:default"]);
    sw.set({ geo: { city: "Bangalore" } });
    await flush();
    expect(seen.at(-1)).toBe("hero:BangaloreOffer");
    stop();
    sw.set({ geo: { city: "Mumbai" } });
    await flush();
    expect(seen.at(-1)).toBe("hero:BangaloreOffer");
    expect(slot("hero").textContent).toBe("Default offer");
  });

  it("isolates a throwing listener: the others still run and the fault is reported as an error", async () => {
    const sw = start({ rules });
    const errors: SlotwiseError[] = [];
    const after: string[] = [];
    sw.on("error", (e) => errors.push(e));
    sw.on("decision", () => {
      throw new Error("analytics is down");
    });
    sw.on("decision", (d) => after.push(d.slot));
    await sw.ready;
    expect(after).toHaveLength(4);
    expect(errors.map((e) => e.code)).toEqual(["LISTENER_FAILED"]);
    expect(errors[0]?.message).toContain("analytics is down");
  });

  it("keeps valid slots working when another slot's rules are invalid, and reports the fault once", async () => {
    const broken = structuredClone(rules) as typeof rules & { slots: Record<string, unknown> };
    broken.slots.offer = [{ name: "Typo", when: { all: [{ fact: "user.type", operator: "equals", value: "x" }] }, show: "WelcomeDiscount" }];
    const errors: SlotwiseError[] = [];
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const sw = start({ rules: broken as never /* what untyped JavaScript can pass */, context: { geo: { city: "Bangalore" } } });
      sw.on("error", (e) => errors.push(e));
      const decisions = await sw.ready;
      expect(slot("hero").textContent).toBe("Namaste Bangalore: 20% off");
      expect(slot("offer").textContent).toBe("Shop now");
      expect(decisions.find((d) => d.slot === "offer")).toMatchObject({ reason: "ERROR", errorCode: "INVALID_RULES" });
    } finally {
      console.warn = warn;
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe("RULES_INVALID");
    // The runtime names the fault by code and path; the sentence is `slotwise check`'s.
    expect(errors[0]?.message).toContain("UNKNOWN_OPERATOR at slots.offer[0].when.all[0].operator");
    expect(errors[0]?.message).toMatch(/^RULES_INVALID: /);
    expect(errors[0]?.faults).toEqual([{ code: "UNKNOWN_OPERATOR", path: "slots.offer[0].when.all[0].operator" }]);
    expect(warnings).toHaveLength(1);
  });

  it("decides slots added later, as a single-page app renders them", async () => {
    const sw = start({ rules, context: { user: { type: "new_customer" } } });
    await sw.ready;
    const later = document.createElement("div");
    later.setAttribute("data-slot", "offer");
    later.textContent = "Later default";
    document.body.append(later);
    await flush();
    expect(later.textContent).toBe("Welcome! 10% off your first order");
    expect(later.getAttribute("data-slot-state")).toBe("variant");
  });

  it("forgets slots taken out of the page, and decides them afresh when they are put back", async () => {
    const sw = start({ rules, context: { geo: { city: "Bangalore" } } });
    await sw.ready;
    const view = document.createElement("section");
    for (let i = 0; i < 100; i++) {
      const element = document.createElement("div");
      element.setAttribute("data-slot", "hero");
      element.textContent = `Default ${i}`;
      view.append(element);
    }
    document.body.append(view);
    await flush();
    const added = Array.from(view.children);
    expect(added.every((element) => element.textContent === "Namaste Bangalore: 20% off")).toBe(true);

    // The app leaves the view: the next decision forgets its slots, and no longer renders into them.
    view.remove();
    sw.set({ geo: { city: "Mumbai" } });
    await flush();
    expect(slot("hero").textContent).toBe("Default offer");
    expect(added.every((element) => element.textContent === "Namaste Bangalore: 20% off")).toBe(true);

    // The app shows the cached view again: its slots are found at the next decision and shown what they should.
    added[0]!.textContent = "changed while away";
    document.body.append(view);
    sw.set({ user: { type: "new_customer" } });
    await flush();
    // Each shows its own default again (the content changed while away included), as the page's hero does.
    expect(added.map((element) => element.textContent)).toEqual(added.map((_, i) => `Default ${i}`));
    expect(added.every((element) => element.getAttribute("data-slot-state") === "default")).toBe(true);
    sw.set({ geo: { city: "Bangalore" } });
    await flush();
    expect(added.every((element) => element.textContent === "Namaste Bangalore: 20% off")).toBe(true);
  });

  it("decides afresh a slot target an adapter hands on again after it left the page", async () => {
    type Target = { isConnected: boolean };
    const rendered: Target[] = [];
    let hand: (handles: { name: string; target: Target }[]) => void = () => {};
    const adapter: RenderAdapter = {
      findSlots: () => [],
      render: (handle) => {
        rendered.push(handle.target as Target);
        return { ok: true, revert: () => {} };
      },
      markDefault: (handle) => {
        rendered.push(handle.target as Target);
        return () => {};
      },
      observe: (onSlots) => {
        hand = onSlots as typeof hand;
        return () => {};
      },
    };
    const sw = start({ rules, adapter, context: { geo: { city: "Bangalore" } } });
    await sw.ready;
    const targets: Target[] = Array.from({ length: 100 }, () => ({ isConnected: true }));
    hand(targets.map((target) => ({ name: "hero", target })));
    expect(rendered).toHaveLength(100);

    for (const target of targets) target.isConnected = false;
    sw.set({ geo: { city: "Mumbai" } });
    await flush();
    expect(rendered).toHaveLength(100); // none of the removed ones is rendered again

    // Handed on again (as new): decided at once, not mistaken for a slot it still knows.
    targets[0]!.isConnected = true;
    hand([{ name: "hero", target: targets[0]! }]);
    expect(rendered).toHaveLength(101);
    expect(rendered[100]).toBe(targets[0]);
  });

  it("puts a variant back when the page replaces it, but stops after a bounded number of times", async () => {
    const sw = start({ rules, context: { geo: { city: "Bangalore" } } });
    const errors: SlotwiseError[] = [];
    sw.on("error", (e) => errors.push(e));
    await sw.ready;
    const hero = slot("hero");
    for (let i = 0; i < 12; i++) {
      hero.textContent = `framework render ${i}`;
      await flush();
    }
    expect(errors.filter((e) => e.code === "RENDER_LOOP")).toHaveLength(1);
    expect(hero.textContent).toBe("framework render 11");
  });

  it("answers decide() with the current decisions and their traces, without rendering", async () => {
    const sw = start({ rules, context: { user: { type: "repeat_customer" } } });
    await sw.ready;
    sw.set({ user: { type: "new_customer" } });
    const decisions = await sw.decide();
    const offer = decisions.find((d) => d.slot === "offer");
    expect(offer).toMatchObject({ variant: "WelcomeDiscount", reason: "MATCH", rule: "New customers" });
    expect(offer?.trace?.[0]?.condition).toMatchObject({ kind: "all", result: true });
  });

  it("restores every slot's default content on destroy({ restore: true }) and then ignores calls", async () => {
    const hero = slot("hero");
    const original = hero.firstElementChild;
    const sw = start({ rules, context: { geo: { city: "Bangalore" } } });
    await sw.ready;
    expect(hero.textContent).toBe("Namaste Bangalore: 20% off");
    sw.destroy({ restore: true });
    expect(hero.firstElementChild).toBe(original);
    expect(hero.hasAttribute("data-slot-state")).toBe(false);
    sw.set({ geo: { city: "Bangalore" } });
    await flush();
    expect(hero.textContent).toBe("Default offer");
  });

  it("keeps the defaults and reports once when the rules URL answers 404", async () => {
    const errors: SlotwiseError[] = [];
    const fetch404 = (async () => new Response("nope", { status: 404, statusText: "Not Found" })) as typeof fetch;
    const warn = console.warn;
    console.warn = () => {};
    try {
      const sw = start({ rules: "/rules.json", fetch: fetch404 });
      sw.on("error", (e) => errors.push(e));
      const decisions = await sw.ready;
      expect(decisions.every((d) => d.variant === null)).toBe(true);
    } finally {
      console.warn = warn;
    }
    expect(slot("hero").textContent).toBe("Default offer");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
    expect(errors.map((e) => [e.code, e.message])).toEqual([["RULES_FETCH_FAILED", "RULES_FETCH_FAILED: the rules URL /rules.json answered 404 Not Found"]]);
  });

  it("shows the defaults at the timeout when the rules URL never answers", async () => {
    const never = (() => new Promise<Response>(() => {})) as typeof fetch;
    const warn = console.warn;
    console.warn = () => {};
    const errors: SlotwiseError[] = [];
    try {
      const sw = start({ rules: "/rules.json", fetch: never, timeout: 50 });
      sw.on("error", (e) => errors.push(e));
      await sw.ready;
    } finally {
      console.warn = warn;
    }
    expect(slot("offer").getAttribute("data-slot-state")).toBe("default");
    expect(errors.map((e) => e.code)).toEqual(["RULES_TIMEOUT"]);
  });

  it("drops a rules body that arrives after the timeout unread: defaults shown, nothing cached, no parse", async () => {
    const warn = console.warn;
    console.warn = () => {};
    const errors: SlotwiseError[] = [];
    let answered = false;
    // Answers after the timeout, ignoring the abort signal, with a body that would not parse:
    // parsing it would report a second fault (RULES_FETCH_FAILED, not valid JSON).
    const late = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      answered = true;
      return new Response("{ not json", { status: 200 });
    }) as typeof fetch;
    try {
      const sw = start({ rules: "/rules.json", fetch: late, timeout: 40, consent: "granted" });
      sw.on("error", (e) => errors.push(e));
      await sw.ready;
      expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      console.warn = warn;
    }
    expect(answered).toBe(true);
    expect(errors.map((e) => e.message)).toEqual(["RULES_TIMEOUT: /rules.json after 40 ms"]);
    expect(localStorage.getItem("slotwise:rules")).toBeNull();
    expect(slot("hero").textContent).toBe("Default offer");
  });

  it("uses rules from a URL that answers in time, and caches them for the next page view", async () => {
    const ok = (async () => new Response(JSON.stringify(rules), { status: 200 })) as typeof fetch;
    const sw = start({ rules: "/rules.json", fetch: ok, consent: "granted", context: { geo: { city: "Bangalore" } } });
    await sw.ready;
    expect(slot("hero").textContent).toBe("Namaste Bangalore: 20% off");
    expect(JSON.parse(localStorage.getItem("slotwise:rules") ?? "{}").url).toBe("/rules.json");

    // Next view: the network fails, the cached rules still decide.
    sw.destroy({ restore: true });
    const failing = (async () => new Response("", { status: 500 })) as typeof fetch;
    const warn = console.warn;
    console.warn = () => {};
    try {
      const next = start({ rules: "/rules.json", fetch: failing, consent: "granted", context: { geo: { city: "Bangalore" } } });
      await next.ready;
      await flush();
    } finally {
      console.warn = warn;
    }
    expect(slot("hero").textContent).toBe("Namaste Bangalore: 20% off");
    expect(JSON.parse(localStorage.getItem("slotwise:rules") ?? "{}").rules).toEqual(rules);
  });

  it("waits for a geo adapter's answer before the first decision", async () => {
    const sw = start({ rules, consent: "granted", geo: () => new Promise((resolve) => setTimeout(() => resolve({ country: "IN", city: "Bangalore" }), 20)) });
    const decisions = await sw.ready;
    expect(decisions.find((d) => d.slot === "hero")?.variant).toBe("BangaloreOffer");
    expect(sw.context().geo).toMatchObject({ country: "IN", city: "Bangalore" });
  });

  it("never throws into the page, whatever the calls", async () => {
    const sw = start({ rules });
    await sw.ready;
    expect(() => {
      sw.set(null as never);
      sw.track("" as never);
      sw.track(42 as never);
      sw.identify(undefined as never);
      sw.consent("maybe" as never);
    }).not.toThrow();
  });
});
