// @vitest-environment happy-dom
/**
 * What the debugger reads from a running instance (src/debug/model.ts) and
 * how its panel renders it, in happy-dom: explain's words per slot, the
 * authoring sentences of a broken file, the facts with what is stored, and
 * personalization with the personalize build.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// src/later/ given at once (createSlotwise imports it after the first decisions: test/e2e-later-chunk.test.ts), so track() and routes act synchronously here.
import "./support/context-store.js";
import { createSlotwise, personalization } from "../src/index.js";
import type { Slotwise } from "../src/index.js";
import { readModel, readRuleFile, ruleFileFaults } from "../src/debug/model.js";
import { mountDebugger } from "../src/debug/panel.js";

const rules = {
  version: 1,
  scores: { intent: { signals: [{ event: "pricing_page_viewed", points: 30 }] } },
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }],
    offer: [{ name: "Keen", when: { all: [{ fact: "scores.intent", operator: "greaterThanInclusive", value: 50 }] }, show: "Keen" }],
  },
  variants: { Namaste: { text: "Namaste <b>Bangalore</b>" }, Keen: { text: "Still deciding?" } },
};

let sw: Slotwise | undefined;
beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  document.body.innerHTML = '<section data-slot="hero">Default hero</section><aside data-slot="offer">Default offer</aside>';
});
afterEach(() => {
  sw?.destroy();
  document.querySelector("[data-slotwise-debug]")?.remove();
});

describe("the debugger's model", () => {
  it("says per slot what explain says, with personalization, facts and what is stored", async () => {
    sw = createSlotwise({ rules, context: { geo: { city: "Bangalore" } }, plugins: [personalization()] });
    await sw.ready;
    sw.track("pricing_page_viewed");
    sw.track("pricing_page_viewed");
    await new Promise((resolve) => setTimeout(resolve, 0));
    const model = await readModel(sw, ruleFileFaults(rules));
    expect(model.slots.map((slot) => [slot.name, slot.words.split("\n")[0], slot.elements])).toEqual([
      ["hero", "slot 'hero': shows 'Namaste' (rule 'Bangalore visitors' matched)", 1],
      ["offer", "slot 'offer': shows 'Keen' (rule 'Keen' matched)", 1],
    ]);
    expect(model.errors).toEqual([]);
    expect(model.personal?.scores).toEqual({ intent: 60 });
    expect(model.facts).toMatchObject({ geo: { city: "Bangalore" }, events: { pricing_page_viewed: { count: 2 } } });
    expect(JSON.stringify(model.stored)).toContain("pricing_page_viewed");
  });

  it("gives the authoring sentences of a broken file, and says when the page gave none", async () => {
    const broken = { ...rules, slots: { hero: [{ name: "x", when: { fact: "geo.city", operator: "equals", value: "Pune" }, show: "Namaste" }] } };
    sw = createSlotwise({ rules: broken });
    await sw.ready;
    expect((await readModel(sw, ruleFileFaults(broken))).errors).toEqual(["slots.hero[0].when.operator: unknown operator 'equals'; did you mean 'equal'?"]);
    expect((await readModel(sw, ruleFileFaults(undefined))).errors).toEqual(["the page gave Slotwise no rule file: every slot keeps its default content"]);
  });

  it("reads a rules URL again as text, and says so plainly when it cannot", async () => {
    const fetcher = (async (url: string) => new Response(url === "/rules.json" ? JSON.stringify(rules) : "", { status: 200 })) as typeof fetch;
    expect(await readRuleFile("/rules.json", fetcher)).toBe(JSON.stringify(rules));
    expect(await readRuleFile(Promise.resolve(rules), fetcher)).toBe(rules);
    const failing = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await readRuleFile("/gone.json", failing)).toBe("the rule file at /gone.json could not be read again: Failed to fetch");
  });
});

describe("the debugger's panel", () => {
  it("renders the rule file's content as text, never as markup", async () => {
    const hostile = { version: 1, slots: { "<img src=x onerror=alert(1)>": [{ name: "<script>", show: "A" }] }, variants: { A: { text: "a" } } };
    sw = createSlotwise({ rules: hostile });
    await sw.ready;
    const panel = mountDebugger(sw, hostile);
    await panel.refresh();
    const root = panel.host.shadowRoot!;
    expect(root.querySelector("img, script")).toBeNull();
    expect(root.querySelector("li.slot .name")!.textContent).toBe("<img src=x onerror=alert(1)>");
    panel.destroy();
    expect(document.querySelector("[data-slotwise-debug]")).toBeNull();
  });
});
