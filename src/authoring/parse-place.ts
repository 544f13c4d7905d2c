/**
 * What a path in a rule file points at (a slot, a rule, a condition, a field),
 * so a fault can name it: "slot 'offer' must be a list of rules", "'when' must
 * be an object".
 */
import type { PathSegment } from "../core/faults.js";
import { quote } from "./parse-describe.js";

export type Place =
  | { kind: "file" }
  | { kind: "section"; key: "audiences" | "slots" | "variants" | "scores" | "stages" | "actions" }
  | { kind: "slot"; name: string }
  | { kind: "rule" }
  /** `role`: the whole audience, a rule's `when`, the inside of a `not`, or an item of `all` / `any`. */
  | { kind: "condition"; role: "audience" | "when" | "not" | "item"; name: string }
  | { kind: "conditionList"; key: "all" | "any" }
  | { kind: "variant"; id: string }
  | { kind: "field"; key: string }
  /** The `value` of a fact condition, or one item of it when it is a list. */
  | { kind: "value" }
  | { kind: "valueItem" }
  | { kind: "score"; name: string }
  | { kind: "signal" }
  | { kind: "stage" }
  | { kind: "action" }
  | { kind: "channel" }
  /** One value of an action's `params`. */
  | { kind: "param"; key: string }
  | { kind: "other" };

const SECTIONS = ["audiences", "slots", "variants", "scores", "stages", "actions"] as const;
type Section = (typeof SECTIONS)[number];

function isSection(key: unknown): key is Section {
  return (SECTIONS as readonly unknown[]).includes(key);
}

// A field of an object, or a condition when the field is `when`.
function fieldOrWhen(path: readonly PathSegment[], at: number): Place {
  const key = path[at];
  if (key === "when") return placeInCondition(path, at + 1, "when", "");
  return path.length === at + 1 && typeof key === "string" ? { kind: "field", key } : { kind: "other" };
}

/** Places under `stages` and `actions` (lists of rules) and `scores`. */
function placeInPersonal(path: readonly PathSegment[]): Place {
  const [section, second, third, fourth] = path;
  if (section === "scores") {
    if (typeof second !== "string") return { kind: "other" };
    if (path.length === 2) return { kind: "score", name: second };
    if (third !== "signals" || path.length === 3) return path.length === 3 && typeof third === "string" ? { kind: "field", key: third } : { kind: "other" };
    if (typeof fourth !== "number") return { kind: "other" };
    return path.length === 4 ? { kind: "signal" } : fieldOrWhen(path, 4);
  }
  if (typeof second !== "number") return { kind: "other" };
  if (path.length === 2) return section === "stages" ? { kind: "stage" } : { kind: "action" };
  if (section === "actions" && third === "channel") {
    if (path.length === 3) return { kind: "channel" };
    return path.length === 4 && typeof fourth === "string" ? { kind: "field", key: fourth } : { kind: "other" };
  }
  if (section === "actions" && third === "params" && path.length === 4 && typeof fourth === "string") return { kind: "param", key: fourth };
  return fieldOrWhen(path, 2);
}

function placeInCondition(path: readonly PathSegment[], from: number, role: "audience" | "when", name: string): Place {
  let place: Place = { kind: "condition", role, name };
  for (let index = from; index < path.length; index++) {
    const segment = path[index];
    switch (place.kind) {
      case "condition":
        if (segment === "all" || segment === "any") place = { kind: "conditionList", key: segment };
        else if (segment === "not") place = { kind: "condition", role: "not", name: "" };
        else if (segment === "value") place = { kind: "value" };
        else if (typeof segment === "string") place = { kind: "field", key: segment };
        else return { kind: "other" };
        break;
      case "conditionList":
        place = typeof segment === "number" ? { kind: "condition", role: "item", name: "" } : { kind: "other" };
        break;
      case "value":
        place = typeof segment === "number" ? { kind: "valueItem" } : { kind: "other" };
        break;
      default:
        return { kind: "other" };
    }
  }
  return place;
}

/** What `path` (from the root of the file) points at. */
export function placeOf(path: readonly PathSegment[]): Place {
  const [section, name, third, fourth] = path;
  if (path.length === 0) return { kind: "file" };
  if (path.length === 1) return isSection(section) ? { kind: "section", key: section } : { kind: "field", key: String(section) };
  if (section === "scores" || section === "stages" || section === "actions") return placeInPersonal(path);
  if (typeof name !== "string") return { kind: "other" };
  if (section === "audiences") return placeInCondition(path, 2, "audience", name);
  if (section === "variants") {
    if (path.length === 2) return { kind: "variant", id: name };
    return path.length === 3 && typeof third === "string" ? { kind: "field", key: third } : { kind: "other" };
  }
  if (section === "slots") {
    if (path.length === 2) return { kind: "slot", name };
    if (typeof third !== "number") return { kind: "other" };
    if (path.length === 3) return { kind: "rule" };
    if (fourth === "when") return placeInCondition(path, 4, "when", "");
    return path.length === 4 && typeof fourth === "string" ? { kind: "field", key: fourth } : { kind: "other" };
  }
  return { kind: "other" };
}

/** How a sentence names the thing at a place: "slot 'offer'", "'when'", "a rule". */
export function subjectOf(place: Place): string {
  switch (place.kind) {
    case "file":
      return "the rules";
    case "section":
      return quote(place.key);
    case "slot":
      return `slot ${quote(place.name)}`;
    case "rule":
      return "a rule";
    case "condition":
      if (place.role === "audience") return `audience ${quote(place.name)}`;
      if (place.role === "when") return "'when'";
      if (place.role === "not") return "'not'";
      return "a condition";
    case "conditionList":
      return quote(place.key);
    case "variant":
      return `variant ${quote(place.id)}`;
    case "field":
      return quote(place.key);
    case "value":
      return "'value'";
    case "valueItem":
      return "an item of 'value'";
    case "score":
      return `score ${quote(place.name)}`;
    case "signal":
      return "a signal";
    case "stage":
      return "a stage";
    case "action":
      return "an action rule";
    case "channel":
      return "'channel'";
    case "param":
      return `param ${quote(place.key)}`;
    case "other":
      return "this";
  }
}
