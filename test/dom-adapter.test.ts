// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { resolveVariant, type ResolvedVariant, type SlotHandle } from "../src/core/adapter.js";
import { createDomAdapter } from "../src/dom/adapter.js";

const text = (id: string, value: string): ResolvedVariant => ({ id, content: { text: value } });

/** Lets MutationObserver callbacks run. */
const mutationsDelivered = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function slotNamed(name: string): SlotHandle<Element> {
  const slot = createDomAdapter()
    .findSlots()
    .find((candidate) => candidate.name === name);
  if (!slot) throw new Error(`no slot ${name}`);
  return slot;
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("findSlots", () => {
  it("finds every [data-slot] in document order, nested ones included, skipping blank names", () => {
    document.body.innerHTML = `
      <section data-slot="hero-banner"><h1>Default</h1><div data-slot="inner">i</div></section>
      <div data-slot="">blank</div><div data-slot="  ">spaces</div>
      <p data-slot="offer">o</p>
      <template data-slot-variant="X"><div data-slot="in-template"></div></template>`;
    const slots = createDomAdapter().findSlots();
    expect(slots.map((slot) => slot.name)).toEqual(["hero-banner", "inner", "offer"]);
    expect(slots[0]?.target).toBe(document.querySelector("section"));
  });

  it("looks only under the given root, the root itself included", () => {
    document.body.innerHTML = `<div data-slot="outside"></div><main data-slot="root"><p data-slot="inside"></p></main>`;
    const root = document.querySelector("main");
    if (!root) throw new Error("no main");
    expect(createDomAdapter({ root }).findSlots().map((slot) => slot.name)).toEqual(["root", "inside"]);
  });
});

describe("render", () => {
  it("swaps in the variant and marks the slot with its state and variant id", () => {
    document.body.innerHTML = `<div data-slot="offer"><p>Default offer</p></div>`;
    const adapter = createDomAdapter();
    const slot = slotNamed("offer");
    const result = adapter.render(slot, text("WelcomeDiscount", "Welcome! 10% off your first order"), {});
    expect(result.ok).toBe(true);
    expect(slot.target.outerHTML).toBe(
      '<div data-slot="offer" data-slot-state="variant" data-slot-variant="WelcomeDiscount">Welcome! 10% off your first order</div>',
    );
  });

  it("renders rule-file and page-template variants by id through resolveVariant", () => {
    document.body.innerHTML = `<div data-slot="a">A</div><div data-slot="b">B</div>
      <template data-slot-variant="BangaloreOffer"><h1>Namaste {{geo.city}}</h1></template>`;
    const ruleSet = { variants: { LoyaltyOffer: { html: '<strong>Thanks, {{user.firstName | "friend"}}</strong>' } } };
    const adapter = createDomAdapter();
    const [a, b] = adapter.findSlots();
    if (!a || !b) throw new Error("slots missing");
    expect(adapter.render(a, resolveVariant(ruleSet, "LoyaltyOffer"), {}).ok).toBe(true);
    expect(adapter.render(b, resolveVariant(ruleSet, "BangaloreOffer"), { geo: { city: "Bangalore" } }).ok).toBe(true);
    expect(a.target.innerHTML).toBe("<strong>Thanks, friend</strong>");
    expect(b.target.innerHTML).toBe("<h1>Namaste Bangalore</h1>");
    expect(b.target.getAttribute("data-slot-variant")).toBe("BangaloreOffer");
  });

  it("does not take an inherited property as a variant", () => {
    expect(resolveVariant({ variants: {} }, "constructor")).toEqual({ id: "constructor", content: { template: "constructor" } });
  });

  it("replaces one variant with another directly, keeping the original default for revert", async () => {
    document.body.innerHTML = `<div data-slot="s"><em>default</em></div>`;
    const adapter = createDomAdapter();
    const slot = slotNamed("s");
    const original = slot.target.firstChild;
    adapter.render(slot, text("A", "first"), {});
    const records: MutationRecord[] = [];
    const observer = new MutationObserver((list) => records.push(...list));
    observer.observe(slot.target, { childList: true });
    const second = adapter.render(slot, text("B", "second"), {});
    await mutationsDelivered();
    observer.disconnect();
    // Only the final content was ever inserted: no pass through the default or an empty slot.
    const inserted = records.flatMap((record) => Array.from(record.addedNodes, (node) => node.textContent));
    expect(inserted).toEqual(["second"]);
    expect(slot.target.textContent).toBe("second");
    second.revert();
    expect(slot.target.firstChild).toBe(original);
  });
});

describe("revert", () => {
  it("puts back the very same default nodes, so the page's listeners still work", () => {
    document.body.innerHTML = `<div data-slot="cta"><button>Buy</button> <span>now</span></div>`;
    const slot = slotNamed("cta");
    const before = Array.from(slot.target.childNodes);
    let clicks = 0;
    slot.target.querySelector("button")?.addEventListener("click", () => (clicks += 1));

    const result = createDomAdapter().render(slot, text("V", "variant"), {});
    expect(slot.target.contains(before[0] ?? null)).toBe(false);
    result.revert();

    expect(Array.from(slot.target.childNodes)).toEqual(before);
    expect(slot.target.childNodes[0]).toBe(before[0]);
    (slot.target.querySelector("button") as HTMLButtonElement).click();
    expect(clicks).toBe(1);
  });

  it("restores the attributes the slot had before, including a state set by someone else", () => {
    document.body.innerHTML = `<div data-slot="s" data-slot-state="pending" class="c">d</div>`;
    const slot = slotNamed("s");
    const result = createDomAdapter().render(slot, text("V", "v"), {});
    result.revert();
    expect(slot.target.outerHTML).toBe('<div data-slot="s" data-slot-state="pending" class="c">d</div>');
  });

  it("removes the state attributes when the slot had none", () => {
    document.body.innerHTML = `<div data-slot="s">d</div>`;
    const slot = slotNamed("s");
    createDomAdapter().render(slot, text("V", "v"), {}).revert();
    expect(slot.target.outerHTML).toBe('<div data-slot="s">d</div>');
  });

  it("does nothing once a newer render replaced its content, and nothing the second time", () => {
    document.body.innerHTML = `<div data-slot="s">d</div>`;
    const adapter = createDomAdapter();
    const slot = slotNamed("s");
    const first = adapter.render(slot, text("A", "a"), {});
    const second = adapter.render(slot, text("B", "b"), {});
    first.revert();
    expect(slot.target.textContent).toBe("b");
    expect(slot.target.getAttribute("data-slot-variant")).toBe("B");
    second.revert();
    second.revert();
    expect(slot.target.outerHTML).toBe('<div data-slot="s">d</div>');
  });
});

describe("markDefault", () => {
  it("marks an untouched slot as decided without changing its content", () => {
    document.body.innerHTML = `<div data-slot="s"><p>d</p></div>`;
    const slot = slotNamed("s");
    const child = slot.target.firstChild;
    createDomAdapter().markDefault(slot);
    expect(slot.target.getAttribute("data-slot-state")).toBe("default");
    expect(slot.target.hasAttribute("data-slot-variant")).toBe(false);
    expect(slot.target.firstChild).toBe(child);
  });

  it("brings back the default nodes when a variant was showing", () => {
    document.body.innerHTML = `<div data-slot="s"><p>d</p></div>`;
    const adapter = createDomAdapter();
    const slot = slotNamed("s");
    const child = slot.target.firstChild;
    const shown = adapter.render(slot, text("V", "v"), {});
    const revertDefault = adapter.markDefault(slot);
    expect(slot.target.firstChild).toBe(child);
    expect(slot.target.outerHTML).toBe('<div data-slot="s" data-slot-state="default"><p>d</p></div>');
    shown.revert(); // stale: markDefault came later
    expect(slot.target.getAttribute("data-slot-state")).toBe("default");
    revertDefault();
    expect(slot.target.outerHTML).toBe('<div data-slot="s"><p>d</p></div>');
  });
});

describe("all-or-nothing", () => {
  it("keeps the default and reports VARIANT_NOT_FOUND when the page template is missing", () => {
    document.body.innerHTML = `<div data-slot="hero"><h1>Default</h1></div>`;
    const slot = slotNamed("hero");
    const child = slot.target.firstChild;
    const result = createDomAdapter().render(slot, resolveVariant({ variants: {} }, "Nowhere"), {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual({
      code: "VARIANT_NOT_FOUND",
      slot: "hero",
      variant: "Nowhere",
      // A detail, not a sentence (words are on the authoring side): the template id looked for.
      message: "Nowhere",
    });
    expect(slot.target.firstChild).toBe(child);
    expect(slot.target.outerHTML).toBe('<div data-slot="hero" data-slot-state="default"><h1>Default</h1></div>');
  });

  it("restores the default, not the previous variant, when a later render fails", () => {
    document.body.innerHTML = `<div data-slot="hero"><h1>Default</h1></div>`;
    const adapter = createDomAdapter();
    const slot = slotNamed("hero");
    const child = slot.target.firstChild;
    adapter.render(slot, text("A", "variant A"), {});
    const result = adapter.render(slot, resolveVariant({ variants: {} }, "Missing"), {});
    expect(result.ok).toBe(false);
    expect(slot.target.firstChild).toBe(child);
    expect(slot.target.getAttribute("data-slot-state")).toBe("default");
    result.revert();
    expect(slot.target.outerHTML).toBe('<div data-slot="hero"><h1>Default</h1></div>');
  });

  it("reports RENDER_FAILED and changes nothing when building the variant throws", () => {
    document.body.innerHTML = `<div data-slot="s"><p>d</p></div>`;
    const failure = new Error("sanitizer broke");
    const adapter = createDomAdapter({
      sanitize: () => {
        throw failure;
      },
    });
    const slot = slotNamed("s");
    const child = slot.target.firstChild;
    const result = adapter.render(slot, { id: "H", content: { html: "<b>x</b>" } }, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "RENDER_FAILED", slot: "s", variant: "H", cause: failure });
    expect(result.error.message).toBe("sanitizer broke");
    expect(slot.target.firstChild).toBe(child);
    expect(slot.target.getAttribute("data-slot-state")).toBe("default");
  });

  it("restores the default when the swap itself fails in the DOM", () => {
    document.body.innerHTML = `<main><div data-slot="s"><p>d</p></div></main>`;
    const main = document.querySelector("main");
    // A "sanitizer" handing back the slot's own ancestor: inserting it is a HierarchyRequestError.
    const adapter = createDomAdapter({ sanitize: () => main as unknown as DocumentFragment });
    const slot = slotNamed("s");
    const child = slot.target.firstChild;
    const result = adapter.render(slot, { id: "H", content: { html: "x" } }, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("RENDER_FAILED");
    expect(result.error.message).toMatch(/./);
    expect(slot.target.firstChild).toBe(child);
    expect(slot.target.parentElement).toBe(main);
    expect(slot.target.getAttribute("data-slot-state")).toBe("default");
  });

  it("never throws for a handle whose target is not an element", () => {
    const adapter = createDomAdapter();
    const bogus = { name: "x", target: {} as Element };
    expect(adapter.render(bogus, text("V", "v"), {}).ok).toBe(false);
    expect(() => adapter.markDefault(bogus)()).not.toThrow();
  });
});

describe("observe", () => {
  it("reports slots added later, including slots nested in added content, each once", async () => {
    document.body.innerHTML = `<div data-slot="first">1</div>`;
    const adapter = createDomAdapter();
    adapter.findSlots();
    const reported: string[][] = [];
    const stop = adapter.observe((slots) => reported.push(slots.map((slot) => slot.name)));

    const section = document.createElement("section");
    section.innerHTML = `<div data-slot="outer"><p><span data-slot="nested">n</span></p></div>`;
    document.body.append(section);
    const lone = document.createElement("aside");
    lone.setAttribute("data-slot", "lone");
    document.body.append(lone);
    await mutationsDelivered();

    // Moving a known slot does not report it again.
    document.body.append(section);
    await mutationsDelivered();
    stop();

    expect(reported).toEqual([["outer", "nested", "lone"]]);
  });

  it("reports an element that becomes a slot or changes its slot name", async () => {
    document.body.innerHTML = `<div id="later">x</div>`;
    const adapter = createDomAdapter();
    const reported: string[] = [];
    const stop = adapter.observe((slots) => reported.push(...slots.map((slot) => slot.name)));
    const element = document.getElementById("later") as Element;
    element.setAttribute("data-slot", "promo");
    await mutationsDelivered();
    element.setAttribute("data-slot", "promo-2");
    await mutationsDelivered();
    element.setAttribute("data-slot", "promo-2");
    await mutationsDelivered();
    stop();
    expect(reported).toEqual(["promo", "promo-2"]);
  });

  it("does not report slots that were added and removed again before delivery", async () => {
    const adapter = createDomAdapter();
    const reported: string[] = [];
    const stop = adapter.observe((slots) => reported.push(...slots.map((slot) => slot.name)));
    const element = document.createElement("div");
    element.setAttribute("data-slot", "flash");
    document.body.append(element);
    element.remove();
    await mutationsDelivered();
    stop();
    expect(reported).toEqual([]);
  });

  it("delivers queued slots when stopped, then reports nothing more", async () => {
    const adapter = createDomAdapter();
    const reported: string[] = [];
    const stop = adapter.observe((slots) => reported.push(...slots.map((slot) => slot.name)));
    document.body.insertAdjacentHTML("beforeend", `<div data-slot="queued"></div>`);
    stop(); // before any delivery
    expect(reported).toEqual(["queued"]);
    document.body.insertAdjacentHTML("beforeend", `<div data-slot="after-stop"></div>`);
    await mutationsDelivered();
    expect(reported).toEqual(["queued"]);
  });

  it("reports the slots of a variant it renders, which are new slots", async () => {
    document.body.innerHTML = `<div data-slot="outer">d</div><template data-slot-variant="WithSlot"><div data-slot="inner">i</div></template>`;
    const adapter = createDomAdapter();
    const [outer] = adapter.findSlots();
    const reported: string[] = [];
    const stop = adapter.observe((slots) => reported.push(...slots.map((slot) => slot.name)));
    if (!outer) throw new Error("no slot");
    adapter.render(outer, resolveVariant({ variants: {} }, "WithSlot"), {});
    await mutationsDelivered();
    stop();
    expect(reported).toEqual(["inner"]);
  });

  it("hands a listener's exception to onError and keeps observing", async () => {
    const errors: unknown[] = [];
    const adapter = createDomAdapter({ onError: (error) => errors.push(error) });
    const reported: string[] = [];
    const stop = adapter.observe((slots) => {
      reported.push(...slots.map((slot) => slot.name));
      throw new Error("listener broke");
    });
    document.body.insertAdjacentHTML("beforeend", `<div data-slot="a"></div>`);
    await mutationsDelivered();
    document.body.insertAdjacentHTML("beforeend", `<div data-slot="b"></div>`);
    await mutationsDelivered();
    stop();
    expect(reported).toEqual(["a", "b"]);
    expect(errors).toHaveLength(2);
  });
});

describe("slots the edge decided (data-slot-edge)", () => {
  const EDGE_VARIANT =
    '<section data-slot="hero" data-slot-edge="" data-slot-state="variant" data-slot-variant="Bangalore"><template data-slot-default><h1>Default</h1></template><h1>Namaste</h1></section>';

  it("takes over an agreeing variant without touching the slot, and goes back to the kept default", async () => {
    document.body.innerHTML = EDGE_VARIANT;
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const adapter = createDomAdapter();
    const [hero] = adapter.findSlots();
    const result = adapter.render(hero!, text("Bangalore", "Namaste, from the browser"), {});
    await mutationsDelivered();
    expect(result.ok).toBe(true);
    expect(changes).toHaveLength(0);
    expect(document.querySelector("section")?.textContent).toBe("Namaste");

    adapter.markDefault(hero!);
    expect(document.querySelector("section")?.innerHTML).toBe("<h1>Default</h1>");
    expect(document.querySelector("section")?.getAttribute("data-slot-state")).toBe("default");
    // Only the first decision is taken over: a later one renders.
    adapter.render(hero!, text("Bangalore", "Namaste again"), {});
    expect(document.querySelector("section")?.textContent).toBe("Namaste again");
    observer.disconnect();
  });

  it("renders a different variant over it, and a revert shows the kept default", () => {
    document.body.innerHTML = EDGE_VARIANT;
    const adapter = createDomAdapter();
    const [hero] = adapter.findSlots();
    const result = adapter.render(hero!, text("Pune", "Hello Pune"), {});
    expect(document.querySelector("section")?.textContent).toBe("Hello Pune");
    result.revert();
    expect(document.querySelector("section")?.innerHTML).toBe("<h1>Default</h1>");
    expect(document.querySelector("section")?.hasAttribute("data-slot-state")).toBe(false);
  });

  it("takes over an edge default as it is", async () => {
    document.body.innerHTML = '<p data-slot="offer" data-slot-edge="" data-slot-state="default">Join today</p>';
    const changes: MutationRecord[] = [];
    const observer = new MutationObserver((records) => changes.push(...records));
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const adapter = createDomAdapter();
    adapter.markDefault(adapter.findSlots()[0]!);
    await mutationsDelivered();
    expect(changes).toHaveLength(0);
    observer.disconnect();
  });
});
