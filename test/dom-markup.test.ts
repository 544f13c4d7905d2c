// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import {
  CONTEXT_SCRIPT_SELECTOR,
  findVariantTemplate,
  readSlotName,
  RULES_SCRIPT_SELECTOR,
  SCRIPT_ATTRIBUTES,
  UNDECIDED_SLOT_SELECTOR,
  writeSlotState,
} from "../src/dom/markup.js";

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("the page contract's markup", () => {
  it("reads slot names, refusing missing and blank ones", () => {
    document.body.innerHTML = `<div data-slot="hero-banner"></div><div data-slot=""></div><div data-slot=" "></div><div></div>`;
    expect(Array.from(document.body.children, readSlotName)).toEqual(["hero-banner", null, null, null]);
  });

  it("writes the variant id only with the variant state", () => {
    const slot = document.createElement("div");
    writeSlotState(slot, "variant", "Spring");
    expect(slot.outerHTML).toBe('<div data-slot-state="variant" data-slot-variant="Spring"></div>');
    writeSlotState(slot, "default");
    expect(slot.outerHTML).toBe('<div data-slot-state="default"></div>');
    writeSlotState(slot, "pending", "ignored");
    expect(slot.outerHTML).toBe('<div data-slot-state="pending"></div>');
  });

  it("selects undecided slots: without a state, or pending", () => {
    document.body.innerHTML = `<i data-slot="a"></i><i data-slot="b" data-slot-state="pending"></i>
      <i data-slot="c" data-slot-state="default"></i><i data-slot="d" data-slot-state="variant"></i><i></i>`;
    expect(Array.from(document.querySelectorAll(UNDECIDED_SLOT_SELECTOR), readSlotName)).toEqual(["a", "b"]);
  });

  it("finds inline rules and context only in JSON script tags", () => {
    document.body.innerHTML = `<script type="application/json" data-slotwise-rules>{}</script>
      <script data-slotwise-rules>ignored()</script><script type="application/json" data-slotwise-context>{}</script>`;
    expect(document.querySelectorAll(RULES_SCRIPT_SELECTOR)).toHaveLength(1);
    expect(document.querySelectorAll(CONTEXT_SCRIPT_SELECTOR)).toHaveLength(1);
  });

  it("names the script tag's attributes", () => {
    expect(Object.values(SCRIPT_ATTRIBUTES)).toEqual(["data-rules-url", "data-timeout", "data-debug", "data-consent", "data-datalayer", "data-beacon-url", "data-expose"]);
  });

  it("finds a variant template by exact id, never a non-template element", () => {
    document.body.innerHTML = `<div data-slot-variant="X"></div><template data-slot-variant="x"></template><template data-slot-variant="X"></template>`;
    expect(findVariantTemplate(document, "X")).toBe(document.querySelectorAll("template")[1]);
    expect(findVariantTemplate(document, "Y")).toBeNull();
  });
});
