/**
 * Weighted splits (issue 23): the arm is drawn from the unit id and the
 * experiment key as the README documents, evenly over 100,000 ids, sticky
 * through the stored arm, and every fault of the rule file is named.
 */
import { describe, expect, it } from "vitest";
import { evaluate, parseRuleSet } from "../src/index.js";
import { formatExplanation } from "../src/cli/explain.js";

const rules = (split: Record<string, number> = { control: 50, Spring: 30, Winter: 20 }) => ({
  version: 1,
  variants: { Spring: { text: "Spring sale" }, Winter: { text: "Winter sale" } },
  slots: {
    hero: [
      { name: "Everyone in India", when: { fact: "geo.country", operator: "equal", value: "IN" }, experiment: "hero-offer", split },
      { name: "Everyone", show: "Winter" },
    ],
  },
});
const hero = (r: Parameters<typeof evaluate>[0], context: Record<string, unknown>) => evaluate(r, context).decisions[0]!;

// 100,000 ids of the kind the runtime makes (nanoid), from a fixed seed so a failure can be replayed.
let seed = 23;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const ids = Array.from({ length: 100_000 }, () => Array.from({ length: 21 }, () => alphabet[Math.floor(random() * 64)]).join(""));

/** The README's description of the draw, written again independently (BigInt arithmetic, exact fractions). */
export function documentedArm(unitId: string, key: string, split: [string, number][]): string {
  const mask = 0xffffffffn;
  const text = `${unitId}\n${key}`;
  let h = 0x811c9dc5n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x01000193n) & mask;
  h = ((h ^ (h >> 16n)) * 0x85ebca6bn) & mask;
  h = ((h ^ (h >> 13n)) * 0xc2b2ae35n) & mask;
  const b = Number((h ^ (h >> 16n)) % 10_000n);
  const total = split.reduce((sum, [, w]) => sum + w, 0);
  let running = 0;
  for (const [arm, weight] of split) {
    running += weight;
    if (b * total < running * 10_000) return arm;
  }
  throw new Error("no arm");
}

