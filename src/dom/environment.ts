/**
 * Reads what the context layer needs from the browser into plain values, so
 * the core never touches `location`, `document`, `navigator`, `Intl` defaults
 * or `innerWidth` itself. Each read is guarded: a missing or throwing property
 * (old browsers, privacy extensions, sandboxed frames) leaves that value out.
 */
import type { DeviceInput } from "../runtime/device.js";
import { attempt } from "../runtime/util.js";

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
  // Read when first asked for (see DeviceInput.ownTimezone): it costs ~20 ms in a cold browser.
  const device: Record<string, unknown> = { ownTimezone: () => new Intl.DateTimeFormat().resolvedOptions().timeZone };
  const nav = attempt(() => win.navigator);
  const text = (get: () => unknown): string => {
    const v = attempt(get);
    return typeof v == "string" ? v : "";
  };
  const take = (key: keyof DeviceInput, v: unknown, ok: unknown): unknown => ok && (device[key] = v);
  const ua = text(() => nav?.userAgent);
  take("userAgent", ua, ua);
  const width = attempt(() => win.innerWidth || win.document?.documentElement?.clientWidth);
  take("viewportWidth", width, typeof width == "number" && width > 0);
  const touch = attempt(() => nav?.maxTouchPoints);
  take("maxTouchPoints", touch, typeof touch == "number");
  const language = text(() => nav?.languages?.[0] ?? nav?.language);
  take("language", language, language);
  return { url: text(() => win.location?.href), referrer: text(() => win.document?.referrer), device };
}
