/**
 * `readRuleSet`: the runtime's face of rule-file validation. It accepts
 * exactly the pieces `parseRuleSet` accepts and gives the same rule set
 * (test/read-rules.test.ts proves it on the fixtures and a generated corpus),
 * but carries no zod and no sentences: a fault is a code and a path. What a
 * marketer reads comes from the authoring tools (`slotwise check`, the
 * debugger), which run `parseRuleSet` on the same file.
 *
 * One broken piece never takes the others down: a slot with a fault is named
 * in `invalidSlots`, a broken audience or variant takes down only the slots
 * that use it. `value` is `null` only when nothing can be used.
 */
import { SUPPORTED_VERSIONS } from "../format.js";
import type { PathSegment } from "../faults.js";
import { copyInput } from "../parse-copy.js";
import { hasOwn, isPlainObject } from "../parse-describe.js";
import { markParsed } from "../parsed.js";
import { createSuggestBudget } from "../suggest.js";
import type { ActionRule, Condition, Rule, RuleSet, Score, Stage, Variant } from "../types.js";
import { expandedDepth, readAudienceGraph, type AudienceNode } from "./audience-graph.js";
import { readCondition, type ConditionRead } from "./read-condition.js";
import { readActions, readScore, readStages } from "./read-personal.js";
import { readSlotRules, readVariant, type SlotRead } from "./read-pieces.js";
import { fail, type ReadFault, type Reader } from "./reader.js";

// `facts` declares host facts for `slotwise check` alone: accepted, never read.
const FILE_KEYS = ["$schema", "version", "audiences", "slots", "variants", "scores", "stages", "actions", "facts"];

export interface ReadResult {
  /** True when the file has no fault at all. */
  ok: boolean;
  value: RuleSet | null;
  faults: ReadFault[];
}

const unusable = (code: ReadFault["code"]): ReadResult => ({ ok: false, value: null, faults: [{ code, path: [] }] });

/** Reads a rule file (JSON text or the value it parses to). Never throws. */
export function readRuleSet(input: unknown): ReadResult {
  try {
    return read(input);
  } catch {
    return unusable("WRONG_TYPE");
  }
}

