/** Moved to src/runtime/geo.ts. */
export { geoFromUrl, type FetchLike, type GeoLookup } from "../../runtime/geo.js";
