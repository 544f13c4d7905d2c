/**
 * Tells Slotwise when a single-page app changes route, so `page.*` facts are
 * refreshed and slots re-decided.
 *
 * Where the Navigation API exists (Chromium 102+) one `navigatesuccess`
 * listener sees every same-document navigation, whatever started it. Elsewhere
 * history.pushState/replaceState are wrapped (there is no event for them) and
 * `popstate` covers back/forward. Wrapping is undone on stop, unless someone
 * wrapped them again after us, in which case ours stays in place but goes quiet
 * (unwrapping would drop their wrapper).
 */
type Method = "pushState" | "replaceState";

export function watchNavigation(win: Window, onRoute: (url: string) => void): () => void {
  let last = win.location.href;
  const check = (): void => {
    const url = win.location.href;
    if (url !== last) onRoute((last = url));
  };

  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  if (typeof navigation?.addEventListener == "function") {
    navigation.addEventListener("navigatesuccess", check);
    return () => navigation.removeEventListener("navigatesuccess", check);
  }

  let active = true;
  const history = win.history;
  const names: Method[] = ["pushState", "replaceState"];
  const originals = names.map((name) => history[name]);
  const wrapped = originals.map(
    (original) =>
      function (this: History, ...args: Parameters<History[Method]>) {
        const result = original.apply(this, args);
        if (active) check();
        return result;
      },
  );
  names.map((name, i) => (history[name] = wrapped[i]!));
  win.addEventListener("popstate", check);

  return () => {
    active = false;
    win.removeEventListener("popstate", check);
    names.map((name, i) => history[name] === wrapped[i] && (history[name] = originals[i]!));
  };
}
