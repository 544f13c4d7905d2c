// @vitest-environment happy-dom
/**
 * slotwise/svelte in happy-dom with @testing-library/svelte: every variant
 * kind, defaults, a changed fact re-rendering only its slot, one exposure
 * per shown decision, and destroying cleaning up.
 */
import { cleanup, render } from "@testing-library/svelte";
import { tick } from "svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import type { Slotwise, SlotwiseError } from "../src/index.js";
import App from "./fixtures/svelte/App.svelte";
import Bare from "./fixtures/svelte/Bare.svelte";

const rules = {
  version: 1,
  slots: {
    hero: [
      { name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" },
      { name: "Mumbai visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Mumbai" }] }, show: "BangaloreButton" },
    ],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" }],
    cta: [{ name: "Shoppers", when: { all: [{ fact: "events.add_to_cart.count", operator: "greaterThanInclusive", value: 1 }] }, show: "Checkout" }],
    promo: [{ name: "Chennai", when: { all: [{ fact: "geo.city", operator: "equal", value: "Chennai" }] }, show: "pricing-promo" }],
    badge: [{ name: "Pune", when: { all: [{ fact: "geo.city", operator: "equal", value: "Pune" }] }, show: "Missing" }],
  },
  variants: {
    BangaloreOffer: { text: "Namaste {{geo.city}} <3" },
    LoyaltyOffer: { html: '<strong onclick="steal()">Thanks, {{user.firstName | "friend"}}</strong><script>steal()</script>' },
  },
};

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await tick();
  }
}

