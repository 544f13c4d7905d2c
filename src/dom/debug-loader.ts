/**
 * Loads the on-page debugger (dist/slotwise.debug.js) when the tab asks for
 * it (`?slotwise_debug=1`, kept for the tab, ended by `?slotwise_debug=0`)
 * or the script tag has `data-debug`: from the directory of the running
 * script, so it is the same version. Production visitors download nothing:
 * this is the whole cost in the script tag. A file that does not load (the
 * script tag deployed alone) is one console warning with the URL tried.
 */
import { tabParam } from "./tab-param.js";

export function loadDebugger(script: HTMLOrSVGScriptElement | null, asked: boolean): void {
  const flag = tabParam(window, "slotwise_debug");
  if (!(asked || flag === "1") || flag === "0" || !(script instanceof HTMLScriptElement) || !script.src) return;
  const tag = document.createElement("script");
  const src = (tag.src = new URL("slotwise.debug.js", script.src).href);
  tag.async = true;
  tag.onerror = () => console.warn("[slotwise] debugger not loaded from " + src + ": copy dist/slotwise.debug.js beside the script tag");
  (document.head ?? document.documentElement).append(tag);
}
