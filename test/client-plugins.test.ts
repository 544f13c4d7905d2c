/**
 * The instance's seams through the public door: a plugin is given the
 * instance at creation and its stop function runs at destroy(); a platform's
 * members replace the browser's (here: none at all, in Node); a plugin's
 * hooks decide with the instance; a throwing plugin is one fault, not a
 * broken page.
 */
import { describe, expect, it } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise, type Plugin, type RenderAdapter, type SlotHandle, type SlotwiseError } from "../src/index.js";

const rules = {
  version: 1,
  slots: { hero: [{ name: "Pune", when: { all: [{ fact: "geo.city", operator: "equal", value: "Pune" }] }, show: "Hi" }] },
  variants: { Hi: { text: "Hello Pune" } },
};

/** A render adapter over plain objects. */
function memoryAdapter(names: string[]): RenderAdapter & { shown: Record<string, string> } {
  const shown: Record<string, string> = {};
  const slots: SlotHandle[] = names.map((name) => ({ name, target: { name } }));
  return {
    shown,
    findSlots: () => slots,
    render(slot, variant) {
      shown[slot.name] = variant.id;
      return { ok: true, revert: () => delete shown[slot.name] };
    },
    markDefault(slot) {
      shown[slot.name] = "default";
      return () => delete shown[slot.name];
    },
  };
}

describe("plugins and platform", () => {
  it("runs each plugin at creation and its stop function at destroy()", async () => {
    const seen: string[] = [];
    const plugin: Plugin = (sw) => {
      seen.push(typeof sw.track);
      sw.on("decision", (d) => seen.push(`decision ${d.slot}`));
      return () => seen.push("stopped");
    };
    const adapter = memoryAdapter(["hero"]);
    const sw = createSlotwise({ rules, adapter, context: { geo: { city: "Pune" } }, plugins: [plugin], navigation: false });
    await sw.ready;
    expect(adapter.shown).toEqual({ hero: "Hi" });
    sw.destroy({ restore: true });
    expect(seen).toEqual(["function", "decision hero", "stopped"]);
    expect(adapter.shown).toEqual({});
  });

  it("decides with a plugin's facts and decision hooks", async () => {
    const city: Plugin = (sw) => void sw.hooks.facts.push((facts) => ({ ...facts, geo: { city: "Pune" } }));
    const sw = createSlotwise({ rules, platform: {}, plugins: [city] });
    expect((await sw.decide()).map((d) => d.variant)).toEqual(["Hi"]);
    sw.destroy();
  });

  it("reports a throwing plugin once and still starts", async () => {
    const errors: SlotwiseError[] = [];
    const bad: Plugin = () => {
      throw new Error("plugin bug");
    };
    const warn = console.warn;
    console.warn = () => {};
    try {
      const sw = createSlotwise({ rules, platform: {}, plugins: [bad] });
      sw.on("error", (e) => errors.push(e));
      await sw.ready;
      expect(errors.map((e) => e.message)).toEqual(["BAD_INPUT: plugin bug"]);
      expect((await sw.decide())[0]).toMatchObject({ slot: "hero", reason: "DEFAULT" });
      sw.destroy();
    } finally {
      console.warn = warn;
    }
  });
});
