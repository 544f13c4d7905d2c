/**
 * The script tags' side of the after-paint file: once the first decisions
 * are made, dist/slotwise.later.js is loaded from the directory of the
 * running script (the same version, as the debugger is). Until it runs,
 * track() and identify() wait in memory (src/runtime/context.ts) and route
 * changes are compared when it arrives. A file that does not load is one
 * LATER_FAILED fault: the page keeps deciding and swapping, the calls stay
 * in memory, nothing is stored.
 */
import { flushEarly, provideLater, whenLater } from "../runtime/context.js";
import { json, msg } from "../runtime/util.js";
import type { Later } from "../runtime/context-types.js";
import type { Host, Plugin } from "../runtime/plugin.js";

export const laterLoader =
  (script: HTMLOrSVGScriptElement | null): Plugin =>
  (sw) => {
    // Leaving before it came (or when it never does): this view alone, only over the entry it read.
    flushEarly({
      flush(s) {
        const text = json({ version: 1, profiles: s.profiles });
        const r = s.dirty && s.writable() && s.o.storage!.read();
        if (r && r.ok && r.value === s.last && s.o.storage!.write(text).ok) (s.dirty = false), (s.last = text);
      },
    });
    // The file announces itself (also when a page loads it with its own tag).
    addEventListener("slotwise:later", (e) => provideLater((e as CustomEvent<Later>).detail), { once: true });
    const src = (script as HTMLScriptElement | null)?.src; // an inline or SVG script has none: nothing is loaded
    if (src)
      void Promise.resolve().then(() =>
        (sw as unknown as { ready: Promise<unknown> }).ready.then(() => {
          const tag = document.createElement("script");
          const url = new URL("slotwise.later.js", src).href;
          tag.onerror = () => (sw as Host).report("LATER_FAILED", url);
          try {
            // Under Trusted Types (require-trusted-types-for 'script') a script address is a TrustedScriptURL: one policy that gives this URL only.
            const tt = (window as unknown as { trustedTypes?: { createPolicy(n: string, p: { createScriptURL(): string }): { createScriptURL(s: string): string } } }).trustedTypes;
            tag.src = tt ? tt.createPolicy("slotwise-later", { createScriptURL: () => url }).createScriptURL("") : url;
            document.head.append(tag);
          } catch (e) {
            (sw as Host).report("LATER_FAILED", `${url} ${msg(e)}`);
          }
        }),
      );
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
