/**
 * Generated exposure logs for `slotwise report`, from a seeded generator, so
 * each test knows the truth it should find: arms with set conversion rates,
 * drawn by weight (or in exact counts), exported the way a site would.
 */
import { writeFileSync } from "node:fs";

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ArmSpec {
  /** The arm's exposure fields (`holdout: true` for a holdout's control, or `experiment` and `arm`). */
  exposure: Record<string, unknown>;
  /** Weight for a random draw, or exact visitor count with `exact`. */
  share: number;
  rate: number;
}

export interface LogOptions {
  visitors: number;
  arms: ArmSpec[];
  seed: number;
  exact?: boolean;
  event?: string;
}

const START = Date.parse("2026-11-02T09:00:00Z");

/** Exposure and conversion lines (NDJSON records), in time order per visitor. */
export function experimentRecords({ visitors, arms, seed, exact = false, event = "purchase" }: LogOptions): Record<string, unknown>[] {
  const random = seeded(seed);
  const total = arms.reduce((sum, arm) => sum + arm.share, 0);
  const records: Record<string, unknown>[] = [];
  let exactIndex = 0;
  let exactLeft = arms[0]!.share;
  for (let i = 0; i < visitors; i++) {
    let arm: ArmSpec;
    if (exact) {
      while (exactLeft <= 0) exactLeft = arms[++exactIndex]!.share;
      exactLeft--;
      arm = arms[exactIndex]!;
    } else {
      let draw = random() * total;
      arm = arms.find((candidate) => (draw -= candidate.share) < 0) ?? arms[arms.length - 1]!;
    }
    const visitorId = `v${seed}-${i}`;
    const at = START + i * 1000;
    records.push({ ...arm.exposure, visitorId, at: new Date(at).toISOString() });
    if (random() < arm.rate) records.push({ visitorId, event, at: new Date(at + 60_000).toISOString() });
  }
  return records;
}

export function writeNdjson(path: string, records: readonly Record<string, unknown>[]): void {
  writeFileSync(path, records.map((record) => JSON.stringify(record)).join("\n") + "\n");
}

/** The holdout arms of the landing example's "Bangalore visitors" rule (exposure fields as `on("exposure")` gives them). */
export const bangalore = (holdout: boolean): Record<string, unknown> => ({
  slot: "hero-banner",
  variant: holdout ? null : "BangaloreOffer",
  rule: "Bangalore visitors",
  reason: "MATCH",
  ...(holdout ? { holdout: true } : {}),
});
