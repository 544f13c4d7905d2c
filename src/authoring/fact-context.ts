/**
 * The shape of the whole context one rule file is checked against: the facts
 * Slotwise computes (named after the file's scores, stages, actions and
 * audiences), the host facts Slotwise fills in (`user.id`, the geo adapter's
 * `geo.*`), and the file's declared `facts`. Without `facts`, `user` and
 * `geo` stay open to any key, as the site may set anything there.
 */
import { isPlainObject } from "./parse-describe.js";
import { computedShapes, HOST_BASE, type FactShape, type FileNames } from "./fact-catalogue.js";

function namesIn(list: unknown, key: string): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => (isPlainObject(item) && typeof item[key] === "string" ? [item[key] as string] : []));
}

/** What the file `root` names: its scores, stages, actions and audiences. */
export function fileNames(root: Record<string, unknown>): FileNames {
  const keysOf = (value: unknown) => (isPlainObject(value) ? Object.keys(value) : []);
  return {
    scores: keysOf(root["scores"]),
    stages: namesIn(root["stages"], "name"),
    actions: namesIn(root["actions"], "action"),
    actionRules: namesIn(root["actions"], "name"),
    audiences: keysOf(root["audiences"]),
  };
}

// Puts `shape` at `path` in `top`, making the objects on the way (a declared leaf replaces what was there).
function place(top: Record<string, FactShape>, segments: readonly string[], shape: FactShape): void {
  const [first, ...rest] = segments;
  if (first === undefined) return;
  if (rest.length === 0) {
    top[first] = shape;
    return;
  }
  const existing = top[first];
  const keys: Record<string, FactShape> = existing?.type === "object" ? { ...existing.keys } : {};
  place(keys, rest, shape);
  top[first] = { type: "object", keys };
}

/** The context's shape for the file `root`, with its declared facts (`undefined`: none declared). */
export function contextShape(root: Record<string, unknown>, declared: ReadonlyMap<string, FactShape> | undefined): FactShape {
  const keys: Record<string, FactShape> = computedShapes(fileNames(root));
  for (const [top, base] of Object.entries(HOST_BASE)) keys[top] = { type: "object", keys: { ...base }, open: declared === undefined };
  for (const [path, shape] of declared ?? []) place(keys, path.split("."), shape);
  return { type: "object", keys };
}