describe("weighted splits", () => {
  it("lands a 50/30/20 split within one point of each weight over 100,000 ids", () => {
    const r = parseRuleSet(rules()).value!;
    const counts: Record<string, number> = {};
    for (const id of ids) {
      const d = hero(r, { geo: { country: "IN" }, visitor: { id } });
      counts[d.arm!] = (counts[d.arm!] ?? 0) + 1;
    }
    expect(Math.abs(counts["control"]! / 1000 - 50)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts["Spring"]! / 1000 - 30)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts["Winter"]! / 1000 - 20)).toBeLessThanOrEqual(1);
  });

  it("is the draw the README documents, and each arm's decision names the experiment and arm", () => {
    const r = parseRuleSet(rules()).value!;
    for (const id of ids.slice(0, 2000)) {
      const arm = documentedArm(id, "hero-offer", [["control", 50], ["Spring", 30], ["Winter", 20]]);
      expect(hero(r, { geo: { country: "IN" }, visitor: { id } })).toEqual({
        slot: "hero",
        variant: arm === "control" ? null : arm,
        reason: "MATCH",
        rule: "Everyone in India",
        experiment: "hero-offer",
        arm,
      });
    }
    expect(documentedArm("ünïcode ✓", "clé", [["a", 1], ["b", 1]])).toBe(hero({ version: 1, slots: { s: [{ name: "r", experiment: "clé", split: { a: 1, b: 1 } }] } }, { visitor: { id: "ünïcode ✓" } }).arm);
  });

  it("draws from user.id when the host gives one, else visitor.id; without either the default shows, with no arm", () => {
    const id = ids[7]!;
    const byUser = hero(rules(), { geo: { country: "IN" }, visitor: { id: "someone-else" }, user: { id } });
    expect(byUser.arm).toBe(hero(rules(), { geo: { country: "IN" }, visitor: { id } }).arm);
    expect(hero(rules(), { geo: { country: "IN" } })).toEqual({ slot: "hero", variant: null, reason: "MATCH", rule: "Everyone in India", experiment: "hero-offer" });
    // Not matched: the next rule decides, no experiment.
    expect(hero(rules(), { geo: { country: "FR" }, visitor: { id } })).toEqual({ slot: "hero", variant: "Winter", reason: "MATCH", rule: "Everyone" });
  });

  it("keeps a stored arm while it is still an arm: changed weights move only new visitors", () => {
    const before = rules({ control: 50, Spring: 50 });
    const after = rules({ control: 10, Spring: 90 });
    const moved = ids.slice(0, 5000).filter((id) => hero(before, { geo: { country: "IN" }, visitor: { id } }).arm === "control" && hero(after, { geo: { country: "IN" }, visitor: { id } }).arm === "Spring");
    expect(moved.length).toBeGreaterThan(1000);
    for (const id of moved.slice(0, 200)) {
      // Their arm as stored when it was shown: kept under the new weights.
      expect(hero(after, { geo: { country: "IN" }, visitor: { id }, experiments: { "hero-offer": "control" } })).toMatchObject({ variant: null, arm: "control" });
    }
    // An arm that is gone is drawn again.
    expect(hero(rules({ control: 1, Winter: 1 }), { geo: { country: "IN" }, visitor: { id: ids[0]! }, experiments: { "hero-offer": "Spring" } }).arm).not.toBe("Spring");
  });

  it("gives a holdout rule with an experiment key its arms: control and the variant", () => {
    const r = { version: 1, slots: { s: [{ name: "r", show: "T", holdout: 50, experiment: "h" }] } };
    const arms = new Set(ids.slice(0, 200).map((id) => evaluate(r, { visitor: { id } }).decisions[0]!.arm));
    expect([...arms].sort()).toEqual(["T", "control"]);
    const held = ids.find((id) => evaluate(r, { visitor: { id } }).decisions[0]!.holdout)!;
    expect(evaluate(r, { visitor: { id: held } }).decisions[0]).toEqual({ slot: "s", variant: null, reason: "MATCH", rule: "r", holdout: true, experiment: "h", arm: "control" });
  });

  it("says the experiment and arm in explain's words (the debugger and the playground show the same)", () => {
    const r = rules({ control: 1, Spring: 1 });
    const id = (arm: string) => ids.find((candidate) => hero(r, { geo: { country: "IN" }, visitor: { id: candidate } }).arm === arm)!;
    const words = (context: Record<string, unknown>) => formatExplanation([evaluate(r, context, { trace: true }).decisions[0]!]).split("\n")[0];
    expect(words({ geo: { country: "IN" }, visitor: { id: id("Spring") } })).toBe("slot 'hero': shows 'Spring' (rule 'Everyone in India' matched; experiment 'hero-offer', arm 'Spring')");
    expect(words({ geo: { country: "IN" }, visitor: { id: id("control") } })).toBe("slot 'hero': keeps its default content (rule 'Everyone in India' matched; experiment 'hero-offer', arm 'control')");
    expect(words({ geo: { country: "IN" } })).toBe(
      "slot 'hero': keeps its default content (rule 'Everyone in India' matched; experiment 'hero-offer' draws an arm from user.id or visitor.id, and this context has neither)",
    );
  });

  it("is read by the runtime as parseRuleSet reads it: a fault code and path for each mistake", async () => {
    const { readRuleSet } = await import("../src/index.js");
    const bad = (rule: Record<string, unknown>) => readRuleSet({ version: 1, slots: { a: [{ name: "r", ...rule }] } }).faults;
    expect(bad({ experiment: "x", split: { control: 1 } })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "split"] }]);
    expect(bad({ experiment: "x", split: { control: 1, A: 0 } })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "split"] }]);
    expect(bad({ experiment: "x", split: { control: 1, A: "50" } })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "split"] }]);
    expect(bad({ split: { control: 1, A: 1 } })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "split"] }]);
    expect(bad({ experiment: "", show: "A" })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "experiment"] }]);
    expect(bad({ experiment: "x", show: "A", split: { control: 1, A: 1 } })).toEqual([{ code: "BAD_SPLIT", path: ["slots", "a", 0, "split"] }]);
    expect(readRuleSet({ version: 1, slots: { a: [{ name: "r", experiment: "x", show: "A" }], b: [{ name: "r", experiment: "x", split: { control: 1, A: 1 } }] } }).faults).toEqual([
      { code: "BAD_SPLIT", path: ["slots", "b", 0, "experiment"] },
    ]);
    expect(bad({ experiment: "x", split: { control: 1, A: 2 } })).toEqual([]);
  });
});
