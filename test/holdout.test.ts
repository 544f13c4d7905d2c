/**
 * Holdouts: a rule's control group keeps the default content, drawn from the
 * visitor id and the slot and rule names, as the README documents.
 */
import { describe, expect, it } from "vitest";
import { evaluate, holdoutBucket, parseRuleSet } from "../src/index.js";
import { slotsLeftToBrowser } from "../src/core/known-facts.js";
import { formatExplanation } from "../src/cli/explain.js";

const rules = {
  version: 1,
  variants: { Namaste: { text: "Namaste Bangalore" }, Generic: { text: "Hello" } },
  slots: {
    hero: [
      { name: "Bangalore visitors", when: { fact: "geo.city", operator: "equal", value: "Bangalore" }, show: "Namaste", holdout: 10 },
      { name: "Everyone", show: "Generic" },
    ],
    banner: [{ name: "Everyone", show: "Generic", holdout: 10 }],
  },
};
const bangalore = (id?: string) => ({ geo: { city: "Bangalore" }, ...(id === undefined ? {} : { visitor: { id } }) });
const hero = (context: Record<string, unknown>) => evaluate(rules, context).decisions.find((d) => d.slot === "hero")!;

// 10,000 ids of the kind the runtime makes (nanoid), from a fixed seed so a failure can be replayed.
let seed = 42;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const ids = Array.from({ length: 10_000 }, () => Array.from({ length: 21 }, () => alphabet[Math.floor(random() * 64)]).join(""));

/** The README's description of the draw, written again independently (BigInt arithmetic). */
function documentedBucket(visitorId: string, slot: string, rule: string): number {
  const mask = 0xffffffffn;
  const key = `${visitorId}\n${slot}\n${rule}`;
  let h = 0x811c9dc5n;
  for (let i = 0; i < key.length; i++) h = ((h ^ BigInt(key.charCodeAt(i))) * 0x01000193n) & mask;
  h = ((h ^ (h >> 16n)) * 0x85ebca6bn) & mask;
  h = ((h ^ (h >> 13n)) * 0xc2b2ae35n) & mask;
  return Number((h ^ (h >> 16n)) % 10_000n);
}

describe("holdout", () => {
  it("holds out 9–11% of 10,000 visitor ids for a 10% holdout, and the same ids every time", () => {
    const held = ids.filter((id) => hero(bangalore(id)).holdout === true);
    expect(held.length).toBeGreaterThanOrEqual(900);
    expect(held.length).toBeLessThanOrEqual(1100);
    expect(ids.filter((id) => hero(bangalore(id)).holdout === true)).toEqual(held);
  });

  it("keeps the default for a held-out visitor, names the rule, and tries no later rule", () => {
    const id = ids.find((candidate) => hero(bangalore(candidate)).holdout)!;
    expect(hero(bangalore(id))).toEqual({ slot: "hero", variant: null, reason: "MATCH", rule: "Bangalore visitors", holdout: true });
    const shown = ids.find((candidate) => !hero(bangalore(candidate)).holdout)!;
    expect(hero(bangalore(shown))).toEqual({ slot: "hero", variant: "Namaste", reason: "MATCH", rule: "Bangalore visitors" });
    // A visitor the rule does not match is never held out by it.
    expect(hero({ geo: { city: "Pune" }, visitor: { id } })).toMatchObject({ variant: "Generic", rule: "Everyone" });
  });

  it("draws each slot's and rule's control group independently", () => {
    const inHero = new Set(ids.filter((id) => hero(bangalore(id)).holdout));
    const inBanner = ids.filter((id) => evaluate(rules, bangalore(id)).decisions.find((d) => d.slot === "banner")!.holdout);
    const both = inBanner.filter((id) => inHero.has(id)).length;
    expect(inBanner.length).toBeGreaterThanOrEqual(900);
    // Independent draws overlap in about 1% of visitors (100 of 10,000), not 10%.
    expect(both).toBeGreaterThan(50);
    expect(both).toBeLessThan(160);
  });

  it("is the hash the README documents", () => {
    for (const id of ids.slice(0, 200)) expect(holdoutBucket(id, "hero", "Bangalore visitors")).toBe(documentedBucket(id, "hero", "Bangalore visitors"));
    expect(holdoutBucket("V1StGXR8_Z5jdHi6B-myT", "hero", "Bangalore visitors")).toBe(documentedBucket("V1StGXR8_Z5jdHi6B-myT", "hero", "Bangalore visitors"));
    expect(holdoutBucket("ünïcode ✓", "héro", "règle")).toBe(documentedBucket("ünïcode ✓", "héro", "règle"));
  });

  it("holds out no one at 0 and everyone at 100; without a visitor id the variant shows", () => {
    const at = (holdout: number) => ({ version: 1, slots: { s: [{ name: "r", show: "T", holdout }] } });
    const decide = (holdout: number, id?: string) => evaluate(at(holdout), id === undefined ? {} : { visitor: { id } }).decisions[0]!;
    expect(ids.slice(0, 500).some((id) => decide(0, id).holdout)).toBe(false);
    expect(ids.slice(0, 500).every((id) => decide(100, id).holdout)).toBe(true);
    expect(decide(100)).toEqual({ slot: "s", variant: "T", reason: "MATCH", rule: "r" });
    expect(evaluate(at(100), { visitor: { id: 42 } }).decisions[0]!.variant).toBe("T");
  });

  it("makes a slot depend on visitor.id, so a server or an edge without one leaves it to the browser", () => {
    const ruleSet = parseRuleSet(rules);
    if (!ruleSet.ok) throw new Error("the rules are valid");
    expect([...slotsLeftToBrowser(ruleSet.value, { geo: { city: "Bangalore" } })].sort()).toEqual(["banner", "hero"]);
    expect(slotsLeftToBrowser(ruleSet.value, { geo: { city: "Bangalore" }, visitor: { id: "v" } }).size).toBe(0);
  });

  it("is explained as in the holdout", () => {
    const id = ids.find((candidate) => hero(bangalore(candidate)).holdout)!;
    const { decisions } = evaluate(rules, bangalore(id), { slots: ["hero"], trace: true });
    expect(formatExplanation(decisions).split("\n")[0]).toBe(
      "slot 'hero': keeps its default content (rule 'Bangalore visitors' matched, but this visitor is in the holdout, its control group)",
    );
  });
});
