/**
 * The script tags' side files, each loaded from the directory of the running
 * script (so the same version) by one loader:
 *
 * - dist/slotwise.later.js (src/later/), once the first decisions are made.
 *   Until it runs, track() and identify() wait in memory (src/runtime/context.ts)
 *   and route changes are compared when it arrives. A file that does not load
 *   is one LATER_FAILED fault: the page keeps deciding and swapping, the calls
 *   stay in memory, nothing is stored.
 * - dist/slotwise.preview.js, when the tab asks (`slotwise_preview` or
 *   `slotwise_visitor`): nothing is stored and the first decision waits
 *   (within the timeout) for the file, which runs `preview()`.
 * - dist/slotwise.debug.js, the on-page debugger: `?slotwise_debug=1`, kept
 *   for the tab, ended by `?slotwise_debug=0`, or `data-debug`.
 *
 * Production visitors download the first alone. A preview or debugger file
 * that does not load is one console warning: the URL tried, and what to copy
 * there. Under Trusted Types (`require-trusted-types-for 'script'`) a script
 * address is a TrustedScriptURL: one policy, `slotwise-later`, whose only
 * output is the address of a `slotwise.NAME.js` beside the tag.
 */
import { flushEarly, provideLater, whenLater } from "../runtime/context.js";
import { json, msg } from "../runtime/util.js";
import { ENTRY_VERSION } from "../runtime/visitor.js";
import type { Later } from "../runtime/context-types.js";
import type { Plugin } from "../runtime/plugin.js";
import { readOnly } from "../plugins/preview.js";

type Policy = { createScriptURL(name: string): string };
let policy: Policy | undefined;

/** Loads slotwise.NAME.js beside `src`; resolves with what it hands over as event `slotwise:NAME`, or (after `failed(url)`) undefined. */
export const sideFile = (src: string | undefined, name: string, failed: (url: string) => void): Promise<unknown> =>
  new Promise((resolve) => {
    // An inline or SVG script has no address: nothing is loaded.
    if (!src) return resolve(undefined);
    const at = (n: string): string => new URL(`slotwise.${n}.js`, src).href;
    const url = at(name);
    const no = (detail: string): void => resolve(failed(detail));
    addEventListener("slotwise:" + name, (e) => resolve((e as CustomEvent).detail), { once: true });
    try {
      const tag = document.createElement("script");
      tag.onerror = () => no(url);
      const tt = (window as unknown as { trustedTypes?: { createPolicy(n: string, p: Policy): Policy } }).trustedTypes;
      tag.src = tt ? (policy ??= tt.createPolicy("slotwise-later", { createScriptURL: at })).createScriptURL(name) : url;
      document.head.append(tag);
    } catch (e) {
      no(`${url} ${msg(e)}`);
    }
  });

/** The script tags' side files, beside `script`. */
export const sideFiles =
  (script: HTMLOrSVGScriptElement | null): Plugin =>
  (sw) => {
    const src = (script as HTMLScriptElement | null)?.src;
    const file = (name: string): Promise<unknown> => sideFile(src, name, (url) => console.warn(`[slotwise] copy slotwise.${name}.js to ${url}`));
    // Leaving before src/later/ came (or when it never does): this view alone, only over the entry it read.
    flushEarly({
      flush(s) {
        const text = json({ version: ENTRY_VERSION, profiles: s.profiles });
        const r = s.dirty && s.writable() && s.o.storage!.read();
        if (r && r.ok && r.value === s.last && s.o.storage!.write(text).ok) (s.dirty = false), (s.last = text);
      },
    });
    // The file announces itself (also when a page loads it with its own tag).
    addEventListener("slotwise:later", (e) => provideLater((e as CustomEvent<Later>).detail), { once: true });
    const param = sw.platform.param ?? (() => null);
    const flag = param("slotwise_debug");
    if ((sw.options.debug || flag == "1") && flag != "0") void file("debug");
    if (param("slotwise_preview") || param("slotwise_visitor")) {
      readOnly(sw);
      sw.hooks.wait.push(file("preview").then((plugin) => typeof plugin == "function" && plugin(sw)));
    }
    if (src) void Promise.resolve().then(() => sw.ready.then(() => sideFile(src, "later", (url) => sw.report("LATER_FAILED", url))));
  };

/** Route changes, watched once src/later/ is here (compared with the address of now). */
export function laterRoutes(win: Window, onRoute: (url: string) => void): () => void {
  const first = win.location.href;
  let stop: (() => void) | undefined;
  let on = true;
  whenLater((l) => on && (stop = l.routes(win, onRoute, first)));
  return () => {
    on = false;
    if (stop) stop();
  };
}
