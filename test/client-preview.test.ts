// @vitest-environment happy-dom
/**
 * Preview by address: ?slotwise_preview= shows the rule file's own variants,
 * ?slotwise_visitor= decides as another visitor would; kept for the tab in
 * sessionStorage, never stored in localStorage, never an exposure or an
 * action sent to a channel. Hostile values change nothing and throw nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise, personalization } from "../src/index.js";
import type { Exposure, Slotwise } from "../src/index.js";

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }],
    offer: [
      { name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "Loyalty" },
      { name: "Third visit", when: { all: [{ fact: "visitor.visits", operator: "greaterThanInclusive", value: 3 }] }, show: "Third" },
    ],
  },
  variants: { Namaste: { text: "Namaste Bangalore" }, Loyalty: { text: "Welcome back" }, Third: { text: "Third time lucky" } },
  actions: [{ name: "Nudge", action: "nudge", channel: "email" }],
};

let sw: Slotwise | undefined;
const text = (slot: string) => document.querySelector(`[data-slot="${slot}"]`)!.textContent;

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  (window as { dataLayer?: unknown[] }).dataLayer = [];
  document.body.innerHTML = '<section data-slot="hero">Default hero</section><aside data-slot="offer">Default offer</aside>';
});
afterEach(() => {
  sw?.destroy();
  sw = undefined;
  history.replaceState(null, "", "/");
});

async function open(search: string, context: Record<string, unknown> = {}) {
  history.replaceState(null, "", `/${search}`);
  document.body.innerHTML = '<section data-slot="hero">Default hero</section><aside data-slot="offer">Default offer</aside>';
  const exposures: Exposure[] = [];
  const actions: unknown[] = [];
  sw?.destroy();
  sw = createSlotwise({ rules, context, dataLayer: true, plugins: [personalization()] });
  sw.on("exposure", (exposure) => exposures.push(exposure));
  sw.on("action", (action) => actions.push(action));
  const decisions = await sw.ready;
  return { decisions, exposures, actions };
}

describe("preview by address", () => {
  it("shows the asked variants, marked as a preview, with no exposure, no channel and nothing stored", async () => {
    const { decisions, exposures } = await open("?slotwise_preview=hero:Namaste,offer:Loyalty");
    expect(text("hero")).toBe("Namaste Bangalore");
    expect(text("offer")).toBe("Welcome back");
    expect(decisions).toEqual([
      { slot: "hero", variant: "Namaste", reason: "MATCH", rule: "Bangalore visitors", preview: true },
      { slot: "offer", variant: "Loyalty", reason: "MATCH", rule: "Repeat customers", preview: true },
    ]);
    expect(exposures).toEqual([]);
    expect((window as { dataLayer?: unknown[] }).dataLayer).toEqual([]);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.getItem("slotwise_preview")).toBe("hero:Namaste,offer:Loyalty");
  });

  it("shows the default when asked, and leaves slots it was not asked about to the rules", async () => {
    const { decisions } = await open("?slotwise_preview=hero:default", { geo: { city: "Bangalore" }, user: { type: "repeat_customer" } });
    expect(text("hero")).toBe("Default hero");
    expect(text("offer")).toBe("Welcome back");
    expect(decisions[0]).toEqual({ slot: "hero", variant: null, reason: "DEFAULT", preview: true });
    expect(decisions[1]).toEqual({ slot: "offer", variant: "Loyalty", reason: "MATCH", rule: "Repeat customers" });
  });

  it("decides as the simulated visitor would, without touching the stored profile", async () => {
    await open("");
    sw!.destroy();
    const stored = localStorage.getItem("slotwise");
    expect(stored).toContain('"visits":1');
    const { exposures } = await open("?slotwise_visitor=geo.city:Bangalore,visitor.visits:3");
    expect(text("hero")).toBe("Namaste Bangalore");
    expect(text("offer")).toBe("Third time lucky");
    expect(sw!.context()).toMatchObject({ geo: { city: "Bangalore" }, visitor: { visits: 3 } });
    expect(exposures).toEqual([]);
    sw!.destroy();
    window.dispatchEvent(new Event("pagehide"));
    expect(localStorage.getItem("slotwise")).toBe(stored);
  });

  it("is kept for the tab, across pages, until ?slotwise_preview= clears it", async () => {
    await open("?slotwise_preview=hero:Namaste");
    await open("?page=2");
    expect(text("hero")).toBe("Namaste Bangalore");
    await open("?slotwise_preview=");
    expect(text("hero")).toBe("Default hero");
    expect(sessionStorage.getItem("slotwise_preview")).toBeNull();
  });

  it("takes only a variant the slot's own rules show: another slot's, unknown ids and markup change nothing", async () => {
    const hostile = [
      "hero:Loyalty",
      "hero:Nope,offer:Namaste",
      `hero:${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`,
      `hero:${"Namaste,".repeat(1250)}`,
      `${"x".repeat(10_000)}:Namaste`,
      "hero",
      ":Namaste",
      "__proto__:Namaste,constructor:default",
    ];
    for (const value of hostile) {
      sessionStorage.clear();
      const { decisions, exposures } = await open(`?slotwise_preview=${value}&slotwise_visitor=${encodeURIComponent("__proto__.polluted:1,<b>:x")}`);
      expect(text("hero")).toBe("Default hero");
      expect(decisions.map((d) => d.variant)).toEqual([null, null]);
      expect(exposures).toHaveLength(2);
    }
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect((window as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("a simulated visitor's next best action goes to no channel", async () => {
    const { actions } = await open("?slotwise_visitor=user.type:repeat_customer");
    expect(actions).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((window as { dataLayer?: unknown[] }).dataLayer).toEqual([]);
  });
});

describe("the preview's address values", () => {
  it("reads pairs, types numbers and booleans, and refuses paths that are not plain fact paths", async () => {
    const visitor = "visitor.visits:3,user.vip:true,geo.city:São Paulo,page.url:https://x.test/a?b=c,bad path:1,a..b:1";
    const { decisions } = await open(`?slotwise_preview=${encodeURIComponent("hero:Namaste, offer : default")}&slotwise_visitor=${encodeURIComponent(visitor)}`);
    expect(decisions.map((d) => [d.variant, d.preview])).toEqual([["Namaste", true], [null, true]]);
    const facts = sw!.context();
    expect(facts).toMatchObject({ visitor: { visits: 3 }, user: { vip: true }, geo: { city: "São Paulo" }, page: { url: "https://x.test/a?b=c" } });
    expect(Object.keys(facts)).not.toContain("bad path");
    expect(Object.keys(facts)).not.toContain("a");
    sessionStorage.clear();
    const long = await open(`?slotwise_preview=${"a:b,".repeat(600)}`);
    expect(long.decisions.some((d) => d.preview)).toBe(false);
    expect(long.exposures).toHaveLength(2);
  });
});
