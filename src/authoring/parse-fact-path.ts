/**
 * Faults in a fact path (`"fact": "geo.city"`), with the fix spelled out when
 * the author evidently meant a plain dotted path: `geo["city"]`, `$.geo.city`,
 * `geo..city` and `geo.city.` all mean 'geo.city'.
 */
import { FACT_PATH_PATTERN, FORBIDDEN_KEYS } from "./schema.js";
import type { PathSegment } from "../core/faults.js";
import { quote } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { MAX_FACT_SEGMENTS } from "./limits.js";

const GENERAL_HINT = "a fact is keys joined by dots, such as 'geo.city'; keys use letters, digits, '_', '-' and '$'";

// Rewrites are tried only on paths of a sane length: the bracket patterns
// below would cost quadratic time on a hostile megabyte of '['.
const FIXABLE_LENGTH = 200;

/** The plain dotted path `written` evidently means, if there is one. */
export function plainFactPath(written: string): string | undefined {
  if (written.length > FIXABLE_LENGTH) return undefined;
  const fixed = written
    .trim()
    .replace(/^\$(?=\.|\[|$)/, "")
    .replace(/\[\s*"([^"\]]*)"\s*\]/g, ".$1")
    .replace(/\[\s*'([^'\]]*)'\s*\]/g, ".$1")
    .replace(/\[\s*([0-9]+)\s*\]/g, ".$1")
    .replace(/\s*\.\s*/g, ".")
    .replace(/\.{2,}/g, ".")
    .replace(/^\.+|\.+$/g, "");
  return fixed !== written && FACT_PATH_PATTERN.test(fixed) ? fixed : undefined;
}

/**
 * The fault of the fact path `written` at `path`, or `undefined` when it is a
 * plain dotted path of allowed keys.
 */
export function checkFactPath(written: string, path: PathSegment[]): RawFault | undefined {
  if (written === "") return error("BAD_FACT_PATH", path, "'fact' is empty", "write a dotted path into the context, such as 'geo.city'");
  // Counted first, and only up to the cap: every later check of the path is then bounded.
  if (written.split(".", MAX_FACT_SEGMENTS + 1).length > MAX_FACT_SEGMENTS) {
    return error(
      "BAD_FACT_PATH",
      path,
      `fact ${quote(written.slice(0, 40) + "…")} has more than ${MAX_FACT_SEGMENTS} dotted parts`,
      `a fact path has at most ${MAX_FACT_SEGMENTS} parts, such as 'geo.city' (2)`,
    );
  }
  if (!FACT_PATH_PATTERN.test(written)) {
    const fixed = plainFactPath(written);
    return error(
      "BAD_FACT_PATH",
      path,
      `fact ${quote(written)} is not a plain dotted path`,
      fixed === undefined ? GENERAL_HINT : `write it as ${quote(fixed)}`,
    );
  }
  const forbidden = written.split(".").find((key) => FORBIDDEN_KEYS.includes(key));
  if (forbidden !== undefined) {
    return error(
      "FORBIDDEN_KEY",
      path,
      `fact ${quote(written)} uses ${quote(forbidden)}, which is not allowed`,
      "'__proto__', 'constructor' and 'prototype' are reserved by JavaScript and never name a fact",
    );
  }
  return undefined;
}
