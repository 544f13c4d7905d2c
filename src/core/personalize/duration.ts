/**
 * Durations as rule files write them ("30m", "24h", "7d", "2w"), and the
 * fix for the ways people write them otherwise ("24 hours", "1.5d", 24).
 */

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** The longest duration a rule file may give: ten years (longer is a slip, and dates must stay representable). */
export const MAX_DURATION_MS = 315_360_000_000; // 3650 days, a literal (src/runtime/visitor.ts VISIT_IDLE_MS)

/**
 * Milliseconds in a duration such as "24h", or `undefined` when it is not one
 * (or is longer than MAX_DURATION_MS).
 *
 * @example
 * parseDuration("24h"); // 86400000
 * parseDuration("24 hours"); // undefined
 */
export function parseDuration(text: string): number | undefined {
  // src/core/format.ts DURATION_PATTERN, at most 12 characters.
  const ms = /^[1-9]\d{0,10}[mhdw]$/.test(text) ? Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as Unit] : MAX_DURATION_MS + 1;
  return ms <= MAX_DURATION_MS ? ms : undefined;
}

const UNIT_WORDS: Readonly<Record<string, Unit | "s">> = {
  s: "s", sec: "s", secs: "s", second: "s", seconds: "s",
  m: "m", min: "m", mins: "m", minute: "m", minutes: "m",
  h: "h", hr: "h", hrs: "h", hour: "h", hours: "h",
  d: "d", day: "d", days: "d",
  w: "w", wk: "w", wks: "w", week: "w", weeks: "w",
};

/** The duration in the largest unit that writes `ms` as a whole number, or `undefined` when none does. */
function spell(ms: number): string | undefined {
  for (const unit of ["w", "d", "h", "m"] as const) {
    const count = ms / UNIT_MS[unit];
    if (Number.isInteger(count) && count >= 1) return `${count}${unit}`;
  }
  return undefined;
}

/**
 * How the author probably meant `written` ("24 hours" → "24h", "1.5d" →
 * "36h", "90 seconds" → undefined), for a hint.
 */
export function meantDuration(written: unknown): string | undefined {
  if (typeof written !== "string" || written.length > 40) return undefined;
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]+)\s*$/.exec(written);
  if (match === null) return undefined;
  const unit = UNIT_WORDS[(match[2] ?? "").toLowerCase()];
  if (unit === undefined) return undefined;
  const amount = Number(match[1]);
  const ms = unit === "s" ? amount * 1000 : amount * UNIT_MS[unit];
  const spelled = spell(ms);
  return spelled !== undefined && spelled !== written && parseDuration(spelled) !== undefined ? spelled : undefined;
}
