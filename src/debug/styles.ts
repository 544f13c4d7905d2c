/**
 * The panel's styles, adopted by its shadow root (a constructed stylesheet:
 * no <style> element and no style attribute, so a page whose CSP forbids
 * inline styles shows it too). `:host` keeps the panel out of the page's
 * layout: fixed, on top, and reset from the page's inherited styles.
 */
export const PANEL_CSS = `
:host { all: initial; position: fixed; right: 12px; bottom: 12px; z-index: 2147483647; font: 13px/1.45 system-ui, sans-serif; color: #1d2433; }
button, input { font: inherit; }
.launcher { border: 0; border-radius: 999px; padding: 6px 12px; background: #1d2433; color: #fff; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / .25); }
.panel { display: none; width: min(460px, calc(100vw - 24px)); max-height: min(70vh, 640px); overflow: auto; background: #fff; border: 1px solid #c9cfdb; border-radius: 10px; box-shadow: 0 8px 28px rgb(0 0 0 / .25); }
:host([open]) .panel { display: block; }
:host([open]) .launcher { display: none; }
header { position: sticky; top: 0; display: flex; justify-content: space-between; align-items: center; padding: 8px 12px; background: #1d2433; color: #fff; }
header button { border: 0; background: transparent; color: inherit; cursor: pointer; font-size: 16px; }
h2 { margin: 12px 12px 4px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5a6478; }
ul { list-style: none; margin: 0; padding: 0 12px; }
li { margin: 0 0 8px; padding: 8px; border: 1px solid #e2e6ee; border-radius: 6px; }
li.slot:hover, li.slot:focus-within { border-color: #3b6fe0; }
.name { font-weight: 600; }
.badge { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px; font-size: 11px; background: #e8edf7; }
.badge.MATCH { background: #dff3e4; } .badge.ERROR { background: #fde2e1; } .badge.preview, .badge.holdout { background: #fff1c9; }
pre { margin: 6px 0 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, monospace; }
li.error { border-color: #f0b4b0; background: #fff6f5; } li.warning { border-color: #f3dc9b; background: #fffbef; }
form { display: flex; gap: 6px; padding: 0 12px 12px; } form input { flex: 1; min-width: 0; padding: 4px 6px; border: 1px solid #c9cfdb; border-radius: 4px; }
form button { border: 1px solid #1d2433; border-radius: 4px; background: #1d2433; color: #fff; cursor: pointer; }
.outline { position: fixed; pointer-events: none; outline: 3px solid #3b6fe0; outline-offset: 2px; border-radius: 2px; }
.empty { color: #5a6478; padding: 0 12px; }
`;
