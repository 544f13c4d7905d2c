// @vitest-environment happy-dom
/**
 * slotwise/vue in happy-dom with @vue/test-utils: every variant kind,
 * defaults, a changed fact re-rendering only its slot, one exposure per
 * shown decision, and unmounting cleaning up.
 */
import { flushPromises, mount } from "@vue/test-utils";
import { defineComponent, h, onMounted, onUpdated, type Component } from "vue";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import type { Slotwise, SlotwiseError } from "../src/index.js";
import { createSlotwisePlugin, SlotwiseSlot, useDecision, useSlotwise } from "../src/vue/index.js";

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

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

const mounted: { unmount(): void }[] = [];
function show(render: () => unknown, context?: Record<string, unknown>, plugin = createSlotwisePlugin({ rules, context })) {
  const wrapper = mount(defineComponent({ render }) as Component, { attachTo: document.body, global: { plugins: [plugin] } });
  mounted.push(wrapper);
  return { wrapper, plugin };
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
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  document.body.innerHTML = "";
  vi.restoreAllMocks();
});

describe("<SlotwiseSlot>", () => {
  it("renders a text variant (escaped, placeholders filled) once decided, and the default before", async () => {
    show(() => h(SlotwiseSlot, { name: "hero" }, () => h("h1", "Default hero")), { geo: { city: "Bangalore" } });
    expect(slot("hero").textContent).toBe("Default hero");
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(slot("hero").querySelector("h1")).toBeNull();
    expect(slot("hero").getAttribute("data-slot-state")).toBe("variant");
    expect(slot("hero").getAttribute("data-slot-variant")).toBe("BangaloreOffer");
  });

  it("renders an html variant sanitized, with placeholders escaped", async () => {
    show(() => h(SlotwiseSlot, { name: "offer" }, () => "Default offer"), { user: { type: "repeat_customer", firstName: "<img src=x onerror=alert(1)>" } });
    await settle();
    expect(slot("offer").querySelector("strong")?.textContent).toBe("Thanks, <img src=x onerror=alert(1)>");
    expect(slot("offer").querySelector("script, img, [onclick]")).toBeNull();
  });

  it("renders the named slot of the variant, with its own events, and passes attributes through", async () => {
    const clicked = vi.fn();
    show(
      () => h(SlotwiseSlot, { name: "hero", as: "header", class: "hero" }, { default: () => "Default hero", BangaloreOffer: () => h("button", { onClick: clicked }, "Claim the Bangalore offer") }),
      { geo: { city: "Bangalore" } },
    );
    await settle();
    expect(slot("hero").tagName).toBe("HEADER");
    expect(slot("hero").className).toBe("hero");
    slot("hero").querySelector("button")!.click();
    expect(clicked).toHaveBeenCalledOnce();
  });

  it("keeps the default when no rule matches, and marks it decided", async () => {
    show(() => h(SlotwiseSlot, { name: "hero" }, () => h("h1", "Default hero")), { geo: { city: "Delhi" } });
    await settle();
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
  });

  it("a variant with no content and no named slot keeps the default and reports VARIANT_NOT_FOUND once", async () => {
    const errors: SlotwiseError[] = [];
    const { plugin } = show(() => h(SlotwiseSlot, { name: "badge" }, () => "Default badge"), { geo: { city: "Pune" } });
    plugin.instance.on("error", (error) => errors.push(error));
    await settle();
    expect(slot("badge").textContent).toBe("Default badge");
    expect(errors.map((error) => error.code)).toEqual(["VARIANT_NOT_FOUND"]);
  });

  it("without the plugin renders its default content", () => {
    mounted.push(mount(SlotwiseSlot, { attachTo: document.body, props: { name: "hero", as: "section" }, slots: { default: () => "Default hero" } }));
    expect(slot("hero").tagName).toBe("SECTION");
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").hasAttribute("data-slot-state")).toBe(false);
  });
});

