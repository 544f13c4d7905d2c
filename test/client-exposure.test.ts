// @vitest-environment happy-dom
/**
 * Exposures: once per slot and page view, again after a route change or a
 * changed outcome; the instance event, the slotwise:exposure DOM event, and
 * the dataLayer push only with consent granted.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise } from "../src/index.js";
import type { Exposure, Slotwise } from "../src/index.js";

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "Loyalty" }],
  },
  variants: { Namaste: { text: "Namaste Bangalore" }, Loyalty: { text: "Welcome back" } },
};

type Layer = { dataLayer?: unknown[] };
let sw: Slotwise | undefined;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  localStorage.clear();
  delete (window as Layer).dataLayer;
  history.replaceState(null, "", "/");
  document.body.innerHTML = '<section data-slot="hero">Default hero</section><aside data-slot="offer">Default offer</aside>';
});
afterEach(() => {
  sw?.destroy();
  sw = undefined;
});

function start(options: Parameters<typeof createSlotwise>[0]): { events: Exposure[]; dom: Exposure[] } {
  const events: Exposure[] = [];
  const dom: Exposure[] = [];
  document.addEventListener("slotwise:exposure", (event) => dom.push((event as CustomEvent<Exposure>).detail));
  sw = createSlotwise({ rules, ...options });
  sw.on("exposure", (exposure) => events.push(exposure));
  return { events, dom };
}

describe("exposures", () => {
  it("fire once per slot and view, again on a changed outcome, not on an unrelated change", async () => {
    const { events, dom } = start({ context: { geo: { city: "Bangalore" } } });
    await sw!.ready;
    expect(events).toEqual([
      { slot: "hero", variant: "Namaste", rule: "Bangalore visitors", reason: "MATCH" },
      { slot: "offer", variant: null, reason: "DEFAULT" },
    ]);
    expect(dom).toEqual(events);
    sw!.set({ user: { firstName: "Asha" } }); // read by no rule
    await settle();
    expect(events).toHaveLength(2);
    sw!.set({ user: { type: "repeat_customer" } });
    await settle();
    expect(events.slice(2)).toEqual([{ slot: "offer", variant: "Loyalty", rule: "Repeat customers", reason: "MATCH" }]);
  });

  it("say holdout: true for a visitor in the rule's holdout, who keeps the default content", async () => {
    const held = { ...rules, slots: { ...rules.slots, hero: [{ ...rules.slots.hero[0]!, holdout: 100 }] } };
    const { events, dom } = start({ rules: held, context: { geo: { city: "Bangalore" } } });
    await sw!.ready;
    expect(events[0]).toEqual({ slot: "hero", variant: null, rule: "Bangalore visitors", reason: "MATCH", holdout: true });
    expect(dom[0]).toEqual(events[0]);
    expect(document.querySelector('[data-slot="hero"]')!.textContent).toBe("Default hero");
  });

  it("fire again for every slot still on the page after a route change", async () => {
    const { events } = start({ context: { geo: { city: "Bangalore" } } });
    await sw!.ready;
    events.length = 0;
    history.pushState(null, "", "/pricing");
    await settle();
    await settle();
    expect(events.map((exposure) => exposure.slot).sort()).toEqual(["hero", "offer"]);
    history.pushState(null, "", "/checkout");
    await settle();
    await settle();
    expect(events).toHaveLength(4);
  });

  it("go to window.dataLayer only with data-layer on and consent granted", async () => {
    const pending = start({ context: { geo: { city: "Bangalore" } }, dataLayer: true, consent: "pending" });
    await sw!.ready;
    expect(pending.events).toHaveLength(2);
    expect((window as Layer).dataLayer).toBeUndefined();
    sw!.destroy();

    start({ context: { geo: { city: "Bangalore" } }, dataLayer: true, consent: "granted" });
    await sw!.ready;
    expect((window as Layer).dataLayer).toEqual([
      { event: "slotwise_exposure", slot: "hero", variant: "Namaste", rule: "Bangalore visitors", reason: "MATCH" },
      { event: "slotwise_exposure", slot: "offer", variant: null, reason: "DEFAULT" },
    ]);
    sw!.destroy();

    start({ context: { geo: { city: "Bangalore" } }, consent: "granted" });
    await sw!.ready;
    expect((window as Layer).dataLayer).toHaveLength(2); // no push without the option
  });
});
