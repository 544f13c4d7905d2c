/**
 * The page's two plain channels, shared by exposures and next best actions:
 * a CustomEvent on the document, and a push onto a tag manager's
 * `window.dataLayer`.
 */

/** The part of `window` used here. */
export interface DataLayerWindow {
  dataLayer?: unknown;
}

/** Dispatches the CustomEvent `name` on `target` (the document), its `detail` a copy of `payload`. */
export function dispatchPageEvent(target: EventTarget, name: string, payload: object): void {
  // A copy per dispatch: a listener that edits the detail cannot change what the others or the beacon see.
  target.dispatchEvent(new CustomEvent(name, { detail: JSON.parse(JSON.stringify(payload)) as unknown }));
}

/**
 * Pushes `{ event, ...payload }` onto `win.dataLayer`, creating it when the
 * page has none yet (GTM reads pushes made before it loaded). A `dataLayer`
 * that is not an array (another tool's) is left alone: `false`.
 */
export function pushToDataLayer(win: DataLayerWindow, event: string, payload: object): boolean {
  win.dataLayer ??= [];
  const layer = win.dataLayer as { push?: unknown };
  if (typeof layer.push !== "function") return false;
  (layer.push as (item: unknown) => void)({ event, ...JSON.parse(JSON.stringify(payload)) });
  return true;
}
