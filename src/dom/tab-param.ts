/**
 * An address value kept for the browser tab, as previews and the debugger
 * use them: `?name=value` sets it, `?name=` clears it, and without either the
 * tab's sessionStorage remembers the last one (so a preview survives clicks
 * to other pages of the site). Storage that throws counts as empty.
 */
export function tabParam(win: Window, name: string): string | null {
  const asked = attempt(() => new URL(win.location.href).searchParams.get(name));
  attempt(() => (asked === "" ? win.sessionStorage.removeItem(name) : asked != null && win.sessionStorage.setItem(name, asked)));
  return asked == null ? attempt(() => win.sessionStorage.getItem(name)) ?? null : asked || null;
}

function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
