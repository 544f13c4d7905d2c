/**
 * Address values kept for the browser tab, as previews and the debugger use
 * them: `?name=value` sets one, `?name=` clears it, and without either the
 * tab's sessionStorage remembers the last one.
 *
 * sessionStorage (~6 ms on its first cold read) is read only when the
 * address names one of them or a previous page of the tab asked: that is
 * marked in `window.name` (per tab, kept across the site's pages, nothing
 * stored) while the tab keeps a value, and only when the page left
 * `window.name` empty; a page that uses `window.name` itself gets the
 * sessionStorage read every time, as before. Storage that throws or answers
 * a non-string counts as empty.
 */
const NAMES = ["slotwise_preview", "slotwise_visitor", "slotwise_debug"];
const MARK = "slotwise:tab";

export function tabParam(win: Window, name: string): string | null {
  const query = attempt(() => new URL(win.location.href).searchParams);
  const mark = attempt(() => win.name) ?? "";
  if (!mark && !NAMES.some((n) => query?.has(n))) return null;
  const session = attempt(() => win.sessionStorage);
  let value: unknown = null;
  let kept = false;
  for (const n of NAMES) {
    const asked = query?.get(n);
    if (asked === "") attempt(() => session?.removeItem(n));
    else if (asked != null) attempt(() => session?.setItem(n, asked));
    const v = asked ?? attempt(() => session?.getItem(n));
    if (typeof v === "string" && v) kept = true;
    if (n === name) value = v;
  }
  if (!mark || mark === MARK) attempt(() => (win.name = kept ? MARK : ""));
  return typeof value === "string" && value ? value : null;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
