/**
 * Every fact path the context is known to hold, written out for editors: the
 * JSON Schema offers them as completions of `"fact"`. Names the file chooses
 * stand as NAME (`events.NAME.count`, `scores.NAME`), a query key as KEY and
 * a list item as 0 (`recentEvents.0.name`).
 */
import { computedShapes, HOST_BASE, type FactShape } from "./fact-catalogue.js";

function collect(prefix: string, shape: FactShape, out: string[]): void {
  const keys = Object.entries(shape.keys ?? {});
  const each = shape.each;
  // A list is read whole (`segments contains …`) and by item; a keyed object only through its keys.
  if (shape.type === "list" || (keys.length === 0 && each === undefined)) out.push(prefix);
  for (const [key, child] of keys) collect(`${prefix}.${key}`, child, out);
  if (each === undefined || (shape.type === "list" && each.keys === undefined)) return;
  collect(`${prefix}.${shape.type === "list" ? "0" : prefix.endsWith(".query") ? "KEY" : "NAME"}`, each, out);
}

/** The known fact paths, in the order of the README's context table. */
export function knownFactPaths(): string[] {
  const out: string[] = [];
  const shapes = computedShapes({ scores: ["NAME"], stages: ["NAME"], actions: ["NAME"], actionRules: ["NAME"], audiences: [] });
  for (const [top, shape] of Object.entries(shapes)) collect(top, shape, out);
  for (const [top, keys] of Object.entries(HOST_BASE)) for (const key of Object.keys(keys)) out.push(`${top}.${key}`);
  return out.filter((path) => !path.includes(".props"));
}