function slot(name: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-slotwise-slot="${name}"]`);
  if (!element) throw new Error(`no slot ${name}`);
  return element;
}

/** Renders the fixture app; resolves with its instance and what the hero's button reported. */
async function app(context: Record<string, unknown> = {}, props: Record<string, unknown> = {}) {
  const grabbed: unknown[] = [];
  const view = render(App, { props: { rules, context, grab: (value: unknown) => grabbed.push(value), ...props } });
  await settle();
  return { view, sw: grabbed[0] as Slotwise, grabbed };
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("<Slot>", () => {
  it("renders a text variant (escaped, placeholders filled) once decided, and passes attributes through", async () => {
    await app({ geo: { city: "Bangalore" } });
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(slot("hero").querySelector("h1")).toBeNull();
    expect(slot("hero").tagName).toBe("HEADER");
    expect(slot("hero").className).toBe("hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("variant");
    expect(slot("hero").getAttribute("data-slot-variant")).toBe("BangaloreOffer");
  });

  it("renders an html variant sanitized, with placeholders escaped", async () => {
    await app({ user: { type: "repeat_customer", firstName: "<img src=x onerror=alert(1)>" } });
    expect(slot("offer").querySelector("strong")?.textContent).toBe("Thanks, <img src=x onerror=alert(1)>");
    expect(slot("offer").querySelector("script, img, [onclick]")).toBeNull();
  });

  it("renders the snippet of the variant, with its own events", async () => {
    const { grabbed } = await app({ geo: { city: "Mumbai" } });
    slot("hero").querySelector("button")!.click();
    expect(grabbed).toContain("clicked");
    expect(slot("hero").getAttribute("data-slot-variant")).toBe("BangaloreButton");
  });

  it("renders a snippet from the variants map, for an id that is not an identifier", async () => {
    await app({ geo: { city: "Chennai" } });
    expect(slot("promo").innerHTML).toContain("<em>First month free</em>");
    expect(slot("promo").getAttribute("data-slot-variant")).toBe("pricing-promo");
  });

  it("keeps the default when no rule matches, and marks it decided", async () => {
    await app({ geo: { city: "Delhi" } });
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
  });

  it("a variant with no content and no snippet keeps the default and reports VARIANT_NOT_FOUND once", async () => {
    const errors: SlotwiseError[] = [];
    const grabbed: Slotwise[] = [];
    render(App, { props: { rules, context: { geo: { city: "Pune" } }, grab: (sw: unknown) => grabbed.push(sw as Slotwise) } });
    grabbed[0]!.on("error", (error) => errors.push(error));
    await settle();
    expect(slot("badge").textContent).toBe("Default badge");
    expect(errors.map((error) => error.code)).toEqual(["VARIANT_NOT_FOUND"]);
  });

  it("without a provider renders its children", () => {
    render(Bare);
    expect(slot("hero").tagName).toBe("SECTION");
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").hasAttribute("data-slot-state")).toBe(false);
  });
});

describe("re-deciding", () => {
  it("set() re-renders only the slot that reads the changed fact", async () => {
    const { sw } = await app({ geo: { city: "Delhi" } });
    const touched = vi.fn();
    for (const name of ["offer", "badge", "cta"]) new MutationObserver(touched).observe(slot(name), { subtree: true, childList: true, characterData: true, attributes: true });
    sw.set({ geo: { city: "Bangalore" } });
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(touched).not.toHaveBeenCalled();
  });

  it("track() decides the slot that counts the event; decision() follows", async () => {
    await app();
    expect(document.getElementById("reason")!.textContent).toBe("DEFAULT");
    document.querySelector<HTMLButtonElement>("button")!.click();
    await settle();
    expect(slot("cta").textContent).toBe("Check out now");
    expect(document.getElementById("reason")!.textContent).toBe("MATCH");
  });

  it("fires one decision event and one exposure per shown decision, and a throwing listener breaks nothing", async () => {
    const seen: string[] = [];
    const exposures: string[] = [];
    const grabbed: Slotwise[] = [];
    render(App, { props: { rules, context: { geo: { city: "Delhi" } }, grab: (sw: unknown) => grabbed.push(sw as Slotwise) } });
    const sw = grabbed[0]!;
    sw.on("decision", () => {
      throw new Error("analytics broke");
    });
    sw.on("decision", (decision) => decision.slot === "hero" && seen.push(`${decision.variant ?? "default"}`));
    sw.on("exposure", (exposure) => exposure.slot === "hero" && exposures.push(`${exposure.variant ?? "default"}`));
    await settle();
    sw.set({ geo: { city: "Bangalore" } });
    await settle();
    sw.set({ user: { firstName: "Asha" } }); // read by no hero rule: no new decision
    await settle();
    expect(seen).toEqual(["default", "BangaloreOffer"]);
    expect(exposures).toEqual(seen);
  });
});

describe("the runtime's marks", () => {
  it("a preview by address shows the variant, marks the decision preview, and counts no exposure", async () => {
    history.replaceState(null, "", "/?slotwise_preview=hero:BangaloreOffer");
    try {
      const decisions: unknown[] = [];
      const exposures: unknown[] = [];
      const grabbed: Slotwise[] = [];
      render(App, { props: { rules, context: { geo: { city: "Delhi" } }, grab: (sw: unknown) => grabbed.push(sw as Slotwise) } });
      grabbed[0]!.on("decision", (decision) => decision.slot === "hero" && decisions.push(decision));
      grabbed[0]!.on("exposure", (exposure) => exposure.slot === "hero" && exposures.push(exposure));
      await settle();
      expect(slot("hero").textContent).toBe("Namaste Delhi <3");
      expect(decisions).toMatchObject([{ slot: "hero", variant: "BangaloreOffer", preview: true }]);
      expect(exposures).toEqual([]);
    } finally {
      history.replaceState(null, "", "/?slotwise_preview=");
      sessionStorage.clear();
    }
  });

  it("a visitor in a rule's holdout sees the default, and the exposure says holdout", async () => {
    const held = { ...rules, slots: { hero: [{ ...rules.slots.hero[0]!, holdout: 100 }] } };
    const exposures: unknown[] = [];
    const grabbed: Slotwise[] = [];
    render(App, { props: { rules: held, context: { geo: { city: "Bangalore" } }, grab: (sw: unknown) => grabbed.push(sw as Slotwise) } });
    grabbed[0]!.on("exposure", (exposure) => exposure.slot === "hero" && exposures.push(exposure));
    await settle();
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
    expect(exposures).toEqual([{ slot: "hero", variant: null, rule: "Bangalore visitors", reason: "MATCH", holdout: true }]);
  });
});

describe("lifecycle", () => {
  it("a slot mounted later is decided; a destroyed slot is forgotten; destroying the app stops the instance", async () => {
    const { view, sw } = await app({ geo: { city: "Bangalore" } }, { showHero: false });
    const decided: string[] = [];
    sw.on("decision", (decision) => decided.push(decision.slot));
    await view.rerender({ showHero: true });
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(decided).toEqual(["hero"]);
    await view.rerender({ showHero: false });
    await settle();
    sw.set({ geo: { city: "Delhi" } });
    await settle();
    expect(decided).toEqual(["hero"]);
    view.unmount();
    expect(() => sw.set({ geo: { city: "Pune" } })).not.toThrow();
    await settle();
    expect(decided).toEqual(["hero"]);
  });
});
