/**
 * The checks on one score that a schema cannot say in words: its name (read
 * as `scores.NAME`), each signal's kind (an event or a condition), event
 * names, points, the cap and the half-life. Conditions are checked like a
 * slot's. Faults go to `context.faults`; places reported here are added to
 * `context.handled`, so the structure check does not repeat them.
 */
import { NAME_PATTERN } from "./schema.js";
import { EVENT_NAME_PATTERN } from "../runtime/visitor.js";
import type { PathSegment } from "../core/faults.js";
import { formatPath } from "../core/faults.js";
import { describeValue, hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { scanCondition, type AudienceUse, type ScanContext } from "./parse-conditions.js";
import { checkDuration } from "./parse-duration.js";
import { closestName } from "./suggest.js";

export interface PersonalScanContext extends ScanContext {
  handled: Set<string>;
}

/** A signal's event name and where it is written (for the near-miss check across the file). */
export interface EventUse {
  name: string;
  path: PathSegment[];
}

export interface ScoreScan {
  uses: AudienceUse[];
  events: EventUse[];
}

const FORBIDDEN_EVENT_NAMES = ["__proto__", "constructor", "prototype"];

function report(context: PersonalScanContext, fault: RawFault | undefined): void {
  if (fault === undefined) return;
  context.faults.push(fault);
  if (fault.severity === "error") context.handled.add(formatPath(fault.path));
}

/** BAD_POINTS for `points` or `cap` when it is not a number above 0. */
export function checkPositive(raw: unknown, path: PathSegment[]): RawFault | undefined {
  if (typeof raw === "number" && Number.isFinite(raw) && raw > 0) return undefined;
  const key = String(path[path.length - 1]);
  const message = `${quote(key)} must be a number above 0, but it is ${describeValue(raw)}`;
  let hint: string | undefined;
  if (typeof raw === "string" && raw.trim() !== "" && Number.isFinite(Number(raw)) && Number(raw) > 0) hint = `write ${raw.trim()} without quotes`;
  else if (key === "cap") hint = "the cap is the highest the score goes, e.g. 100";
  else if (typeof raw === "number" && raw < 0) hint = "a signal can only raise a score; a score falls by its 'halfLife'";
  else if (raw === 0) hint = "a signal of 0 points does nothing; remove it";
  return error("BAD_POINTS", path, message, hint);
}

function checkEvent(raw: unknown, path: PathSegment[], context: PersonalScanContext, scan: ScoreScan): void {
  if (typeof raw !== "string") return;
  if (FORBIDDEN_EVENT_NAMES.includes(raw)) {
    report(context, error("BAD_EVENT_NAME", path, `${quote(raw)} cannot be an event name`, "'__proto__', 'constructor' and 'prototype' are reserved by JavaScript"));
    return;
  }
  if (!EVENT_NAME_PATTERN.test(raw)) {
    const fixed = raw.trim().replace(/[^A-Za-z0-9_-]+/g, "_").slice(0, 64);
    const message =
      raw === ""
        ? "the event name is empty"
        : raw.length > 64
          ? `event name ${quote(raw)} is longer than 64 characters`
          : `event name ${quote(raw)} may only use letters, digits, '_' and '-'`;
    const hint = raw === "" ? "write the name the page tracks, e.g. 'pricing_page_viewed'" : fixed !== "" && fixed !== raw ? `the page tracks it as ${quote(fixed)}; write that` : undefined;
    report(context, error("BAD_EVENT_NAME", path, message, hint));
    return;
  }
  scan.events.push({ name: raw, path });
}

function scanSignal(signal: Record<string, unknown>, path: PathSegment[], context: PersonalScanContext, scan: ScoreScan): void {
  const hasEvent = hasOwn(signal, "event");
  const hasWhen = hasOwn(signal, "when");
  if (hasEvent && hasWhen) {
    context.faults.push(
      error("BAD_SIGNAL", path, "a signal has either 'event' or 'when', but this one has both", "split it into two signals, one for the event and one for the condition"),
    );
  } else if (!hasEvent && !hasWhen) {
    // A misspelt 'event' or 'when' is reported as an unknown key with its fix; "has neither" would say it twice.
    const misspelt = Object.keys(signal).some((key) => key !== "once" && key !== "points" && closestName(key, ["event", "when"], context.budget) !== undefined);
    if (!misspelt) {
      context.faults.push(
        error(
          "MISSING_KEY",
          path,
          "the signal has no 'event' and no 'when'",
          'add "event": "NAME" to add points each time the page tracks that event, or "when": { … } to add them when a condition holds',
        ),
      );
    }
  }
  if (hasEvent && hasOwn(signal, "once")) {
    report(context, error("BAD_SIGNAL", [...path, "once"], "'once' applies only to a signal with 'when'", "remove it: each tracked event adds its points"));
  }
  if (hasEvent) checkEvent(signal["event"], [...path, "event"], context, scan);
  if (hasWhen) for (const use of scanCondition(signal["when"], [...path, "when"], context).uses) scan.uses.push(use);
  if (hasOwn(signal, "points")) report(context, checkPositive(signal["points"], [...path, "points"]));
}

/** Checks the score `name` written as `raw` (see the module comment). */
export function scanScore(name: string, raw: unknown, path: PathSegment[], context: PersonalScanContext): ScoreScan {
  const scan: ScoreScan = { uses: [], events: [] };
  if (name === "") context.faults.push(error("EMPTY", path, "the score name is empty", "give the score a name, such as 'intent': rules read it as scores.NAME"));
  else if (!NAME_PATTERN.test(name)) {
    const fixed = name.trim().replace(/[^A-Za-z0-9_-]+/g, "_");
    context.faults.push(
      error("BAD_NAME", path, `score name ${quote(name)} may only use letters, digits, '_' and '-'`, `rules read it as scores.NAME; call it ${quote(fixed || "intent")}`),
    );
  }
  if (!isPlainObject(raw)) return scan;
  const signals = raw["signals"];
  if (Array.isArray(signals)) {
    signals.forEach((signal, index) => {
      if (isPlainObject(signal)) scanSignal(signal, [...path, "signals", index], context, scan);
    });
  }
  if (hasOwn(raw, "cap")) report(context, checkPositive(raw["cap"], [...path, "cap"]));
  if (hasOwn(raw, "halfLife")) report(context, checkDuration(raw["halfLife"], [...path, "halfLife"], context.budget));
  return scan;
}
