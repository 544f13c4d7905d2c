/**
 * Lists faults in the order their places appear in the file, so a marketer
 * reads them top to bottom however the checks happened to find them. A fault
 * about an object comes before the faults inside it.
 */
import type { PathSegment } from "../core/faults.js";
import { hasOwn, isPlainObject } from "./parse-describe.js";
import type { RawFault } from "./parse-fault.js";

/** Where each step of `path` stands in its object or list. */
function positions(root: unknown, path: readonly PathSegment[], keyOrder: WeakMap<object, Map<string, number>>): number[] {
  const out: number[] = [];
  let at: unknown = root;
  for (const segment of path) {
    if (typeof segment === "number") {
      out.push(segment);
      at = Array.isArray(at) ? at[segment] : undefined;
    } else {
      // An object the copy recorded no order for keeps the file's own: it is read (once) on demand.
      let order = typeof at === "object" && at !== null ? keyOrder.get(at) : undefined;
      if (order === undefined && isPlainObject(at)) {
        order = new Map(Object.keys(at).map((key, index) => [key, index]));
        keyOrder.set(at, order);
      }
      out.push(order?.get(segment) ?? Number.MAX_SAFE_INTEGER);
      at = isPlainObject(at) && hasOwn(at, segment) ? at[segment] : undefined;
    }
  }
  return out;
}

/** `faults` sorted in file order (stable: faults at one place keep the order they were found in). */
export function inFileOrder(faults: readonly RawFault[], root: unknown, keyOrder: WeakMap<object, Map<string, number>>): RawFault[] {
  const keyed = faults.map((fault) => ({ fault, at: positions(root, fault.path, keyOrder) }));
  keyed.sort((a, b) => {
    const length = Math.min(a.at.length, b.at.length);
    for (let index = 0; index < length; index++) {
      const difference = (a.at[index] as number) - (b.at[index] as number);
      if (difference !== 0) return difference;
    }
    return a.at.length - b.at.length;
  });
  return keyed.map((entry) => entry.fault);
}
