// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Slotwise } from "../src/index.js";

const RULES = {
  version: 1,
  slots: { hero: [{ name: "Bangalore", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }] },
  variants: { Namaste: { text: "Namaste Bangalore" } },
};

function page(rules: string, context: string): void {
  document.body.innerHTML = `
    <script type="application/json" data-slotwise-rules>${rules}</script>
    <script type="application/json" data-slotwise-context>${context}</script>
    <section data-slot="hero">Default</section>`;
}

afterEach(() => {
  window.Slotwise?.instance.destroy();
  delete window.Slotwise;
  delete window.slotwiseQueue;
  vi.resetModules();
  vi.restoreAllMocks();
});

describe("the script-tag entry", () => {
  it("starts from the inline rules and host facts, exposes window.Slotwise and runs the queued calls", async () => {
    page(JSON.stringify(RULES), JSON.stringify({ geo: { city: "Bangalore" } }));
    const calls: Slotwise[] = [];
    window.slotwiseQueue = [(instance) => calls.push(instance)];
    await import("../src/auto.js");
    const instance = window.Slotwise?.instance;
    expect(instance).toBeDefined();
    expect(calls).toEqual([instance]);
    await instance?.ready;
    expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Namaste Bangalore");

    // After start, a push runs at once.
    (window.slotwiseQueue as { push(call: (i: Slotwise) => void): void }).push((i) => calls.push(i));
    expect(calls).toHaveLength(2);
    // The dynamic-content build carries no personalization layer, so no evaluate (which runs it).
    expect(typeof window.Slotwise?.createDomAdapter).toBe("function");
    expect(window.Slotwise?.evaluate).toBeUndefined();
  });

  it("merges every context script in order: an edge's first, the page's own after it wins", async () => {
    document.body.innerHTML = `
      <script type="application/json" data-slotwise-context>{"geo":{"city":"Bangalore"},"user":{"type":"edge"}}</script>
      <script type="application/json" data-slotwise-rules>${JSON.stringify(RULES)}</script>
      <script type="application/json" data-slotwise-context>{"user":{"type":"page"}}</script>
      <section data-slot="hero">Default</section>`;
    await import("../src/auto.js");
    await window.Slotwise?.instance.ready;
    expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Namaste Bangalore");
    expect(window.Slotwise?.instance.context().user).toEqual({ type: "page" });
  });

  it("isolates a queued call that throws", async () => {
    page(JSON.stringify(RULES), "{}");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const ran: string[] = [];
    window.slotwiseQueue = [
      () => {
        throw new Error("host bug");
      },
      () => ran.push("second"),
    ];
    await import("../src/auto.js");
    expect(ran).toEqual(["second"]);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("starts nothing new when loaded twice", async () => {
    page(JSON.stringify(RULES), "{}");
    await import("../src/auto.js");
    const first = window.Slotwise?.instance;
    vi.resetModules();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await import("../src/auto.js");
    expect(window.Slotwise?.instance).toBe(first);
    expect(warn).toHaveBeenCalledWith("[slotwise] loaded twice");
  });

  it("keeps the defaults, warns and reports on(\"error\") when the inline rules are not JSON", async () => {
    page("{ not json", "{}");
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: { code: string; message: string }[] = [];
    window.slotwiseQueue = [(sw) => void sw.on("error", (error) => errors.push(error))];
    await import("../src/auto.js");
    await window.Slotwise?.instance.ready;
    expect(document.querySelector("[data-slot=hero]")?.getAttribute("data-slot-state")).toBe("default");
    expect(warn.mock.calls.filter(([message]) => String(message).includes("BAD_INPUT: data-slotwise-rules"))).toHaveLength(1);
    expect(errors.map((error) => error.code)).toEqual(["BAD_INPUT"]);
    expect(errors[0]?.message).toContain("data-slotwise-rules");
  });

  it("decides the slots of a personalization file in the dynamic-content build, and says once which build to load", async () => {
    const personal = {
      ...RULES,
      scores: { intent: { signals: [{ event: "pricing_viewed", points: 20 }] } },
      stages: [{ name: "anonymous" }],
    };
    page(JSON.stringify(personal), JSON.stringify({ geo: { city: "Bangalore" } }));
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors: string[] = [];
    window.slotwiseQueue = [(instance) => void instance.on("error", (error) => errors.push(error.code))];
    await import("../src/auto.js");
    const instance = window.Slotwise!.instance;
    await instance.ready;
    expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Namaste Bangalore");
    instance.track("pricing_viewed");
    instance.set({ geo: { city: "Pune" } });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Default");
    const told = warn.mock.calls.map(([message]) => String(message)).filter((message) => message.includes("PERSONALIZATION_NOT_LOADED"));
    expect(told).toHaveLength(1);
    expect(errors).toEqual(["PERSONALIZATION_NOT_LOADED"]);
  });

  it("puts back a variant something else replaced before dist/slotwise.later.js came, once it comes", async () => {
    page(JSON.stringify(RULES), JSON.stringify({ geo: { city: "Bangalore" } }));
    await import("../src/auto.js");
    await window.Slotwise!.instance.ready;
    const hero = document.querySelector("[data-slot=hero]")!;
    expect(hero.textContent).toBe("Namaste Bangalore");
    hero.textContent = "Replaced by the page";
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Slot upkeep is in the after-paint file: kept until it comes.
    expect(hero.textContent).toBe("Replaced by the page");
    dispatchEvent(new CustomEvent("slotwise:later", { detail: (await import("../src/later/index.js")).later }));
    await vi.waitFor(() => expect(hero.textContent).toBe("Namaste Bangalore"));
  });

  it("decides scores in the personalize build", async () => {
    const personal = {
      version: 1,
      scores: { intent: { signals: [{ event: "pricing_viewed", points: 20 }] } },
      slots: { hero: [{ name: "Keen", when: { fact: "scores.intent", operator: "greaterThanInclusive", value: 20 }, show: "Namaste" }] },
      variants: RULES.variants,
    };
    page(JSON.stringify(personal), "{}");
    await import("../src/auto-personalize.js");
    const instance = window.Slotwise!.instance;
    await instance.ready;
    // What dist/slotwise.later.js does once loaded (here the tag has no address to load it from).
    dispatchEvent(new CustomEvent("slotwise:later", { detail: (await import("../src/later/index.js")).later }));
    expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Default");
    instance.track("pricing_viewed");
    await vi.waitFor(() => expect(document.querySelector("[data-slot=hero]")?.textContent).toBe("Namaste Bangalore"));
    expect(typeof window.Slotwise?.evaluate).toBe("function");
  });
});
