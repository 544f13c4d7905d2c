/**
 * Reads what the context layer needs from the browser into plain values, so
 * the core never touches `location`, `document`, `navigator`, `Intl` defaults
 * or `innerWidth` itself. Each read is guarded: a missing or throwing property
 * (old browsers, privacy extensions, sandboxed frames) leaves that value out.
 */
import type { DeviceInput } from "../runtime/device.js";

export interface Environment {
  url: string;
  referrer: string;
  device: DeviceInput;
}

/** The parts of `window` read here. */
export type EnvironmentWindow = {
  readonly location?: { readonly href: string };
  readonly document?: { readonly referrer?: string; readonly documentElement?: { readonly clientWidth?: number } | null };
  readonly navigator?: { readonly userAgent?: string; readonly language?: string; readonly languages?: readonly string[]; readonly maxTouchPoints?: number };
  readonly innerWidth?: number;
};

/**
 * @example
 * const env = readEnvironment(window);
 * createContextStore({ url: env.url, referrer: env.referrer, device: env.device });
 */
export function readEnvironment(win: EnvironmentWindow): Environment {
  const device: DeviceInput = {};
  const userAgent = read(() => win.navigator?.userAgent);
  if (typeof userAgent === "string") device.userAgent = userAgent;
  const width = read(() => win.innerWidth || win.document?.documentElement?.clientWidth);
  if (typeof width === "number" && width > 0) device.viewportWidth = width;
  const touchPoints = read(() => win.navigator?.maxTouchPoints);
  if (typeof touchPoints === "number") device.maxTouchPoints = touchPoints;
  const language = read(() => win.navigator?.languages?.[0] ?? win.navigator?.language);
  if (typeof language === "string" && language) device.language = language;
  // Read when first asked for (see DeviceInput.ownTimezone): it costs ~20 ms in a cold browser.
  device.ownTimezone = () => new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const url = read(() => win.location?.href);
  const referrer = read(() => win.document?.referrer);
  return {
    url: typeof url === "string" ? url : "",
    referrer: typeof referrer === "string" ? referrer : "",
    device,
  };
}

function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
