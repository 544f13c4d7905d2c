/**
 * `slotwise report` on generated logs whose truth is known: a true lift of
 * 20% (the interval contains it), a deliberate 52/48 imbalance against 50/50
 * weights (flagged), an A/A test (not flagged, no lift), and the export's
 * forms (NDJSON, CSV, one file or two, bad lines).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run } from "../src/cli/main.js";
import { splitCsv } from "../src/cli/report-read.js";
import { parseWeightsOption, weightsFromRules } from "../src/cli/report-weights.js";
import { bangalore, experimentRecords, writeNdjson } from "./support/experiment-log.js";

const dir = mkdtempSync(join(tmpdir(), "slotwise-report-"));
const landing = fileURLToPath(new URL("../examples/landing/rules.json", import.meta.url));

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const code = await run(args, (text) => lines.push(text));
  return { code, out: lines.join("\n") };
}

async function report(...args: string[]) {
  const { code, out } = await cli("report", ...args, "--json");
  expect(code).toBe(0);
  return JSON.parse(out) as {
    exposures: number;
    conversions: number;
    badLines: number;
    firstBadLine?: { file: string; line: number };
    experiments: {
      key: string;
      kind: string;
      control: string;
      visitors: number;
      mixedVisitors: number;
      sampleRatio: { statistic: number; p: number; mismatch: boolean; unknownArms: string[] } | null;
      sampleRatioNote?: string;
      arms: { arm: string; control: boolean; visitors: number; converted: number; rate: number; expectedShare?: number; enough?: boolean; lift?: { estimate: number; low: number; high: number } | null }[];
    }[];
  };
}

const split = (arm: string, variant: string | null) => ({ slot: "hero-banner", variant, reason: "MATCH", rule: "Hero test", experiment: "hero-2026", arm });

describe("slotwise report", () => {
  const lift = join(dir, "lift.ndjson");
  writeNdjson(lift, experimentRecords({ visitors: 40_000, seed: 1, arms: [
    { exposure: split("control", null), share: 50, rate: 0.2 },
    { exposure: split("B", "NewHero"), share: 50, rate: 0.24 },
  ] }));

  it("finds a true lift of 20% (20% against 24% over 40,000 visitors) inside its 95% interval", async () => {
    const { experiments } = await report(lift, "--weights", "50,50");
    expect(experiments).toHaveLength(1);
    const [experiment] = experiments;
    expect(experiment!.key).toBe("hero-2026");
    expect(experiment!.visitors).toBe(40_000);
    const [control, b] = experiment!.arms;
    expect(control).toMatchObject({ arm: "control", control: true });
    expect(control!.rate).toBeCloseTo(0.2, 1);
    expect(b).toMatchObject({ arm: "B", control: false, enough: true });
    expect(b!.lift!.low).toBeLessThan(0.2);
    expect(b!.lift!.high).toBeGreaterThan(0.2);
    expect(b!.lift!.low).toBeGreaterThan(0.1); // and it is a finding: the interval is narrow and above 0
    expect(experiment!.sampleRatio!.mismatch).toBe(false);
  });

  it("says it first in words, then gives the table", async () => {
    const { code, out } = await cli("report", lift, "--weights", "50,50");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^4\d,\d{3} exposures and \d,\d{3} conversions \('purchase'\) read from /);
    expect(out).toMatch(/experiment 'hero-2026' \(slot 'hero-banner'\): 40,000 visitors\n  'B' converts \d+% better than the control \(95% interval \d+% to \d+%\), 40,000 visitors\n  the arms are the sizes you set \(set 50% \/ 50%, got/);
    expect(out).toMatch(/\n  arm +visitors +converted +rate +share \(set\) +lift \(95% interval\)\n  control +[\d,]+ +[\d,]+ +\d+\.\d\d% +\d+\.\d% \(50%\)\n  B +[\d,]+ +[\d,]+ +\d+\.\d\d% +\d+\.\d% \(50%\) +\+\d+\.\d% \(\+\d+\.\d% to \+\d+\.\d%\)/);
  });

  it("flags a 52/48 imbalance at 20,000 visitors against 50/50 weights", async () => {
    const file = join(dir, "imbalance.ndjson");
    writeNdjson(file, experimentRecords({ visitors: 20_000, seed: 2, exact: true, arms: [
      { exposure: split("control", null), share: 10_400, rate: 0.1 },
      { exposure: split("B", "NewHero"), share: 9_600, rate: 0.1 },
    ] }));
    const { experiments } = await report(file, "--weights", "50,50");
    expect(experiments[0]!.sampleRatio).toMatchObject({ mismatch: true });
    expect(experiments[0]!.sampleRatio!.statistic).toBeCloseTo(32, 6);
    expect(experiments[0]!.sampleRatio!.p).toBeLessThan(0.001);
    const { out } = await cli("report", file, "--weights", "50,50");
    expect(out).toContain("  WARNING: the arms are not the sizes you set: do not trust this result (set 50% / 50%, got 52.0% / 48.0%; χ² = 32.0, p = 1.5e-8)");
  });

  it("does not flag an A/A test, and its lift interval contains no difference", async () => {
    const file = join(dir, "aa.ndjson");
    writeNdjson(file, experimentRecords({ visitors: 20_000, seed: 3, arms: [
      { exposure: split("control", null), share: 1, rate: 0.15 },
      { exposure: split("A2", null), share: 1, rate: 0.15 },
    ] }));
    const [experiment] = (await report(file, "--weights", "control=1,A2=1")).experiments;
    expect(experiment!.sampleRatio!.mismatch).toBe(false);
    expect(experiment!.sampleRatio!.p).toBeGreaterThan(0.001);
    const lift = experiment!.arms[1]!.lift!;
    expect(lift.low).toBeLessThan(0);
    expect(lift.high).toBeGreaterThan(0);
    const { out } = await cli("report", file, "--weights", "1,1");
    expect(out).toMatch(/'A2' converts [\d.]+% (better|worse) than the control, but the 95% interval \(−[\d.]+% to [\d.]+%\) includes no difference: no winner yet/);
  });

  it("reads a holdout from the rule file: the control arm is the held-out visitors, the weights its percent", async () => {
    const rules = join(dir, "rules-holdout.json");
    const document = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(landing, "utf8")));
    document.slots["hero-banner"][0].holdout = 10;
    writeFileSync(rules, JSON.stringify(document));
    const file = join(dir, "holdout.ndjson");
    writeNdjson(file, [
      { slot: "headline", variant: null, reason: "DEFAULT", visitorId: "x", at: "2026-11-02T09:00:00Z" },
      ...experimentRecords({ visitors: 5_000, seed: 4, arms: [
        { exposure: bangalore(true), share: 10, rate: 0.05 },
        { exposure: bangalore(false), share: 90, rate: 0.08 },
      ] }),
    ]);
    const [experiment] = (await report(file, "--rules", rules)).experiments;
    expect(experiment).toMatchObject({ key: "hero-banner / Bangalore visitors", kind: "holdout", control: "control" });
    expect(experiment!.arms.map((arm) => [arm.arm, arm.expectedShare])).toEqual([["control", 0.1], ["BangaloreOffer", 0.9]]);
    expect(experiment!.sampleRatio!.mismatch).toBe(false);
    const { out } = await cli("report", file, "--rules", rules);
    expect(out).toContain("slot 'hero-banner', rule 'Bangalore visitors' (holdout): 5,000 visitors");
  });

  it("says 'not enough visitors yet' below 100 visitors or 10 conversions an arm, and when the sizes were not checked", async () => {
    const file = join(dir, "small.ndjson");
    writeNdjson(file, experimentRecords({ visitors: 150, seed: 5, arms: [
      { exposure: bangalore(true), share: 1, rate: 0.2 },
      { exposure: bangalore(false), share: 1, rate: 0.2 },
    ] }));
    const { out } = await cli("report", file);
    expect(out).toMatch(/'BangaloreOffer': not enough visitors yet \(each arm needs 100 visitors and 10 conversions; 'BangaloreOffer' has \d+ and \d+, the control \d+ and \d+\)/);
    expect(out).toContain("arm sizes not checked: give --rules rules.json or --weights");
    expect(out).toContain("not enough data");
  });

  it("counts a visitor once, in the arm first seen, and only conversions at or after that first exposure", async () => {
    const file = join(dir, "order.ndjson");
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString();
    writeNdjson(file, [
      { visitorId: "a", event: "purchase", at: at(0) }, // before any exposure: not counted
      { ...bangalore(false), visitorId: "a", at: at(5) },
      { ...bangalore(true), visitorId: "a", at: at(1) }, // earlier, though later in the file: the first exposure
      { visitorId: "b", event: "purchase", at: at(9) },
      { ...bangalore(false), visitorId: "b", at: at(3) },
      { ...bangalore(false), visitorId: "b", at: at(4) },
      { visitorId: "c", event: "signup", at: at(9) },
      { ...bangalore(true), visitorId: "c", at: at(8) },
    ]);
    const [experiment] = (await report(file, "--event", "purchase")).experiments;
    expect(experiment!.mixedVisitors).toBe(1);
    expect(experiment!.arms.map(({ arm, visitors, converted }) => [arm, visitors, converted])).toEqual([["control", 2, 0], ["BangaloreOffer", 1, 1]]);
    const any = (await report(file)).experiments[0]!;
    expect(any.arms.map(({ converted }) => converted)).toEqual([1, 1]);
    expect((await cli("report", file)).out).toContain("(any event: purchase, signup; pick one with --event)");
  });

  it("reads CSV with a header and a separate conversions file, and counts unreadable lines in one line", async () => {
    const exposures = join(dir, "exposures.csv");
    const conversions = join(dir, "conversions.ndjson");
    const rows = experimentRecords({ visitors: 400, seed: 6, arms: [
      { exposure: bangalore(true), share: 1, rate: 0.3 },
      { exposure: bangalore(false), share: 1, rate: 0.4 },
    ] });
    const csv = rows.filter((row) => "slot" in row).map((row) => [row["visitorId"], row["at"], row["slot"], row["variant"] ?? "", `"${String(row["rule"])}"`, row["reason"], row["holdout"] ? "true" : ""].join(","));
    writeFileSync(exposures, ["visitorId,at,slot,variant,rule,reason,holdout", ...csv.slice(0, 10), "not,a,row", ...csv.slice(10)].join("\n") + "\n");
    writeFileSync(conversions, rows.filter((row) => !("slot" in row)).map((row) => JSON.stringify(row)).join("\n") + "\n{ broken\n");
    const result = await report(exposures, conversions, "--weights", "50,50");
    expect(result.exposures).toBe(400);
    expect(result.conversions).toBe(rows.length - 400);
    expect(result.badLines).toBe(2);
    expect(result.firstBadLine).toEqual({ file: exposures, line: 12 });
    expect(result.experiments[0]!.arms.reduce((sum, arm) => sum + arm.visitors, 0)).toBe(400);
    const { out } = await cli("report", exposures, conversions);
    expect(out).toContain(`2 lines skipped: not an exposure or a conversion with a visitorId and a time (first: ${exposures} line 12)`);
  });

  it("flags an arm the weights do not name, and exits 2 on a missing file or a wrong option", async () => {
    const file = join(dir, "unknown-arm.ndjson");
    writeNdjson(file, experimentRecords({ visitors: 1_000, seed: 7, arms: [
      { exposure: split("control", null), share: 1, rate: 0.2 },
      { exposure: split("B", "NewHero"), share: 1, rate: 0.2 },
    ] }));
    const ratio = (await report(file, "--weights", "control=50,C=50")).experiments[0]!.sampleRatio!;
    expect(ratio).toMatchObject({ mismatch: true, unknownArms: ["B"] });
    expect(await cli("report", join(dir, "nope.ndjson"))).toEqual({ code: 2, out: `${join(dir, "nope.ndjson")}: no such file` });
    expect((await cli("report", file, "--weights", "50,x")).code).toBe(2);
    expect((await cli("report", file, "--colour")).code).toBe(2);
    expect((await cli("report")).code).toBe(2);
  });

  it("reads the weights of holdouts and of splits (as a list or an object) from a rule file, and --weights", () => {
    const weights = weightsFromRules({
      slots: {
        hero: [
          { name: "Held", show: "A", holdout: 20 },
          { name: "Split", experiment: "hero-2026", split: [{ weight: 50 }, { show: "B", weight: 30 }, { arm: "c", show: "C", weight: 20 }] },
          { name: "Split 2", experiment: "hero-2027", split: { control: 1, B: 1 } },
          { name: "One arm", experiment: "solo", split: [{ show: "B", weight: 1 }] },
        ],
        "not a list": { name: "x" },
      },
    });
    expect(Object.fromEntries([...weights].map(([key, arms]) => [key, Object.fromEntries(arms)]))).toEqual({
      "hero / Held": { control: 20, A: 80 },
      "hero-2026": { control: 50, B: 30, c: 20 },
      "hero-2027": { control: 1, B: 1 },
    });
    expect(parseWeightsOption("50, 50")).toEqual({ positional: [50, 50] });
    expect(parseWeightsOption("control=10,Offer=90")).toEqual({ named: new Map([["control", 10], ["Offer", 90]]) });
    expect(parseWeightsOption("50")).toHaveProperty("error");
    expect(parseWeightsOption("-1,2")).toHaveProperty("error");
  });

  it("splits CSV lines with quoted commas and doubled quotes", () => {
    expect(splitCsv('a,"b, c","say ""hi""",,e')).toEqual(["a", "b, c", 'say "hi"', "", "e"]);
  });
});
