/**
 * Small statistics and randomness helpers shared by the benchmarks: seeded
 * randomness (so every run measures the same contexts), medians and
 * quartiles (this 2-core VM is noisy: means would chase outliers), and an
 * in-place shuffle for interleaving cases in a fresh order each round.
 */

/** A seeded PRNG (mulberry32): same seed, same sequence, on every machine. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks one element of `list` with `random`. */
export function pick(random, list) {
  return list[Math.floor(random() * list.length)];
}

/** Shuffles `list` in place (Fisher–Yates) and returns it. */
export function shuffle(random, list) {
  for (let i = list.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** The q-quantile (0..1) of `values`, linear between neighbours; NaN for none. */
export function quantile(values, q) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (values) => quantile(values, 0.5);

/** `1234567.8` -> "1,234,568"; `digits` decimals kept. */
export function fmt(value, digits = 0) {
  if (!Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "×2.3 slower" / "1.8× faster" / "×1.0" of `value` against `reference`, for a higher-is-better figure. */
export function ratioLabel(value, reference) {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || value <= 0) return "–";
  const slower = reference / value;
  if (slower >= 1.05) return `×${fmt(slower, 1)} slower`;
  if (slower <= 1 / 1.05) return `${fmt(1 / slower, 1)}× faster`;
  return "×1.0";
}
