import { describe, expect, it } from "vitest";
import { parseRuleSet } from "../src/authoring/parse.js";
import { pathsOverlap, slotDependencies } from "../src/core/slot-deps.js";

describe("slot dependencies", () => {
  it("lists the facts each slot's rules read (audiences expanded) and its variants' placeholders", () => {
    const parsed = parseRuleSet({
      version: 1,
      audiences: { bangalore: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] } },
      slots: {
        hero: [{ name: "Bangalore", when: { audience: "bangalore" }, show: "Hello" }],
        cta: [{ name: "Fans", when: { any: [{ fact: "events.pricing.count", operator: "greaterThan", value: 1 }] }, show: "Sales" }],
        plain: [{ name: "Always", show: "Sales" }],
      },
      variants: { Hello: { html: "<b>Hi {{user.firstName | \"friend\"}}</b>" }, Sales: { text: "Talk to sales" } },
    });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const deps = slotDependencies(parsed.value);
    expect(deps.get("hero")?.sort()).toEqual(["geo.city", "user.firstName"]);
    expect(deps.get("cta")).toEqual(["events.pricing.count"]);
    expect(deps.get("plain")).toEqual([]);
  });

  it("treats a change of a parent or a child path as a change of the fact", () => {
    expect(pathsOverlap("geo.city", "geo")).toBe(true);
    expect(pathsOverlap("geo", "geo.city")).toBe(true);
    expect(pathsOverlap("geo.city", "geo.city")).toBe(true);
    expect(pathsOverlap("geo.city", "geo.cityName")).toBe(false);
    expect(pathsOverlap("geo.city", "user")).toBe(false);
    expect(pathsOverlap("events.pricing.count", "events")).toBe(true);
  });
});
