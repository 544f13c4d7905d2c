/**
 * Loads the on-page debugger (dist/slotwise.debug.js) when the tab asks for
 * it (`?slotwise_debug=1`, kept for the tab, ended by `?slotwise_debug=0`)
 * or the script tag has `data-debug`: from the directory of the running
 * script, so it is the same version. Production visitors download nothing.
 * A file that does not load (the script tag deployed alone) is one console
 * warning: the URL tried, and what to copy there. (A script element made by
 * script is async already; an HTML document always has a head.)
 */
import type { Plugin } from "../runtime/plugin.js";

export const debuggerLoader =
  (script: HTMLOrSVGScriptElement | null): Plugin =>
  (sw) => {
    const flag = sw.platform.param?.("slotwise_debug");
    const src = (script as HTMLScriptElement | null)?.src; // an SVG script has none
    if (!(sw.options.debug || flag === "1") || flag === "0" || !src) return;
    const tag = document.createElement("script");
    tag.src = new URL("slotwise.debug.js", src).href;
    tag.onerror = () => console.warn("[slotwise] copy slotwise.debug.js to " + tag.src);
    document.head.append(tag);
  };
