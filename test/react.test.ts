// @vitest-environment happy-dom
/**
 * slotwise/react in happy-dom with @testing-library/react: every variant
 * kind, defaults, a changed fact re-rendering only its slot, listener
 * errors, StrictMode, and unmounting cleaning up.
 */
import { act, cleanup, render, screen } from "@testing-library/react";
import { createElement as h, Profiler, StrictMode, useEffect, type ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import type { Slotwise } from "../src/index.js";
import type { SlotwiseError } from "../src/index.js";
import { createReactSlotwise, Slot, SlotwiseProvider, useDecision, useSlotwise } from "../src/react/index.js";
import { storeOf } from "../src/react/components.js";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const rules = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" }],
    cta: [{ name: "Shoppers", when: { all: [{ fact: "events.add_to_cart.count", operator: "greaterThanInclusive", value: 1 }] }, show: "Checkout" }],
    badge: [{ name: "Pune", when: { all: [{ fact: "geo.city", operator: "equal", value: "Pune" }] }, show: "Missing" }],
  },
  variants: {
    BangaloreOffer: { text: "Namaste {{geo.city}} <3" },
    LoyaltyOffer: { html: '<strong onclick="steal()">Thanks, {{user.firstName | "friend"}}</strong><script>steal()</script>' },
  },
};

