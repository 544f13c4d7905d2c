/**
 * The geo adapter (npm only): a URL answering JSON `{ country, region?, city }`,
 * or a function resolving to that. The store asks it once per visit (with
 * consent only), within `timeout`; its answer fills `geo.*` where the host gave nothing.
 *
 * @example createSlotwise({ rules, plugins: [geo("/api/geo")] })
 */
import { geoFromUrl, type GeoLookup } from "../runtime/glue.js";
import type { Plugin } from "../runtime/plugin.js";

export const geo =
  (source: string | GeoLookup): Plugin =>
  (sw) => {
    const get = sw.options.fetch ?? sw.platform.fetch;
    if (typeof source === "function") sw.geo = source;
    else if (get) sw.geo = geoFromUrl(source, get as Parameters<typeof geoFromUrl>[1]);
  };
