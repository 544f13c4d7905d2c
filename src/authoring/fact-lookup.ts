/**
 * Finds a fact path in the context's shape (fact-catalogue.ts plus the file's
 * own `facts`), and when it is not there, the fact that was most likely
 * meant: a known other name (`utm_source` → `campaign.source`), then a
 * spelling or case slip of a key at the place it went wrong
 * (`campaign.Medium` → `campaign.medium`).
 */
import { FACT_ALIASES, type FactShape } from "./fact-catalogue.js";
import { closestName, type SuggestBudget } from "./suggest.js";

/** A fact anything may be: a host object open to any key, or a declaration too broken to read. */
export const ANY_FACT: FactShape = { type: "object", open: true };

export type Lookup =
  | { found: FactShape; neverSet?: string; open?: boolean }
  | {
      /** The index of the first segment that is not there. */
      missingAt: number;
      /** The shape that lacks it (the root for an unknown top-level key). */
      parent: FactShape;
      /** The path that was meant, when one is close. */
      meant?: string;
    };

const INDEX = /^(?:0|[1-9][0-9]*)$/;

/** A copy of `segments` with the one at `at` replaced, joined back into a path. */
function replaced(segments: readonly string[], at: number, key: string): string {
  return [...segments.slice(0, at), key, ...segments.slice(at + 1)].join(".");
}

// The most segments a known other name has: longer prefixes are never looked up, so this stays linear.
const ALIAS_SEGMENTS = Math.max(...Object.keys(FACT_ALIASES).map((name) => name.split(".").length));

/** The known other name of `segments` (whole, or the part up to the slip), with the rest appended. */
function alias(segments: readonly string[], upTo: number): string | undefined {
  for (let end = Math.min(segments.length, ALIAS_SEGMENTS); end > upTo; end--) {
    const meant = FACT_ALIASES[segments.slice(0, end).join(".")];
    if (meant !== undefined) return [meant, ...segments.slice(end)].join(".");
  }
  return undefined;
}

/**
 * Where `path` leads in `root`. An open object (`user` without `facts`)
 * accepts any key, except one that differs from a known key only in case.
 */
export function lookupFact(path: string, root: FactShape, budget: SuggestBudget): Lookup {
  const segments = path.split(".");
  let shape = root;
  let neverSet: string | undefined;
  for (let at = 0; at < segments.length; at++) {
    const segment = segments[at] as string;
    neverSet ??= shape.neverSet;
    const keys = shape.keys ?? {};
    let next: FactShape | undefined;
    if (shape.type === "list") next = INDEX.test(segment) ? shape.each : undefined;
    else if (shape.type === "object") next = Object.prototype.hasOwnProperty.call(keys, segment) ? keys[segment] : shape.each;
    if (next === undefined && shape.type === "object" && shape.open) {
      const slip = Object.keys(keys).find((key) => key.toLowerCase() === segment.toLowerCase());
      if (slip === undefined) return neverSet === undefined ? { found: ANY_FACT, open: true } : { found: ANY_FACT, open: true, neverSet };
      return { missingAt: at, parent: shape, meant: replaced(segments, at, slip) };
    }
    if (next === undefined) {
      const close = shape.type === "object" ? closestName(segment, Object.keys(keys), budget) : undefined;
      const meant = alias(segments, at) ?? (close === undefined ? undefined : replaced(segments, at, close));
      return meant === undefined ? { missingAt: at, parent: shape } : { missingAt: at, parent: shape, meant };
    }
    shape = next;
  }
  neverSet ??= shape.neverSet;
  return neverSet === undefined ? { found: shape } : { found: shape, neverSet };
}
