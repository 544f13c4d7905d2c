/**
 * Scripts the browser tests put into a page, each served by the test server
 * as an external file (`/probe/NAME.js`): a strict-CSP page refuses inline
 * script, and the probes must behave the same on every page.
 *
 * Each probe is a self-contained function shipped as source (`String(fn)`),
 * so it may use nothing outside its own body. Each records into a `window.__*`
 * object that the test reads back with `page.evaluate`.
 */
import type { TestServer } from "./server.js";

/** What the witness probe saw. */
export interface Witness {
  /** `window.onerror`: uncaught errors, as "message (file:line)". */
  errors: string[];
  /** `unhandledrejection`: reasons of promises nobody handled. */
  rejections: string[];
  /** `securitypolicyviolation` events, as "directive blockedURI". */
  violations: string[];
  /** What the Slotwise instance reported through `on("error")`. */
  sdkErrors: { code: string; message: string }[];
  /** What it reported through `on("decision")`. */
  decisions: { slot: string; variant: string | null; reason: string }[];
  /** Whether the function queued in `window.slotwiseQueue` ran, and with `Slotwise.instance`. */
  queue: { ran: number; withInstance: boolean };
}

/**
 * First script of every test page: records uncaught errors, unhandled
 * rejections and CSP violations from the start, and queues (in
 * `window.slotwiseQueue`, before Slotwise loads) a function that subscribes to
 * the instance's `error` and `decision` events.
 */
function witnessProbe(): void {
  const w = window as unknown as Record<string, any>;
  const record = {
    errors: [] as string[],
    rejections: [] as string[],
    violations: [] as string[],
    sdkErrors: [] as { code: string; message: string }[],
    decisions: [] as { slot: string; variant: string | null; reason: string }[],
    queue: { ran: 0, withInstance: false },
  };
  w.__witness = record;
  window.onerror = (message, source, line) => {
    record.errors.push(`${String(message)} (${String(source)}:${String(line)})`);
  };
  window.onunhandledrejection = (event) => {
    const reason = event.reason as { message?: unknown } | undefined;
    record.rejections.push(String(reason && typeof reason === "object" && "message" in reason ? reason.message : reason));
  };
  document.addEventListener("securitypolicyviolation", (event) => {
    record.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
  const queue = (w.slotwiseQueue = w.slotwiseQueue || []);
  queue.push((instance: any) => {
    record.queue.ran += 1;
    record.queue.withInstance = !!w.Slotwise && w.Slotwise.instance === instance;
    instance.on("error", (error: { code: string; message: string }) => {
      record.sdkErrors.push({ code: error.code, message: error.message });
    });
    instance.on("decision", (decision: { slot: string; variant: string | null; reason: string }) => {
      record.decisions.push({ slot: decision.slot, variant: decision.variant, reason: decision.reason });
    });
  });
}

/** One rendering update as the frame probe saw it. */
export interface FrameRecord {
  /** ms since navigation start. */
  t: number;
  /** Slots with a visible `[data-default]` element inside: default copy shown in this update. */
  shown: string[];
  /** Slots hidden themselves (the cloak), by computed visibility or opacity. */
  hidden: string[];
  /** `<html>` or `<body>` hidden: the whole page blanked. */
  pageHidden: boolean;
  /** Constructable stylesheets adopted by the document at the time. */
  adopted: number;
}

/**
 * A requestAnimationFrame probe, started in `<head>`: at every rendering
 * update it records which slots show their default copy (an element marked
 * `data-default` inside the slot, visible), which slots are hidden, and
 * whether the page as a whole is hidden. Stops when `window.__stopFrames` is set.
 */
function frameProbe(): void {
  const w = window as unknown as Record<string, any>;
  const frames: unknown[] = [];
  w.__frames = frames;
  const visible = (element: Element): boolean =>
    element.checkVisibility({ visibilityProperty: true, opacityProperty: true } as CheckVisibilityOptions);
  const tick = (): void => {
    const shown: string[] = [];
    const hidden: string[] = [];
    for (const slot of Array.from(document.querySelectorAll("[data-slot]"))) {
      const name = slot.getAttribute("data-slot") ?? "";
      if (!visible(slot)) hidden.push(name);
      else if (Array.from(slot.querySelectorAll("[data-default]")).some(visible)) shown.push(name);
    }
    const body = document.body;
    const pageHidden = !visible(document.documentElement) || (body !== null && !visible(body));
    frames.push({ t: performance.now(), shown, hidden, pageHidden, adopted: document.adoptedStyleSheets.length });
    if (!w.__stopFrames) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** An Element Timing entry: Chromium painted an element carrying `elementtiming`. */
export interface ElementTimingRecord {
  id: string;
  renderTime: number;
  /** Whether the element was still in the document when the entry was read. */
  connected: boolean;
}

/** Element Timing from `<head>` (buffered, so nothing painted before it is missed). */
function elementTimingProbe(): void {
  const w = window as unknown as Record<string, any>;
  const entries: unknown[] = [];
  w.__elementTiming = entries;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { identifier: string; renderTime: number; element: Element | null }[]) {
      entries.push({ id: entry.identifier, renderTime: entry.renderTime, connected: entry.element ? entry.element.isConnected : false });
    }
  }).observe({ type: "element", buffered: true });
}

/**
 * Replaces `alert`, `confirm`, `prompt` and `print` with recorders (every XSS
 * payload proves it ran by calling one), and counts real dialogs too.
 */
function xssHooksProbe(): void {
  const w = window as unknown as Record<string, any>;
  const calls: string[] = [];
  w.__xssCalls = calls;
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    w[name] = (...args: unknown[]) => {
      calls.push(`${name}: ${args.map(String).join(", ")}`);
      return name === "confirm" ? false : name === "prompt" ? null : undefined;
    };
  }
}

