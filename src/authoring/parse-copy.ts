/**
 * The first step of parsing: a private, plain copy of the input. Everything
 * after it reads only this copy, so getters, proxies, prototypes and shared or
 * circular references in a hand-built object cannot reach the checks, and
 * nothing the checks do can reach the caller's object.
 *
 * While copying it refuses what must never be read as data: the keys
 * `__proto__`, `constructor` and `prototype` (JSON.parse makes `__proto__` an
 * own key), nesting deeper than MAX_NESTING and more than MAX_VALUES values.
 *
 * The authoring copy of core/parse-copy.ts (which the runtime reads with):
 * the same copy, but the place of each key is recorded only for the objects
 * that lost a key on the way (parse-order.ts reads the others' own order), so
 * a large file is copied without a Map per object.
 */
import { FORBIDDEN_KEYS } from "../core/format.js";
import type { PathSegment } from "../core/faults.js";
import { isPlainObject, quote } from "../core/parse-describe.js";
import { MAX_NESTING, MAX_VALUES } from "../core/parse-limits.js";
import type { RawFault } from "./parse-fault.js";

export interface InputCopy {
  /** The copy: plain objects, arrays and primitives only. */
  value: unknown;
  faults: RawFault[];
  /** Paths already explained by a fault here; later faults at or under them are dropped. */
  explained: PathSegment[][];
  /**
   * Where each key stood in its object, forbidden keys included, for the
   * objects that left a key out; in the others the copy's own key order is the file's.
   */
  keyOrder: WeakMap<object, Map<string, number>>;
  /** Set when the input has more than MAX_VALUES values: nothing of it can be used. */
  tooLarge: boolean;
}

// A described symbol stands in for what JSON cannot hold (functions, Dates,
// Maps, unreadable properties): every schema refuses a symbol, and the
// description is what the fault sentence calls it.
function standIn(description: string): symbol {
  return Symbol(description);
}

// Paths are built only when a fault needs one: each node links to its parent.
interface PathLink {
  parent: PathLink | null;
  segment: PathSegment;
}

function toPath(link: PathLink | null): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at = link; at !== null; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/** Copies `input` (see the module comment). Never throws. */
export function copyInput(input: unknown): InputCopy {
  const faults: RawFault[] = [];
  const explained: PathSegment[][] = [];
  const keyOrder = new WeakMap<object, Map<string, number>>();
  let values = 0;
  let tooLarge = false;

  const copyObject = (value: object, link: PathLink | null, level: number): unknown => {
    if (level > MAX_NESTING) {
      const path = toPath(link);
      faults.push({
        severity: "error",
        code: "TOO_DEEP",
        path,
        message: `this is nested more than ${MAX_NESTING} levels deep`,
        hint: "a rule file never needs this much nesting; flatten it",
      });
      explained.push(path);
      return null;
    }
    if (Array.isArray(value)) {
      const length = value.length;
      const out: unknown[] = [];
      for (let index = 0; index < length && !tooLarge; index++) {
        out.push(copy(value[index], { parent: link, segment: index }, level + 1));
      }
      return out;
    }
    if (!isPlainObject(value)) {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      return standIn(`a ${tag} object`);
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    let leftOut = false;
    for (let index = 0; index < keys.length && !tooLarge; index++) {
      const key = keys[index] as string;
      const at: PathLink = { parent: link, segment: key };
      if (FORBIDDEN_KEYS.includes(key)) {
        leftOut = true;
        const path = toPath(at);
        faults.push({
          severity: "error",
          code: "FORBIDDEN_KEY",
          path,
          message: `${quote(key)} is not allowed as a key`,
          hint: "'__proto__', 'constructor' and 'prototype' are reserved by JavaScript; use another name",
        });
        explained.push(path);
        continue;
      }
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch {
        out[key] = standIn("a value that could not be read");
        continue;
      }
      // JSON has no `undefined`: a key holding it is a key left out.
      if (item === undefined) {
        leftOut = true;
        continue;
      }
      // Safe as a plain assignment: the keys that could reach a prototype were skipped above.
      out[key] = copy(item, at, level + 1);
    }
    if (leftOut) keyOrder.set(out, new Map(keys.map((key, index) => [key, index])));
    return out;
  };

  const copy = (value: unknown, link: PathLink | null, level: number): unknown => {
    if (tooLarge) return null;
    if (++values > MAX_VALUES) {
      tooLarge = true;
      return null;
    }
    if (typeof value === "function") return standIn("a function");
    if (typeof value === "symbol") return standIn("a symbol");
    if (typeof value !== "object" || value === null) return value;
    try {
      return copyObject(value, link, level);
    } catch {
      // A proxy whose traps throw (ownKeys, getPrototypeOf, a revoked one).
      return standIn("a value that could not be read");
    }
  };

  const value = copy(input, null, 1);
  return { value, faults, explained, keyOrder, tooLarge };
}