function read(input: unknown): ReadResult {
  let data = input;
  if (typeof input === "string") {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    try {
      data = JSON.parse(text);
    } catch {
      return unusable("NOT_JSON");
    }
  }
  const copy = copyInput(data);
  if (copy.tooLarge) return unusable("TOO_DEEP");
  const root = copy.value;
  if (!isPlainObject(root)) return unusable("NOT_AN_OBJECT");
  if (!hasOwn(root, "version") || !(SUPPORTED_VERSIONS as readonly unknown[]).includes(root["version"])) {
    return unusable(typeof root["version"] === "number" ? "UNSUPPORTED_VERSION" : "MISSING_KEY");
  }
  const faults: ReadFault[] = copy.faults.filter((f) => f.severity === "error").map((f) => ({ code: f.code, path: f.path }));
  for (const key of Object.keys(root)) if (!FILE_KEYS.includes(key)) faults.push({ code: "UNKNOWN_KEY", path: [key] });
  if (hasOwn(root, "$schema") && typeof root["$schema"] !== "string") faults.push({ code: "WRONG_TYPE", path: ["$schema"] });

  // A piece the copy already faulted (a forbidden key, too deep) is broken whatever else holds.
  const broken = new Set(faults.filter((f) => f.path.length >= 2).map((f) => `${String(f.path[0])}\0${String(f.path[1])}`));
  const under = (path: PathSegment[]) => faults.some((f) => path.every((segment, i) => f.path[i] === segment));
  const section = (key: string): [string, unknown][] | null => {
    if (!hasOwn(root, key)) return [];
    const value = root[key];
    if (isPlainObject(value)) return Object.entries(value);
    faults.push({ code: "WRONG_TYPE", path: [key] });
    return null;
  };
  const audiences = section("audiences");
  const variants = section("variants");
  const slots = hasOwn(root, "slots") ? section("slots") : null;
  if (slots === null) return { ok: false, value: null, faults: hasOwn(root, "slots") ? faults : [...faults, { code: "MISSING_KEY", path: ["slots"] }] };

  const variantIds = (variants ?? []).map(([id]) => id);
  const reader: Reader = {
    faults,
    budget: createSuggestBudget(),
    audienceSet: new Set((audiences ?? []).map(([name]) => name)),
    audiencesBroken: audiences === null,
    variantIds,
    variantSet: new Set(variantIds),
    nearMisses: new Map(),
  };
  // A piece is sound when its own check passes, it adds no fault and the copy left none in it.
  const piece = (path: PathSegment[], check: () => boolean): boolean => {
    const before = faults.length;
    return check() && faults.length === before && !broken.has(`${String(path[0])}\0${String(path[1])}`);
  };
  const named = (name: string, path: PathSegment[]) => name !== "" || fail(reader, "EMPTY", path);

  const nodes = new Map<string, AudienceNode>();
  const conditions = new Map<string, Condition>();
  for (const [name, raw] of audiences ?? []) {
    const path = ["audiences", name];
    const read: ConditionRead = { uses: [], depth: 0 };
    const ok = piece(path, () => named(name, path) && readCondition(reader, raw, path, read));
    nodes.set(name, { ok, uses: read.uses, depth: read.depth });
    if (ok) conditions.set(name, raw as Condition);
  }
  const shown = new Map<string, Variant>();
  for (const [id, raw] of variants ?? []) {
    const path = ["variants", id];
    if (piece(path, () => named(id, path) && readVariant(reader, raw, path))) shown.set(id, raw as Variant);
  }
  const graph = readAudienceGraph(reader, nodes);
  const standsOn = (read: ConditionRead) => expandedDepth(reader, graph, read.uses, 0) !== undefined;

  const value: { -readonly [K in keyof RuleSet]: RuleSet[K] } = {
    version: 1,
    audiences: record<Condition>(),
    slots: record<readonly Rule[]>(),
    variants: record<Variant>(),
    invalidSlots: [],
    scores: record<Score>(),
    stages: [],
    actions: [],
  };
  for (const [name, raw] of slots) {
    const path = ["slots", name];
    const read: SlotRead = { uses: [], depth: 0, shows: [] };
    const ok = piece(path, () => named(name, path) && readSlotRules(reader, raw, path, read));
    // A slot standing on a broken audience or variant is broken too; their own faults say why.
    if (ok && variants !== null && standsOn(read) && read.shows.every((id) => shown.has(id))) (value.slots as Record<string, readonly Rule[]>)[name] = raw as Rule[];
    else (value.invalidSlots as string[]).push(name);
  }

  const personal = (path: PathSegment[], check: (read: ConditionRead) => boolean): boolean => {
    const read: ConditionRead = { uses: [], depth: 0 };
    const before = faults.length;
    return check(read) && faults.length === before && standsOn(read) && !under(path);
  };
  for (const [name, raw] of section("scores") ?? []) {
    const path = ["scores", name];
    if (personal(path, (read) => readScore(reader, name, raw, path, read))) (value.scores as Record<string, Score>)[name] = raw as Score;
  }
  for (const key of ["stages", "actions"] as const) {
    if (!hasOwn(root, key)) continue;
    const raw = root[key];
    if (!Array.isArray(raw)) fail(reader, "WRONG_TYPE", [key]);
    else if (personal([key], (read) => (key === "stages" ? readStages : readActions)(reader, raw, read))) {
      if (key === "stages") value.stages = raw as Stage[];
      else value.actions = raw as ActionRule[];
    }
  }
  for (const [name, condition] of conditions) if (graph.valid.has(name)) (value.audiences as Record<string, Condition>)[name] = condition;
  for (const [id, variant] of shown) (value.variants as Record<string, Variant>)[id] = variant;
  const ruleSet = markParsed(deepFreeze(value));
  return { ok: faults.length === 0, value: ruleSet, faults };
}

// Records of the result have no prototype: an id such as "toString" finds nothing that was not declared.
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
