/**
 * `device.*`: what kind of device, which language, which time zone.
 * Pure: the user-agent string, viewport width, touch points, language and
 * time zone are passed in (src/dom/environment.ts reads them from the browser).
 */
import { safeTimeZone } from "./time-zone.js";

/** `device.type`. */
export type DeviceType = "mobile" | "tablet" | "desktop";

/** What the browser tells about the device; every field may be missing. */
export interface DeviceInput {
  /** `navigator.userAgent`. */
  userAgent?: string;
  /** The layout viewport width in CSS pixels (`innerWidth`). */
  viewportWidth?: number;
  /** `navigator.maxTouchPoints`: tells an iPad asking for desktop sites from a Mac. */
  maxTouchPoints?: number;
  /** `navigator.language`, a BCP 47 tag such as `en-IN`. */
  language?: string;
  /** An IANA time zone such as `Asia/Kolkata`. */
  timezone?: string;
  /**
   * Without `timezone`: the zone is the runtime's own, and this reads its
   * name (`Intl.DateTimeFormat().resolvedOptions().timeZone`) when a rule or
   * the host first asks for `device.timezone`. The first DateTimeFormat of a
   * page costs ~20 ms in a cold browser; `time.*` never needs it for the
   * runtime's own zone (the Date methods know it).
   */
  ownTimezone?: () => unknown;
}

/** The `device` part of the context. */
export interface DeviceFacts {
  type: DeviceType;
  /** The canonical language tag (`en-IN`), or `""` when unknown. */
  language: string;
  /** The IANA time zone; `UTC` when unknown or invalid. */
  timezone: string;
}

// Tablets first: iPad and Android tablet user agents also contain "Mobile"-like tokens.
// "Tablet PC" is an old Windows token for touch laptops, not a tablet.
const TABLET = /iPad|Tablet(?! PC)|PlayBook|Kindle|Silk\/|KF[A-Z]{2,4}\b/i;
// Android phones say "Mobile"; Android tablets leave it out (Google's guidance to browser makers).
const ANDROID = /Android/i;
const MOBILE = /Mobi|iPhone|iPod|Windows Phone|IEMobile|BlackBerry|BB10|Opera Mini|webOS/i;
const DESKTOP = /Windows NT|Macintosh|Mac OS X|X11|CrOS|Linux x86_64/i;

/** Below these viewport widths an unknown user agent counts as mobile / tablet (common CSS breakpoints). */
const MOBILE_MAX_WIDTH = 768;
const TABLET_MAX_WIDTH = 1024;

/**
 * Classifies a device. The user agent decides when it names a known kind of
 * device; the viewport width decides only when it does not (an empty,
 * unknown or bot user agent). iPadOS asks for desktop sites with a Mac user
 * agent: a "Macintosh" with more than one touch point is a tablet.
 *
 * @example
 * classifyDevice({ userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) ..." }); // "mobile"
 * classifyDevice({ userAgent: "", viewportWidth: 900 }); // "tablet"
 */
export function classifyDevice(input: DeviceInput): DeviceType {
  const ua = typeof input.userAgent === "string" ? input.userAgent : "";
  if (TABLET.test(ua)) return "tablet";
  if (ANDROID.test(ua)) return /Mobile/i.test(ua) ? "mobile" : "tablet";
  if (MOBILE.test(ua)) return "mobile";
  if (/Macintosh/i.test(ua) && (input.maxTouchPoints ?? 0) > 1) return "tablet";
  if (DESKTOP.test(ua)) return "desktop";
  const width = input.viewportWidth;
  if (typeof width !== "number" || !Number.isFinite(width) || width <= 0) return "desktop";
  if (width < MOBILE_MAX_WIDTH) return "mobile";
  if (width < TABLET_MAX_WIDTH) return "tablet";
  return "desktop";
}

/**
 * `device.*` from the browser's inputs.
 *
 * @example
 * deviceFacts({ userAgent: navigator.userAgent, language: "en-in", timezone: "Asia/Kolkata" });
 * // { type: "desktop", language: "en-IN", timezone: "Asia/Kolkata" }
 */
export function deviceFacts(input: DeviceInput): DeviceFacts {
  const facts = { type: classifyDevice(input), language: canonicalLanguage(input.language) } as DeviceFacts;
  const own = input.ownTimezone;
  if (input.timezone !== undefined || typeof own !== "function") return { ...facts, timezone: safeTimeZone(input.timezone) };
  let name: string | undefined;
  Object.defineProperty(facts, "timezone", {
    enumerable: true,
    get: () =>
      (name ??= (() => {
        try {
          return safeTimeZone(own());
        } catch {
          return "UTC";
        }
      })()),
  });
  OWN_ZONE.add(facts);
  return facts;
}

const OWN_ZONE = new WeakSet<DeviceFacts>();

/**
 * The zone to read `time.*` in: the device's named zone, or `undefined` for
 * the runtime's own (then the Date methods apply it, with no Intl at all).
 */
export function zoneOf(device: DeviceFacts): string | undefined {
  return OWN_ZONE.has(device) ? undefined : device.timezone;
}

/** A copy of the device facts that keeps a zone name not read yet unread. */
export function copyDevice(device: DeviceFacts): DeviceFacts {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(device)) as DeviceFacts;
  if (OWN_ZONE.has(device)) OWN_ZONE.add(copy);
  return copy;
}

function canonicalLanguage(tag: unknown): string {
  if (typeof tag !== "string" || tag === "" || tag.length > 35) return "";
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "";
  } catch {
    return "";
  }
}