describe("re-deciding", () => {
  it("set() re-renders only the slot that reads the changed fact", async () => {
    const updates: string[] = [];
    const counted = (name: string) => h(SlotwiseSlot, { name, onVnodeUpdated: () => updates.push(name) }, () => `Default ${name}`);
    const parent = vi.fn();
    const Parent = defineComponent({
      setup() {
        onUpdated(parent);
        return () => [counted("hero"), counted("offer")];
      },
    });
    const { plugin } = show(() => h(Parent), { geo: { city: "Delhi" } });
    await settle();
    updates.length = 0;
    plugin.instance.set({ geo: { city: "Bangalore" } });
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
    expect(updates).toEqual(["hero"]);
    expect(parent).not.toHaveBeenCalled();
  });

  it("track() decides the slot that counts the event; useDecision follows", async () => {
    const Cart = defineComponent({
      setup() {
        const sw = useSlotwise();
        const decision = useDecision("cta");
        return () => h("div", [h("button", { onClick: () => sw.track("add_to_cart") }, "Add"), h("p", { id: "reason" }, decision.value?.reason ?? "undecided")]);
      },
    });
    show(() => [h(Cart), h(SlotwiseSlot, { name: "cta" }, { default: () => "Keep shopping", Checkout: () => h("a", { href: "/checkout" }, "Check out now") })]);
    await settle();
    expect(document.getElementById("reason")!.textContent).toBe("DEFAULT");
    document.querySelector("button")!.click();
    await settle();
    expect(slot("cta").textContent).toBe("Check out now");
    expect(document.getElementById("reason")!.textContent).toBe("MATCH");
  });

  it("fires one decision event and one exposure per shown decision, and a throwing listener breaks nothing", async () => {
    const seen: string[] = [];
    const exposures: string[] = [];
    const { plugin } = show(() => h(SlotwiseSlot, { name: "hero" }, () => "Default hero"), { geo: { city: "Delhi" } });
    const sw: Slotwise = plugin.instance;
    sw.on("decision", () => {
      throw new Error("analytics broke");
    });
    sw.on("decision", (decision) => seen.push(`${decision.slot}:${decision.variant ?? "default"}`));
    sw.on("exposure", (exposure) => exposures.push(`${exposure.slot}:${exposure.variant ?? "default"}`));
    await settle();
    sw.set({ geo: { city: "Bangalore" } });
    await settle();
    sw.set({ user: { firstName: "Asha" } }); // read by no hero rule: no new decision
    await settle();
    expect(seen).toEqual(["hero:default", "hero:BangaloreOffer"]);
    expect(exposures).toEqual(seen);
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
  });

  it("a slot whose name changes follows its new name", async () => {
    const Named = defineComponent({
      data: () => ({ name: "hero" }),
      render() {
        return [h("button", { onClick: () => (this.name = "offer") }, "rename"), h(SlotwiseSlot, { name: this.name, id: "renamed" }, () => "Default")];
      },
    });
    show(() => h(Named), { geo: { city: "Bangalore" }, user: { type: "repeat_customer" } });
    await settle();
    expect(document.getElementById("renamed")!.textContent).toBe("Namaste Bangalore <3");
    document.querySelector("button")!.click();
    await settle();
    expect(document.getElementById("renamed")!.getAttribute("data-slot-variant")).toBe("LoyaltyOffer");
    expect(document.getElementById("renamed")!.querySelector("strong")?.textContent).toBe("Thanks, friend");
  });

  it("a slot mounted later (a route, a v-if) is found and decided", async () => {
    const Later = defineComponent({
      data: () => ({ on: false }),
      setup() {
        return {};
      },
      render() {
        return [h("button", { onClick: () => (this.on = true) }, "open"), this.on ? h(SlotwiseSlot, { name: "hero" }, () => "Default hero") : null];
      },
    });
    show(() => h(Later), { geo: { city: "Bangalore" } });
    await settle();
    document.querySelector("button")!.click();
    await settle();
    expect(slot("hero").textContent).toBe("Namaste Bangalore <3");
  });
});

describe("the runtime's marks", () => {
  it("a preview by address shows the variant, marks the decision preview, and counts no exposure", async () => {
    history.replaceState(null, "", "/?slotwise_preview=hero:BangaloreOffer");
    try {
      const decisions: unknown[] = [];
      const exposures: unknown[] = [];
      const plugin = createSlotwisePlugin({ rules, context: { geo: { city: "Delhi" } } });
      plugin.instance.on("decision", (decision) => decisions.push(decision));
      plugin.instance.on("exposure", (exposure) => exposures.push(exposure));
      show(() => h(SlotwiseSlot, { name: "hero" }, () => "Default hero"), undefined, plugin);
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
    const plugin = createSlotwisePlugin({ rules: held, context: { geo: { city: "Bangalore" } } });
    plugin.instance.on("exposure", (exposure) => exposures.push(exposure));
    show(() => h(SlotwiseSlot, { name: "hero" }, () => "Default hero"), undefined, plugin);
    await settle();
    expect(slot("hero").textContent).toBe("Default hero");
    expect(slot("hero").getAttribute("data-slot-state")).toBe("default");
    expect(exposures).toEqual([{ slot: "hero", variant: null, rule: "Bangalore visitors", reason: "MATCH", holdout: true }]);
  });
});

describe("lifecycle", () => {
  it("calls made before mounting are kept and replayed", async () => {
    const plugin = createSlotwisePlugin({ rules });
    plugin.instance.track("add_to_cart");
    const EarlyTracker = defineComponent({
      setup() {
        const sw = useSlotwise();
        onMounted(() => sw.track("add_to_cart"));
        return () => null;
      },
    });
    show(() => [h(EarlyTracker), h(SlotwiseSlot, { name: "cta" }, { default: () => "Keep shopping", Checkout: () => "Check out now" })], undefined, plugin);
    await settle();
    expect(slot("cta").textContent).toBe("Check out now");
  });

  it("unmounting the app destroys its instance; unmounting a slot forgets it", async () => {
    const decided: string[] = [];
    const Toggle = defineComponent({
      data: () => ({ on: true }),
      render() {
        return [h("button", { onClick: () => (this.on = false) }, "close"), this.on ? h(SlotwiseSlot, { name: "hero" }, () => "Default hero") : null];
      },
    });
    const { wrapper, plugin } = show(() => h(Toggle), { geo: { city: "Delhi" } });
    plugin.instance.on("decision", (decision) => decided.push(decision.slot));
    await settle();
    expect(decided).toEqual(["hero"]);
    document.querySelector("button")!.click();
    await settle();
    plugin.instance.set({ geo: { city: "Bangalore" } });
    await settle();
    expect(decided).toEqual(["hero"]); // a slot no longer mounted is not decided again
    const destroy = vi.fn();
    plugin.instance.on("decision", destroy);
    wrapper.unmount();
    mounted.length = 0;
    expect(() => plugin.instance.set({ geo: { city: "Pune" } })).not.toThrow();
    await settle();
    expect(destroy).not.toHaveBeenCalled();
  });
});
