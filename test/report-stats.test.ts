/**
 * The statistics of `slotwise report` against values computed independently:
 * published χ² table values, jstat (a devDependency used only here), and the
 * coverage of the lift interval over simulated experiments.
 */
import jstat from "jstat";
import { describe, expect, it } from "vitest";
import { chiSquareP, gammaQ, goodnessOfFit, lnGamma, relativeLift, Z95 } from "../src/cli/stats.js";
import { seeded } from "./support/experiment-log.js";

const { jStat } = jstat;

describe("the χ² p-value", () => {
  // Critical values of the χ² distribution, as printed in every table (e.g. NIST/SEMATECH e-Handbook, 1.3.6.7.4).
  it.each([
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [10.828, 1, 0.001],
    [5.991, 2, 0.05],
    [13.816, 2, 0.001],
    [7.815, 3, 0.05],
    [11.070, 5, 0.05],
    [18.307, 10, 0.05],
    [29.588, 10, 0.001],
    [43.773, 30, 0.05],
  ])("χ² = %s with %s degrees of freedom has p = %s (the printed table)", (statistic, df, p) => {
    expect(chiSquareP(statistic, df)).toBeCloseTo(p, 4);
  });

  it("agrees with jstat's χ² distribution over a grid of statistics and degrees of freedom", () => {
    for (const df of [1, 2, 3, 4, 5, 7, 10, 20, 50]) {
      for (const statistic of [0.01, 0.1, 0.5, 1, 2, 3.5, 5, 8, 12, 20, 35, 60]) {
        const expected = 1 - jStat.chisquare.cdf(statistic, df);
        if (expected < 1e-9) continue; // 1 − cdf has no digits left there; the tail is checked below
        expect(Math.abs(chiSquareP(statistic, df) - expected), `χ²=${statistic}, df=${df}`).toBeLessThan(1e-9 + expected * 1e-7);
      }
    }
  });

  it("keeps its precision in the far tail: χ² = 32 with 1 df is P(|Z| > √32) = 1.5417e-8", () => {
    // For one degree of freedom, P(χ² > x) = erfc(√(x/2)); erfc(4) = 1.541725790028002e-8 (tables of erfc).
    expect(chiSquareP(32, 1) / 1.541725790028002e-8).toBeCloseTo(1, 8);
  });

  it("computes ln Γ and the regularized gamma function like jstat", () => {
    // Exact values: Γ(1/2) = √π, Γ(3/2) = √π/2, Γ(5) = 4!, Γ(11) = 10!.
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(lnGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 13);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3_628_800), 12);
    // jstat's own ln Γ is good to about 9 digits.
    for (const x of [0.1, 0.5, 1, 1.5, 2, 5, 10.5, 100]) expect(lnGamma(x)).toBeCloseTo(jStat.gammaln(x), 7);
    for (const [a, x] of [[0.5, 0.2], [1, 1], [2.5, 1], [5, 7], [10, 3], [15, 20]] as const) {
      expect(gammaQ(a, x)).toBeCloseTo(1 - jStat.lowRegGamma(a, x), 10);
    }
  });

  it("tests arm sizes against their weights: 10,400 / 9,600 against 50/50 gives χ² = 32", () => {
    const fit = goodnessOfFit([10_400, 9_600], [50, 50]);
    expect(fit.statistic).toBeCloseTo(32, 10);
    expect(fit.df).toBe(1);
    expect(fit.p).toBeLessThan(1e-7);
    expect(goodnessOfFit([1_000, 9_000], [10, 90]).p).toBe(1);
    // An arm with visitors but no weight can not happen by chance.
    expect(goodnessOfFit([10, 5], [1, 0]).p).toBe(0);
  });
});

describe("the lift interval (log of the ratio of proportions)", () => {
  it("uses z = 1.95996…, the 97.5th normal percentile (jstat)", () => {
    expect(Z95).toBeCloseTo(jStat.normal.inv(0.975, 0, 1), 12);
  });

  it("gives 20% for 24% against 20%, with the interval the formula gives", () => {
    const lift = relativeLift(2_400, 10_000, 2_000, 10_000)!;
    expect(lift.estimate).toBeCloseTo(0.2, 12);
    const se = Math.sqrt(1 / 2_400 - 1 / 10_000 + 1 / 2_000 - 1 / 10_000);
    expect(lift.low).toBeCloseTo(1.2 * Math.exp(-1.959963984540054 * se) - 1, 12);
    expect(lift.high).toBeCloseTo(1.2 * Math.exp(1.959963984540054 * se) - 1, 12);
    expect(lift.low).toBeGreaterThan(0.13);
    expect(lift.high).toBeLessThan(0.28);
    expect(relativeLift(0, 100, 5, 100)).toBeNull();
  });

  it("covers the true lift in about 95% of 2,000 simulated experiments (2,000 visitors an arm, 20% vs 24%)", () => {
    const random = seeded(23);
    const convert = (n: number, p: number) => {
      let c = 0;
      for (let i = 0; i < n; i++) if (random() < p) c++;
      return c;
    };
    let covered = 0;
    const runs = 2_000;
    for (let run = 0; run < runs; run++) {
      const lift = relativeLift(convert(2_000, 0.24), 2_000, convert(2_000, 0.2), 2_000)!;
      if (lift.low <= 0.2 && 0.2 <= lift.high) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.97);
  });
});
