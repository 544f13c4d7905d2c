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
export function watchNavigation(win: Window, onRoute: (url: string) => void): () => void {
  let last = win.location.href;
  const check = (): void => {
    const url = win.location.href;
    if (url === last) return;
    last = url;
    onRoute(url);
  };

  const navigation = (win as Window & { navigation?: EventTarget }).navigation;
  if (navigation && typeof navigation.addEventListener === "function") {
    navigation.addEventListener("navigatesuccess", check);
    return () => navigation.removeEventListener("navigatesuccess", check);
  }

  let active = true;
  const history = win.history;
  const originals = { pushState: history.pushState, replaceState: history.replaceState };
  const wrapped = {
    pushState: wrap(originals.pushState),
    replaceState: wrap(originals.replaceState),
  };
  function wrap(original: History["pushState"]): History["pushState"] {
    return function (this: History, ...args: Parameters<History["pushState"]>) {
      const result = original.apply(this, args);
      if (active) check();
      return result;
    };
  }
  history.pushState = wrapped.pushState;
  history.replaceState = wrapped.replaceState;
  win.addEventListener("popstate", check);

  return () => {
    active = false;
    win.removeEventListener("popstate", check);
    if (history.pushState === wrapped.pushState) history.pushState = originals.pushState;
    if (history.replaceState === wrapped.replaceState) history.replaceState = originals.replaceState;
  };
}
