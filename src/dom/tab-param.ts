/**
 * Address values kept for the browser tab, as previews and the debugger use
 * them: `?name=value` sets one, `?name=` clears it, and without either the
 * tab's sessionStorage remembers the last one. Read once per page.
 *
 * sessionStorage (~6 ms on its first cold read) is read only when the
 * address names one of them or a previous page of the tab asked: that is
 * marked in `window.name` (per tab, kept across the site's pages, nothing
 * stored) while the tab keeps a value, and only when the page left
 * `window.name` empty; a page that uses `window.name` itself gets the
 * sessionStorage read every time, as before. Storage that throws or answers
 * a non-string counts as empty.
 */
import { attempt } from "../runtime/util.js";

const NAMES = ["slotwise_preview", "slotwise_visitor", "slotwise_debug"];
const MARK = "slotwise:tab";

/** The tab's values by name (`null`: none); `{}` when the tab never asked. */
export function tabParams(win: Window): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const query = attempt(() => new URL(win.location.href).searchParams);
  const mark = attempt(() => win.name) ?? "";
  if (!mark && !NAMES.some((n) => query?.has(n))) return out;
  const session = attempt(() => win.sessionStorage);
  let kept = false;
  for (const n of NAMES) {
    const asked = query?.get(n);
    attempt(() => (asked == null ? 0 : asked ? session!.setItem(n, asked) : session!.removeItem(n)));
    const v = asked ?? attempt(() => session!.getItem(n));
    out[n] = typeof v == "string" && v ? ((kept = true), v) : null;
  }
  if (!mark || mark == MARK) attempt(() => (win.name = kept ? MARK : ""));
  return out;
}
