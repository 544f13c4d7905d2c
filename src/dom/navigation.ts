/**
 * Tells Slotwise when a single-page app changes route, so `page.*` facts are
 * refreshed and slots re-decided (after paint: src/later/).
 *
 * Where the Navigation API exists (Chromium 102+) one `navigatesuccess`
 * listener sees every same-document navigation, whatever started it. Elsewhere
 * history.pushState/replaceState are wrapped (there is no event for them) and
 * `popstate` covers back/forward. Wrapping is undone on stop, unless someone
 * wrapped them again after us, in which case ours stays in place but goes quiet
 * (unwrapping would drop their wrapper). The address is compared with `last`
 * (the address when the page started) at once, so a route change before this
 * code arrived is not missed.
 */
type Method = "pushState" | "replaceState";

export function watchNavigation(win: Window, onRoute: (url: string) => void, last = win.location.href): () => void {
  let active = true;
  const check = (): void => {
    const url = win.location.href;
    if (url !== last && active) onRoute((last = url));
  };
  check();
  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  if (typeof navigation?.addEventListener == "function") {
    navigation.addEventListener("navigatesuccess", check);
    return () => navigation.removeEventListener("navigatesuccess", check);
  }
  const history = win.history;
  const names: Method[] = ["pushState", "replaceState"];
  const originals = names.map((name) => history[name]);
  const wrapped = names.map((name, i) => {
    const original = originals[i]!;
    return (history[name] = function (this: History, ...args: Parameters<History[Method]>) {
      const result = original.apply(this, args);
      check();
      return result;
    });
  });
  win.addEventListener("popstate", check);
  return () => {
    active = false;
    win.removeEventListener("popstate", check);
    names.map((name, i) => history[name] === wrapped[i] && (history[name] = originals[i]!));
  };
}
