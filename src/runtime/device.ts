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
  if (/iPad|Tablet(?! PC)|PlayBook|Kindle|Silk\/|KF[A-Z]{2,4}\b/i.test(ua)) return "tablet";
  if (/Android/i.test(ua)) return /Mobile/i.test(ua) ? "mobile" : "tablet";
  if (/Mobi|iPhone|iPod|Windows Phone|IEMobile|BlackBerry|BB10|Opera Mini|webOS/i.test(ua)) return "mobile";
  if (/Macintosh/i.test(ua) && input.maxTouchPoints! > 1) return "tablet";
  if (/Windows NT|Macintosh|Mac OS X|X11|CrOS|Linux x86_64/i.test(ua)) return "desktop";
  const w = input.viewportWidth;
  return typeof w !== "number" || !(w > 0) || w >= 1024 ? "desktop" : w < 768 ? "mobile" : "tablet";
}

const zones = new Set<string>();

/** `zone` when this runtime knows it, else "UTC" (the name is kept as given). */
export function safeTimeZone(zone: unknown): string {
  if (typeof zone !== "string" || !zone || zone.length > 64) return "UTC";
  if (!zones.has(zone)) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
    } catch {
      return "UTC";
    }
    if (zones.size < 64) zones.add(zone);
  }
  return zone;
}

const OWN = new WeakSet<object>();

/** `device.*`; without `timezone`, the zone name is read on first use. */
export function deviceFacts(input: DeviceInput): DeviceFacts {
  let language = "";
  try {
    const tag = input.language;
    if (typeof tag === "string" && tag && tag.length <= 35) language = Intl.getCanonicalLocales(tag)[0] || "";
  } catch {
    // not a language tag
  }
  const facts = { type: classifyDevice(input), language } as DeviceFacts;
  const own = input.ownTimezone;
  if (input.timezone !== undefined || typeof own !== "function") return { ...facts, timezone: safeTimeZone(input.timezone) };
  let name: string | undefined;
  Object.defineProperty(facts, "timezone", {
    enumerable: true,
    get: () => {
      if (name === undefined) {
        try {
          name = safeTimeZone(own());
        } catch {
          name = "UTC";
        }
      }
      return name;
    },
  });
  OWN.add(facts);
  return facts;
}

/** The zone `time.*` is read in: the named one, or undefined for the runtime's own (Date methods, no Intl). */
export const zoneOf = (d: DeviceFacts): string | undefined => (OWN.has(d) ? undefined : d.timezone);

/** A copy that keeps a zone name not read yet unread. */
export function copyDevice(d: DeviceFacts): DeviceFacts {
  const c = Object.defineProperties({}, Object.getOwnPropertyDescriptors(d)) as DeviceFacts;
  if (OWN.has(d)) OWN.add(c);
  return c;
}

/** A wall-clock reading: month 1-12, weekday 0 = Sunday. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
let last: [string, number, LocalTime] | undefined;

/** The wall clock of `ms` in `zone` (UTC when invalid; the runtime's own zone when undefined). */
export function localTime(ms: number, zone: string | undefined): LocalTime {
  if (zone === undefined) {
    const d = new Date(ms);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), weekday: d.getDay() };
  }
  // Offsets change on quarter hours: one Intl call per zone and quarter hour.
  const z = safeTimeZone(zone);
  const q = Math.floor(ms / 900_000);
  if (last && last[0] === z && last[1] === q) return last[2];
  let f = formats.get(z);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: z, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", weekday: "long" });
    if (formats.size < 64) formats.set(z, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  const local = { year: +p.year!, month: +p.month!, day: +p.day!, hour: +p.hour! % 24, weekday: Math.max(0, DAYS.indexOf(String(p.weekday).toLowerCase())) };
  last = [z, q, local];
  return local;
}

const DAYS = /* @__PURE__ */ "sunday monday tuesday wednesday thursday friday saturday".split(" ");

/** Midnight UTC of a local date. */
const utc = (l: LocalTime): number => Date.UTC(l.year, l.month - 1, l.day);

/** Days since 1970-01-01 of a local date: the key of daily event counts. */
export const dayNumber = (l: LocalTime): number => Math.floor(utc(l) / 86_400_000);

/** `time.*` for `now` in `zone`. */
export function timeFacts(now: number, zone: string | undefined): { now: string; hour: number; weekday: string; date: string } {
  const l = localTime(now, zone);
  return { now: iso(now), hour: l.hour, weekday: DAYS[l.weekday] || "sunday", date: iso(utc(l)).slice(0, 10) };
}