/** Resolves once pending microtasks (the instance's first decision) have run inside act(). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

function slot(name: string): HTMLElement {
  const element = document.querySelector<HTMLElement>(`[data-slotwise-slot="${name}"]`);
  if (!element) throw new Error(`no slot ${name}`);
  return element;
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
  it("renders a text variant (escaped, placeholders filled) once decided, and the default before", async () => {
    render(h(SlotwiseProvider, { rules, context: { geo: { city: "Bangalore" } } }, h(Slot, { name: "hero" }, h("h1", null, "Default hero"))));
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(slot("hero").querySelector("h1")).toBeNull();
    expect(slot("hero").getAttribute("data-slot-state")).toBe("variant");
    expect(slot("hero").getAttribute("data-slot-variant")).toBe("BangaloreOffer");
  });

  it("renders an html variant sanitized, with placeholders escaped", async () => {
    render(
      h(SlotwiseProvider, { rules, context: { user: { type: "repeat_customer", firstName: "<img src=x onerror=alert(1)>" } } }, h(Slot, { name: "offer" }, "Default offer")),
    );
    await settle();
    const offer = slot("offer");
    expect(offer.querySelector("strong")?.textContent).toBe("Thanks, <img src=x onerror=alert(1)>");
    expect(offer.querySelector("script, img, [onclick]")).toBeNull();
  });

  it("renders an element from the variants map, with its own state and events", async () => {
    const clicked = vi.fn();
    const variants = { BangaloreOffer: h("button", { onClick: clicked }, "Claim the Bangalore offer") };
    render(h(SlotwiseProvider, { rules, context: { geo: { city: "Bangalore" } } }, h(Slot, { name: "hero", variants }, "Default hero")));
    await settle();
    act(() => screen.getByText("Claim the Bangalore offer").click());
    expect(clicked).toHaveBeenCalledOnce();
  });

  it("keeps the default when no rule matches, and marks it decided", async () => {
    render(h(SlotwiseProvider, { rules, context: { geo: { city: "Delhi" } } }, h(Slot, { name: "hero" }, h("h1", null, "Default hero"))));
    await settle();
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
  });

  it("a variant with no content and no component keeps the default and reports VARIANT_NOT_FOUND once", async () => {
    const errors: SlotwiseError[] = [];
    function Listen(): null {
      const sw = useSlotwise();
      useEffect(() => sw.on("error", (error) => errors.push(error)), [sw]);
      return null;
    }
    render(h(SlotwiseProvider, { rules, context: { geo: { city: "Pune" } } }, h(Listen), h(Slot, { name: "badge" }, "Default badge")));
    await settle();
    expect(slot("badge").textContent).toBe("Default badge");
    expect(errors.map((error) => error.code)).toEqual(["VARIANT_NOT_FOUND"]);
  });

  it("outside a provider renders its children", () => {
    render(h(Slot, { name: "hero", as: "section", className: "hero" }, "Default hero"));
    expect(slot("hero").tagName).toBe("SECTION");
    expect(slot("hero").className).toBe("hero");
    expect(slot("hero").textContent).toBe("Default hero");
  });
});

describe("re-deciding", () => {
  it("set() re-renders only the slot that reads the changed fact", async () => {
    const renders: string[] = [];
    const counted = (id: string, child: ReactNode) => h(Profiler, { id, onRender: () => renders.push(id) }, child);
    let sw: Slotwise | undefined;
    function Grab(): null {
      sw = useSlotwise();
      return null;
    }
    render(
      h(
        SlotwiseProvider,
        { rules, context: { geo: { city: "Delhi" } } },
        h(Grab),
        counted("hero", h(Slot, { name: "hero" }, "Default hero")),
        counted("offer", h(Slot, { name: "offer" }, "Default offer")),
      ),
    );
    await settle();
    renders.length = 0;
    act(() => sw?.set({ geo: { city: "Bangalore" } }));
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(renders).toEqual(["hero"]);
  });

  it("track() decides the slot that counts the event; useDecision follows", async () => {
    function Cart(): ReactNode {
      const sw = useSlotwise();
      const decision = useDecision("cta");
      return h("div", null, h("button", { onClick: () => sw.track("add_to_cart") }, "Add"), h("p", { "data-testid": "reason" }, decision?.reason ?? "undecided"));
    }
    render(h(SlotwiseProvider, { rules }, h(Cart), h(Slot, { name: "cta", variants: { Checkout: h("a", { href: "/checkout" }, "Check out now") } }, "Keep shopping")));
    await settle();
    expect(screen.getByTestId("reason").textContent).toBe("DEFAULT");
    act(() => screen.getByText("Add").click());
    await settle();
    expect(slot("cta").textContent).toBe("Check out now");
    expect(screen.getByTestId("reason").textContent).toBe("MATCH");
  });

  it("fires one decision event and one exposure per shown decision, and a throwing listener breaks nothing", async () => {
    const seen: string[] = [];
    const exposures: string[] = [];
    const onPage: string[] = [];
    const hear = (event: Event) => onPage.push((event as CustomEvent<{ slot: string }>).detail.slot);
    document.addEventListener("slotwise:exposure", hear);
    let sw: Slotwise | undefined;
    function Listen(): null {
      sw = useSlotwise();
      useEffect(() => {
        const stops = [
          sw!.on("decision", () => {
            throw new Error("analytics broke");
          }),
          sw!.on("decision", (decision) => seen.push(`${decision.slot}:${decision.variant ?? "default"}`)),
          sw!.on("exposure", (exposure) => exposures.push(`${exposure.slot}:${exposure.variant ?? "default"}`)),
        ];
        return () => stops.forEach((stop) => stop());
      }, []);
      return null;
    }
    render(h(SlotwiseProvider, { rules, context: { geo: { city: "Delhi" } } }, h(Listen), h(Slot, { name: "hero" }, "Default hero")));
    await settle();
    act(() => sw?.set({ geo: { city: "Bangalore" } }));
    await settle();
    act(() => sw?.set({ user: { firstName: "Asha" } })); // read by no hero rule: no new decision
    await settle();
    expect(seen).toEqual(["hero:default", "hero:BangaloreOffer"]);
    expect(exposures).toEqual(seen);
    expect(onPage).toEqual(["hero", "hero"]);
    document.removeEventListener("slotwise:exposure", hear);
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
  });

  it("no RENDER_LOOP when React re-renders a slot many times", async () => {
    const errors: string[] = [];
    let sw: Slotwise | undefined;
    function App({ tick }: { tick: number }): ReactNode {
      sw = useSlotwise();
      useEffect(() => sw!.on("error", (error) => errors.push(error.code)), []);
      return h(Slot, { name: "hero" }, h("h1", null, `Default ${tick}`), tick % 2 ? h("span", null, "badge") : null);
    }
    const view = render(h(SlotwiseProvider, { rules, context: { geo: { city: "Delhi" } } }, h(App, { tick: 0 })));
    await settle();
    for (let tick = 1; tick <= 12; tick += 1) view.rerender(h(SlotwiseProvider, { rules, context: { geo: { city: "Delhi" } } }, h(App, { tick })));
    await settle();
    expect(slot("hero").textContent).toBe("Default 12");
    act(() => sw?.set({ geo: { city: "Bangalore" } }));
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(errors).toEqual([]);
  });
});

describe("lifecycle", () => {
  it("in StrictMode starts one live instance and decides as usual", async () => {
    render(h(StrictMode, null, h(SlotwiseProvider, { rules, context: { geo: { city: "Bangalore" } } }, h(Slot, { name: "hero" }, "Default hero"))));
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
  });

  it("calls made before the instance starts are kept and replayed", async () => {
    function EarlyTracker(): null {
      const sw = useSlotwise();
      // A child's layout effect runs before the provider's: the instance does not exist yet.
      useEffect(() => sw.track("add_to_cart"), [sw]);
      return null;
    }
    render(h(SlotwiseProvider, { rules }, h(EarlyTracker), h(Slot, { name: "cta", variants: { Checkout: "Check out now" } }, "Keep shopping")));
    await settle();
    expect(slot("cta").textContent).toBe("Check out now");
  });

  it("unmounting leaves no subscription and destroys the provider's instance", async () => {
    let sw: Slotwise | undefined;
    const instance = createReactSlotwise({ rules, context: { geo: { city: "Delhi" } } });
    const destroy = vi.spyOn(instance, "destroy");
    function Grab(): null {
      sw = useSlotwise();
      return null;
    }
    const own = render(h(SlotwiseProvider, { rules }, h(Grab), h(Slot, { name: "hero" }, "a"), h(Slot, { name: "offer" }, "b")));
    await settle();
    const ownInstance = sw!;
    const given = render(h(SlotwiseProvider, { instance }, h(Slot, { name: "hero" }, "c")));
    await settle();
    own.unmount();
    given.unmount();
    expect(storeOf(instance)?.size()).toBe(0);
    // The provider's own instance is gone: a set() after unmount changes nothing and throws nothing.
    expect(() => ownInstance.set({ geo: { city: "Bangalore" } })).not.toThrow();
    // An instance the app gave stays the app's.
    expect(destroy).not.toHaveBeenCalled();
    instance.set({ geo: { city: "Bangalore" } });
    await settle();
    expect(document.querySelectorAll("[data-slotwise-slot]")).toHaveLength(0);
    instance.destroy();
  });
});
