/**
 * The statistics of `slotwise report`, without a dependency: the χ² p-value
 * through the regularized upper incomplete gamma function, the χ²
 * goodness-of-fit test of arm sizes against their weights, and the 95%
 * interval of a relative lift by the log of the ratio of two proportions
 * (Katz et al., 1978). Checked in test/report-stats.test.ts against jstat and
 * published table values.
 */

/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
export const Z95 = 1.959963984540054;

// Lanczos approximation (g = 7, n = 9), good to about 15 significant digits for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-15;
const MAX_STEPS = 10_000;

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function:
 * the series of P(a, x) below x = a + 1, else the continued fraction of Q
 * (modified Lentz), so that tiny upper tails keep their precision.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lnGamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_STEPS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return Math.max(0, 1 - sum * front);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_STEPS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPSILON) break;
  }
  return front * h;
}

/** P(χ² ≥ statistic) with `df` degrees of freedom. */
export function chiSquareP(statistic: number, df: number): number {
  return gammaQ(df / 2, statistic / 2);
}

export interface GoodnessOfFit {
  statistic: number;
  df: number;
  p: number;
}

/** Pearson's χ² test of observed counts against the shares the weights set (weights need not sum to 1). */
export function goodnessOfFit(observed: readonly number[], weights: readonly number[]): GoodnessOfFit {
  const total = observed.reduce((a, b) => a + b, 0);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  let statistic = 0;
  observed.forEach((count, i) => {
    const expected = (total * (weights[i] ?? 0)) / weightSum;
    statistic += expected > 0 ? (count - expected) ** 2 / expected : count > 0 ? Infinity : 0;
  });
  const df = observed.length - 1;
  return { statistic, df, p: total === 0 || df < 1 ? 1 : chiSquareP(statistic, df) };
}

export interface Lift {
  /** p₁ / p₀ − 1: 0.12 means converting 12% better than the control. */
  estimate: number;
  low: number;
  high: number;
}

/**
 * The relative lift of arm 1 over the control (arm 0) with its interval:
 * ln(p₁/p₀) ± z·√(1/c₁ − 1/n₁ + 1/c₀ − 1/n₀), back-transformed. Undefined
 * (null) while either arm has no conversion or no visitor.
 */
export function relativeLift(c1: number, n1: number, c0: number, n0: number, z = Z95): Lift | null {
  if (!(n1 > 0 && n0 > 0 && c1 > 0 && c0 > 0)) return null;
  const ratio = c1 / n1 / (c0 / n0);
  const se = Math.sqrt(1 / c1 - 1 / n1 + 1 / c0 - 1 / n0);
  return { estimate: ratio - 1, low: ratio * Math.exp(-z * se) - 1, high: ratio * Math.exp(z * se) - 1 };
}
