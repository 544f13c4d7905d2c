/**
 * Files loaded beside the script tag only when a tab asks, from the directory
 * of the running script (so the same version): the on-page debugger
 * (dist/slotwise.debug.js: `?slotwise_debug=1`, kept for the tab, ended by
 * `?slotwise_debug=0`, or `data-debug`) and the preview
 * (dist/slotwise.preview.js, ./preview.ts). Production visitors download
 * nothing. A file that does not load (the script tag deployed alone) is one
 * console warning: the URL tried, and what to copy there. (A script element
 * made by script is async already; an HTML document always has a head.)
 */
import type { Plugin } from "../runtime/plugin.js";

type Script = HTMLOrSVGScriptElement | null;

/** Loads slotwise.NAME.js beside `script`; resolves with what it hands over as event `slotwise:NAME`, or undefined. */
export const loadFile = (script: Script, name: string): Promise<unknown> =>
  new Promise((resolve) => {
    const src = (script as HTMLScriptElement | null)?.src; // an SVG or inline script has none
    if (!src) return resolve(undefined);
    const tag = document.createElement("script");
    const file = `slotwise.${name}.js`;
    tag.src = new URL(file, src).href;
    tag.onerror = () => resolve(console.warn(`[slotwise] copy ${file} to ${tag.src}`));
    addEventListener("slotwise:" + name, (e) => resolve((e as CustomEvent).detail), { once: true });
    document.head.append(tag);
  });

export const debuggerLoader =
  (script: Script): Plugin =>
  (sw) => {
    const flag = sw.platform.param?.("slotwise_debug");
    if ((sw.options.debug || flag == "1") && flag != "0") void loadFile(script, "debug");
  };