/** Removes the Sanitizer API's `Element.prototype.setHTML`, as in browsers without it. */
function noSetHtmlProbe(): void {
  delete (Element.prototype as unknown as Record<string, unknown>).setHTML;
  delete (ShadowRoot.prototype as unknown as Record<string, unknown>).setHTML;
}

/** Counts calls of the native `Element.prototype.setHTML` (still calling it). */
function countSetHtmlProbe(): void {
  const w = window as unknown as Record<string, any>;
  const proto = Element.prototype as unknown as Record<string, any>;
  const original = proto.setHTML;
  w.__setHtmlCalls = 0;
  if (typeof original !== "function") return;
  proto.setHTML = function (this: Element, ...args: unknown[]) {
    w.__setHtmlCalls += 1;
    return original.apply(this, args);
  };
}

/** Removes the Navigation API, as in browsers without it (history wrapping then has to do). */
function noNavigationProbe(): void {
  delete (window as unknown as Record<string, unknown>).navigation;
}

/** Counts MutationObservers created, to show a second copy of the SDK starts nothing. */
function countObserversProbe(): void {
  const w = window as unknown as Record<string, any>;
  const Original = window.MutationObserver;
  w.__observers = 0;
  window.MutationObserver = class extends Original {
    constructor(callback: MutationCallback) {
      super(callback);
      w.__observers += 1;
    }
  };
}

export const PROBES = {
  witness: witnessProbe,
  frames: frameProbe,
  "element-timing": elementTimingProbe,
  "xss-hooks": xssHooksProbe,
  "no-sethtml": noSetHtmlProbe,
  "count-sethtml": countSetHtmlProbe,
  "no-navigation": noNavigationProbe,
  "count-observers": countObserversProbe,
} as const;

export type ProbeName = keyof typeof PROBES;

/** The URL path a probe is served at. */
export function probePath(name: ProbeName): string {
  return `/probe/${name}.js`;
}

/** Serves every probe from `server` as an external script. */
export function serveProbes(server: TestServer): void {
  for (const [name, probe] of Object.entries(PROBES)) {
    server.route(probePath(name as ProbeName), {
      body: `(${String(probe)})();\n`,
      headers: { "content-type": "text/javascript; charset=utf-8" },
    });
  }
}
