/**
 * `device.*` and the visitor's clock (`time.*`, local day numbers). Pure: the
 * browser's values are passed in (src/dom/environment.ts reads them).
 */
import { iso } from "./util.js";

export type DeviceType = "mobile" | "tablet" | "desktop";

/** What the browser tells about the device; every field may be missing. */
export interface DeviceInput {
  userAgent?: string;
  viewportWidth?: number;
  maxTouchPoints?: number;
  language?: string;
  timezone?: string;
  /** Without `timezone`: the runtime's own zone name, read only when `device.timezone` is first asked for (~20 ms cold). */
  ownTimezone?: () => unknown;
}

export interface DeviceFacts {
  type: DeviceType;
  language: string;
  timezone: string;
}

/** The user agent decides when it names a kind of device; else the viewport width (768 / 1024). */
export function classifyDevice(input: DeviceInput): DeviceType {
  const ua = typeof input.userAgent === "string" ? input.userAgent : "";
  const is = (re: RegExp): boolean => re.test(ua);
  if (is(/iPad|Tablet(?! PC)|PlayBook|Kindle|Silk\/|KF[A-Z]{2,4}\b/i)) return "tablet";
  if (is(/Android/i)) return is(/Mobile/i) ? "mobile" : "tablet";
  if (is(/Mobi|iPhone|iPod|Windows Phone|IEMobile|BlackBerry|BB10|Opera Mini|webOS/i)) return "mobile";
  if (is(/Macintosh/i) && input.maxTouchPoints! > 1) return "tablet";
  if (is(/Windows NT|Macintosh|Mac OS X|X11|CrOS|Linux x86_64/i)) return "desktop";
  const w = input.viewportWidth!;
  return !(w > 0) || w >= 1024 ? "desktop" : w < 768 ? "mobile" : "tablet";
}

/** The zone `get()` names when this runtime knows it (`toLocaleString` throws RangeError otherwise), else "UTC". */
function zoneFrom(get: () => unknown): string {
  try {
    const z = get();
    if (typeof z === "string" && z.length <= 64) return new Date(0).toLocaleString("en", { timeZone: z }), z;
  } catch {
    // no such zone, or no Intl
  }
  return "UTC";
}

/** `zone` when this runtime knows it, else "UTC". */
export const safeTimeZone = (zone: unknown): string => zoneFrom(() => zone);

/** `device.*`; without `timezone`, the zone name is read on first use (and the object marked `own`). */
export function deviceFacts(input: DeviceInput): DeviceFacts {
  let language = "";
  try {
    const tag = input.language;
    if (typeof tag === "string" && tag.length <= 35) language = Intl.getCanonicalLocales(tag)[0] || "";
  } catch {
    // not a language tag
  }
  const d = { type: classifyDevice(input), language } as DeviceFacts;
  const own = input.ownTimezone;
  if (input.timezone !== undefined || typeof own !== "function") return { ...d, timezone: safeTimeZone(input.timezone) };
  let name: string | undefined;
  return Object.defineProperties(d, { timezone: { enumerable: true, get: () => (name ??= zoneFrom(own)) }, own: { value: 1 } });
}

/** The zone `time.*` is read in: the named one, or undefined for the runtime's own (Date methods, no Intl). */
export const zoneOf = (d: DeviceFacts): string | undefined => ((d as { own?: 1 }).own ? undefined : d.timezone);

/** A copy that keeps a zone name not read yet unread. */
export const copyDevice = (d: DeviceFacts): DeviceFacts => Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)) as DeviceFacts;

/** A wall-clock reading: month 1-12, weekday 0 = Sunday. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  weekday: number;
}

/** The wall clock of `ms` as a UTC date: in `zone` (UTC when invalid), or the runtime's own zone when undefined. */
function wall(ms: number, zone: string | undefined): Date {
  if (zone === undefined) return new Date(ms - new Date(ms).getTimezoneOffset() * 6e4);
  // "3/15/2026, 00:30:00": month, day, year, hour.
  const [m, d, y, h] = new Date(ms).toLocaleString("en-US", { timeZone: safeTimeZone(zone), hourCycle: "h23" }).match(/\d+/g)!.map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!, h! % 24));
}

/** The wall clock of `ms` in `zone` (UTC when invalid; the runtime's own zone when undefined). */
export function localTime(ms: number, zone: string | undefined): LocalTime {
  const w = wall(ms, zone);
  return { year: w.getUTCFullYear(), month: w.getUTCMonth() + 1, day: w.getUTCDate(), hour: w.getUTCHours(), weekday: w.getUTCDay() };
}

const DAYS = /* @__PURE__ */ "sunday monday tuesday wednesday thursday friday saturday".split(" ");

/** The local day number of `ms` in `zone` (see `dayNumber`). */
export const localDay = (ms: number, zone: string | undefined): number => Math.floor(+wall(ms, zone) / 864e5);

/** Days since 1970-01-01 of a local date: the key of daily event counts. */
export const dayNumber = (l: LocalTime): number => Math.floor(Date.UTC(l.year, l.month - 1, l.day) / 864e5);

/** `time.*` for `now` in `zone`. */
export function timeFacts(now: number, zone: string | undefined): { now: string; hour: number; weekday: string; date: string } {
  const w = wall(now, zone);
  return { now: iso(now), hour: w.getUTCHours(), weekday: DAYS[w.getUTCDay()]!, date: iso(+w).slice(0, 10) };
}
