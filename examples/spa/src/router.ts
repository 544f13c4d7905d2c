/**
 * A client-side router of a few lines: links marked `data-link` change the
 * route with `history.pushState` instead of loading a page, and the back and
 * forward buttons (`popstate`) show the route of the new address. Slotwise
 * needs nothing from it: it notices the route change by itself and
 * re-decides the slots that read `page.path`.
 */

/** One page of the app. */
export interface Route {
  readonly path: string;
  /** The document title on this route. */
  readonly title: string;
  /** The route's markup: written by the app's authors, so trusted. */
  readonly html: string;
}

export interface Router {
  /** Goes to `path` (a new history entry) and shows its route. */
  go(path: string): void;
  /** Shows the route of the current address; call once at start. */
  start(): void;
}

/**
 * @param outlet - where the current route's markup goes
 * @param routes - the app's routes; an unknown path shows the first one
 * @param onRoute - called after each route is shown (page views, tracking)
 */
export function createRouter(outlet: HTMLElement, routes: readonly Route[], onRoute: (route: Route) => void): Router {
  function show(): void {
    const route = routes.find((candidate) => candidate.path === location.pathname) ?? routes[0];
    if (!route) return;
    document.title = route.title;
    outlet.innerHTML = route.html;
    for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[data-link]"))) {
      if (link.pathname === route.path) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    onRoute(route);
  }

  function go(path: string): void {
    if (path === location.pathname) return;
    history.pushState(null, "", path);
    show();
  }

  document.addEventListener("click", (event) => {
    // Modified clicks (new tab, new window) keep the browser's own behaviour.
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-link]") : null;
    if (!link || link.origin !== location.origin) return;
    event.preventDefault();
    go(link.pathname);
  });
  window.addEventListener("popstate", show);

  return { go, start: show };
}
