/**
 * Rule file -> compiled per-slot plans, in one walk: the runtime's only
 * reader. Each piece is checked and compiled to closures in the same pass;
 * what cannot be used is a fault `{ code, path }` (path: an array of keys and
 * indexes), never a sentence (the authoring face, parseRuleSet and `slotwise
 * check`, says it in words).
 *
 * The API the browser runtime, evaluate, the edge and React use:
 *
 *   readRules(input) -> { ok, value: RuleSet | null, faults }
 *     The content sections only. `value` is frozen and marked parsed; its
 *     `personal` field holds the raw `scores` / `stages` / `actions` when the
 *     file has any (a flag for the content tag, data for the personalize
 *     layer, which reads them with src/core/read/read-personal.ts).
 *   plansOf(ruleSet) -> { p: Map<slot, Plan | 0>, bad: Set<invalid slot> }
 *     Compiled once per rule set (on first use for a parseRuleSet result).
 *   deciding: ./decide.ts (decideSlots, evaluate); fact paths each slot
 *     reads: src/core/slot-deps.ts (slotDependencies) / factsUsedBy.
 *
 * A `show` id not declared under `variants` is a page template's id here:
 * the renderer answers VARIANT_NOT_FOUND when the page has none. Calling it a
 * slip of a declared id is the authoring face's job (src/authoring/slip.ts).
 */
import type { PathSegment } from "../core/faults.js";
import { OPERATOR_NAMES, type OperatorName } from "../core/operator-names.js";
import { isScalar, testOf, valueFits } from "../core/operators.js";
import { factReader } from "../core/path.js";
import { markParsed } from "../core/parsed.js";
import { MAX_CONDITION_DEPTH, MAX_FACT_KEYS, MAX_VALUES } from "../core/parse-limits.js";
import type { Condition, ConditionTrace, Context, FaultCode, Rule, RuleSet, Variant } from "../core/types.js";
import { splitFault } from "./split.js";
import { bad, isObj, own, record, words } from "./util.js";

/** Conditions of one rule once its audiences are expanded (audiences of audiences can grow exponentially). */
export const MAX_EXPANDED = 5_000;

/** A fault as the runtime reports it. */
export interface ReadFault {
  code: FaultCode;
  path: PathSegment[];
}

export interface ReadResult {
  /** True when the file has no fault at all. */
  ok: boolean;
  value: RuleSet | null;
  faults: ReadFault[];
}

/** One condition, compiled: `test` short-circuits, `trace` evaluates every branch and says why. */
export interface Compiled {
  test(context: Context): boolean;
  trace(context: Context): Traced;
}
/** A condition's trace (never the `skipped` kind the personalize layer adds). */
export type Traced = Exclude<ConditionTrace, { kind: "skipped" }>;

/**
 * A condition as compiled here: one closure that answers true/false, or with
 * `traced` set its trace (every branch evaluated, as json-rules-engine does).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Fn = (context: Context, traced?: unknown) => any;

/** A slot's reachable rules (up to the first catch-all) with their compiled `when` (see Fn); 0 when too large to evaluate. */
export type Plan = readonly (readonly [Rule, Fn | undefined])[] | 0;
export interface Plans {
  p: Map<string, Plan>;
  bad: Set<string>;
  /** Each valid slot's reachable rules with their walks (for factsOf). */
  w: Map<string, [Rule, Walk][]>;
  e: Env;
}

/** An `{ audience }` use: the name, where, at which level. */
type Use = [string, PathSegment[], number];
/** What a walk of conditions found: fact paths and audience uses in the order met, deepest level, conditions counted. */
export interface Walk {
  u: (string | Use)[];
  d: number;
  s: number;
}
/** What reading shares: faults, declared audiences (null: section broken), compiled and usable audiences. */
export interface Env {
  f: ReadFault[];
  a: Set<string> | null;
  c: Record<string, Fn>;
  v: Record<string, { d: number; s: number }>;
  /** Trusted conditions (compileConditions): fact tests compiled without checking them. */
  t?: boolean;
  /** Experiment keys met (runtime/split.ts). */
  x?: Set<unknown>;
  /** Audiences as read. */
  n?: Map<string, Node>;
}
/** An audience as read: compiled or not, its walk, its place in the file. */
type Node = [ok: boolean, w: Walk, i: number];

const FILE_KEYS = /* @__PURE__ */ words("$schema version audiences slots variants scores stages actions facts");
const RULE_KEYS = ["name", "when", "show", "holdout", "experiment", "split"];
const FACT_KEYS = ["fact", "operator", "value"];

/** One key of a fact path (src/core/format.ts FACT_PATH_PATTERN is these joined by dots). */
const FACT_KEY = /^(?:[\w-][\w$-]*|\$[\w$-]+)$/;

const plans = new WeakMap<object, Plans>();
/** Audiences read, by the audience record of a rule set. */
const envs = new WeakMap<object, Env>();
/** Values JSON.parse gave us (a rules URL's body): read without a copy. */
const ours = new WeakSet<object>();
/** Marks `value`, just parsed from JSON text by us, as read without a copy. */
export const parsedByUs = <T>(value: T): T => (isObj(value) && ours.add(value), value);

/** The reading under way (reading is synchronous and never nested). */
let E: Env;
/** The expanded depth found by the last `stands`. */
let D: number;

export const walk = (): Walk => ({ u: [], d: 0, s: 0 });
const fail = (code: FaultCode, path: PathSegment[]): undefined => void E.f.push({ code, path });
export const filled = (value: unknown): value is string => typeof value === "string" && value !== "";
export const scalar = isScalar;
/** A plain object whose keys are all `allowed` and that has every `required` key. */
export const shaped = (raw: unknown, allowed: readonly string[], required: readonly string[]): raw is Record<string, unknown> =>
  isObj(raw) && Object.keys(raw).every((key) => allowed.includes(key)) && required.every((key) => own(raw, key));
export const forbidden = bad;
const unusable = (code: FaultCode): ReadResult => ({ ok: false, value: null, faults: [{ code, path: [] }] });

/** Reads a rule file (JSON text or the value it parses to). Never throws. */
export function readRules(input: unknown): ReadResult {
  // A value we parsed ourselves is read as it is; anything else is copied once as JSON
  // (plain data, nothing of the caller's object reachable).
  let root = input;
  let values = 0;
  try {
    if (!ours.has(input as object)) {
      const text = typeof input === "string" ? input.replace(/^\uFEFF/, "") : JSON.stringify(input);
      // Values are counted as parseRuleSet counts them (keys are not values), only in a text
      // that can hold more than MAX_VALUES: each value takes a character and a separator.
      root = JSON.parse(
        text,
        text.length < 2 * MAX_VALUES
          ? undefined
          : (_, value: unknown) => {
              if (++values > MAX_VALUES) throw 0;
              return value;
            },
      );
    }
  } catch {
    // JSON.stringify met a cycle, a getter that throws or a proxy: nothing of it is trusted.
    return unusable(values > MAX_VALUES ? "TOO_DEEP" : typeof input === "string" ? "NOT_JSON" : "WRONG_TYPE");
  }
  return isObj(root) ? read(root) : unusable("NOT_AN_OBJECT");
}

function read(root: Record<string, unknown>): ReadResult {
  const version = root["version"];
  if (version !== 1) return unusable(typeof version === "number" ? "UNSUPPORTED_VERSION" : "MISSING_KEY");
  const nodes = new Map<string, Node>();
  const e: Env = (E = { f: [], a: null, c: record(), v: record(), n: nodes });
  const faults = e.f;
  const has = (key: string) => own(root, key);
  for (const key in root) if (!FILE_KEYS.has(key)) fail("UNKNOWN_KEY", [key]);
  if (has("$schema") && typeof root["$schema"] !== "string") fail("WRONG_TYPE", ["$schema"]);
  const section = (key: string): Record<string, unknown> | null => {
    const value = root[key];
    return !has(key) ? {} : isObj(value) ? value : (fail("WRONG_TYPE", [key]) || null);
  };
  const audiences = section("audiences");
  const variants = section("variants");
  const slots = has("slots") ? section("slots") : (fail("MISSING_KEY", ["slots"]) || null);
  if (!slots) return { ok: false, value: null, faults };
  e.a = audiences && new Set(Object.keys(audiences));

  /** Each named piece of a section: a forbidden name is left out altogether, an empty one is a fault (no path given to `use`). */
  const each = (key: string, list: Record<string, unknown> | null, use: (name: string, raw: unknown, path: PathSegment[] | undefined) => void) => {
    for (const name of Object.keys(list || {})) {
      const path = [key, name];
      if (bad(name)) fail("FORBIDDEN_KEY", path);
      else use(name, list![name], name === "" ? fail("EMPTY", path) : path);
    }
  };

  each("audiences", audiences, (name, raw, path) => {
    const w = walk();
    const compiled = path && cond(raw, path, w);
    if (compiled) e.c[name] = compiled;
    nodes.set(name, [!!compiled, w, nodes.size]);
  });
  // A declared variant that is broken takes down the slots that show it (its own fault says why).
  const broken = new Set<string>();
  const sound = record<Variant>();
  each("variants", variants, (id, raw, path) => {
    const [kind, ...others] = isObj(raw) ? Object.keys(raw) : [];
    const value = kind && (raw as Record<string, unknown>)[kind];
    // `{ "text" }`, `{ "html" }` or `{ "template" }` (a template id is never empty).
    if (path && !others.length && (kind === "template" ? filled(value) : (kind === "text" || kind === "html") && typeof value === "string")) sound[id] = raw as Variant;
    else broken.add(id), path && fail("BAD_VARIANT", path);
  });
  graph(nodes);

  const value = {
    version: 1,
    audiences: record<Condition>(),
    slots: record<readonly Rule[]>(),
    variants: sound,
    invalidSlots: [] as string[],
    scores: record(),
    stages: [],
    actions: [],
  } as { -readonly [K in keyof RuleSet]: RuleSet[K] } & { invalidSlots: string[]; slots: Record<string, readonly Rule[]> };
  const p = new Map<string, Plan>();
  const walks = new Map<string, [Rule, Walk][]>();
  each("slots", slots, (name, raw, path) => {
    const read = path && readSlot(raw, path, broken, variants !== null);
    if (!read) value.invalidSlots.push(name);
    else (value.slots[name] = raw as Rule[]), p.set(name, read[0]), walks.set(name, read[1]);
  });
  const personal: Record<string, unknown> = {};
  for (const key of ["scores", "stages", "actions"]) if (has(key)) personal[key] = root[key];
  // In the file's order (segments are listed in it).
  for (const name of Object.keys(audiences || {})) if (own(e.v, name)) (value.audiences as Record<string, unknown>)[name] = audiences![name];
  // Frozen two levels deep (the sections and their records), not every rule: nothing here writes
  // to them, and a deep freeze was a fifth of reading a large file.
  for (const key in value) Object.freeze(value[key as keyof typeof value]);
  // Left unfrozen and unread here: the personalize layer owns these sections.
  const result = markParsed(Object.freeze(Object.keys(personal).length ? { ...value, personal } : value) as RuleSet);
  plans.set(result, { p, bad: new Set(value.invalidSlots), w: walks, e });
  envs.set(value.audiences, e);
  return { ok: !faults.length, value: result, faults };
}

/** The compiled plans of a rule set; one from parseRuleSet is compiled here, once. */
export function plansOf(ruleSet: RuleSet): Plans {
  let found = plans.get(ruleSet);
  if (!found) {
    const { audiences, variants, slots } = ruleSet;
    found = plans.get(readRules({ version: 1, audiences, variants, slots }).value!)!;
    found.bad = new Set(ruleSet.invalidSlots);
    plans.set(ruleSet, found);
  }
  return found;
}

/**
 * Slot -> the fact paths its rules read (audiences expanded, each audience
 * once however often it is used), in the order they first appear, for every
 * valid slot. Only rules that can be reached count (none after a catch-all).
 * A holdout draws on `visitor.id`; a split on `user.id`, else `visitor.id`
 * (both change together: forget, identify).
 */
export function factsOf(ruleSet: RuleSet): Map<string, string[]> {
  const { w, e } = plansOf(ruleSet);
  const out = new Map<string, string[]>();
  for (const [slot, rules] of w) {
    const paths = new Set<string>();
    const seen = new Set<string>();
    // Usable audiences nest at most MAX_CONDITION_DEPTH deep.
    const add = ({ u }: Walk): void => {
      for (const x of u) typeof x == "string" ? paths.add(x) : seen.has(x[0]) || (seen.add(x[0]), add(e.n!.get(x[0])![1]));
    };
    for (const [rule, walked] of rules) {
      if (rule.holdout) paths.add("visitor.id");
      if (rule.split) paths.add("user.id");
      add(walked);
    }
    out.set(slot, [...paths]);
  }
  return out;
}

/** The audiences of a rule set as compiled and judged (for the personal sections and compileConditions). */
export function envOf(audiences: RuleSet["audiences"]): Env {
  let e = envs.get(audiences);
  if (!e) {
    e = envs.get(readRules({ version: 1, audiences, slots: {} }).value!.audiences)!;
    envs.set(audiences, e);
  }
  return e;
}

/** Lets `to` (a rule set built from `from`, same audiences) reuse `from`'s plans. */
export function adopt(to: RuleSet, from: RuleSet): RuleSet {
  plans.set(to, plansOf(from));
  return to;
}

/** The expanded size of what `w` walked (its depth in D), or undefined when an audience it uses is unusable or nests too deep. */
export function stands(e: Env, w: Walk): number | undefined {
  let size = w.s;
  D = w.d;
  for (const x of (E = e) && w.u) {
    if (typeof x == "string") continue;
    const used = own(e.v, x[0]) ? e.v[x[0]] : undefined;
    if (!used) return undefined;
    const depth = x[2] + used.d;
    if (depth > MAX_CONDITION_DEPTH) return fail("TOO_DEEP", x[1]);
    size += used.s;
    if (depth > D) D = depth;
  }
  return size;
}

/** A slot's rules: `{ name, when?, show, holdout? }`, names unique; its plan and its reachable rules' walks, or undefined when the slot is not usable. */
function readSlot(raw: unknown, path: PathSegment[], broken: Set<string>, ok: boolean): [Plan, [Rule, Walk][]] | undefined {
  if (!Array.isArray(raw)) return fail("WRONG_TYPE", path);
  const names = new Set<unknown>();
  const plan: [Rule, Fn | undefined][] = [];
  const walks: [Rule, Walk][] = [];
  let tooLarge = false;
  /** A `show` id (or a split's arm): a declared one must be sound; one not declared is a page template's id. */
  const show = (id: string, at: PathSegment[]) => (bad(id) ? (ok = !!fail("FORBIDDEN_KEY", at)) : broken.has(id) && (ok = false));
  raw.forEach((rule, index) => {
    const at = [...path, index];
    const name = isObj(rule) ? rule["name"] : undefined;
    if (filled(name)) {
      if (names.has(name)) ok = !!fail("DUPLICATE_RULE_NAME", [...at, "name"]);
      names.add(name);
    }
    if (!shaped(rule, RULE_KEYS, ["name"]) || !filled(name) || !(own(rule, "split") || filled(rule["show"]))) return (ok = !!fail("WRONG_TYPE", at));
    // A split: its arms are shown as `show` is (runtime/split.ts).
    const x = splitFault(rule, (E.x ??= new Set()));
    if (x) ok = !!fail("BAD_SPLIT", [...at, x]);
    else for (const arm in rule["split"] as object) show(arm, [...at, "split", arm]);
    const w = walk();
    const when = own(rule, "when") ? cond(rule["when"], [...at, "when"], w) || (ok = false) || undefined : undefined;
    const { holdout } = rule;
    if (!own(rule, "split")) show(rule["show"] as string, [...at, "show"]);
    if (own(rule, "holdout") && !(typeof holdout === "number" && holdout >= 0 && holdout <= 100)) ok = !!fail("BAD_HOLDOUT", [...at, "holdout"]);
    const size = ok ? stands(E, w) : 0;
    if (size === undefined) ok = false;
    // Rules after a catch-all can never match (parse warns): not compiled into the plan, not traced.
    else if (ok && (!plan.length || plan[plan.length - 1]![1])) {
      plan.push([rule as unknown as Rule, when]);
      walks.push([rule as unknown as Rule, w]);
      if (size > MAX_EXPANDED) tooLarge = true;
    }
  });
  return ok ? [tooLarge ? 0 : plan, walks] : undefined;
}

/**
 * A condition, read and compiled in one step: a fact test, an audience (bound
 * late, so audiences compile in any order), `all` / `any` / `not`. Undefined
 * (with its faults in `e.f`) when it is not sound.
 */
export function readCond(e: Env, raw: unknown, path: PathSegment[], w: Walk): Compiled | undefined {
  const f = cond(raw, path, w, 1, (E = e));
  return f && { test: (x) => f(x), trace: (x) => f(x, 1) };
}

function cond(raw: unknown, path: PathSegment[], w: Walk, level = 1, e = E): Fn | undefined {
  if (!isObj(raw)) return fail("BAD_CONDITION", path);
  if (level > MAX_CONDITION_DEPTH) return fail("TOO_DEEP", path);
  if (level > w.d) w.d = level;
  w.s++;
  if (own(raw, "fact") || own(raw, "operator") || own(raw, "value")) return fact(raw, path, w);
  const keys = Object.keys(raw);
  const kind = keys[0]!;
  const inner = raw[kind];
  const at = [...path, kind];
  if (keys.length !== 1) return fail("BAD_CONDITION", path);
  if (kind === "audience") {
    if (typeof inner !== "string") return fail("BAD_CONDITION", at);
    if (bad(inner)) return fail("FORBIDDEN_KEY", at);
    w.u.push([inner, at, level]);
    if (e.a && !e.a.has(inner)) return fail("UNKNOWN_AUDIENCE", at);
    const table = e.c;
    return (x, t) => {
      const condition = table[inner]!(x, t);
      return t ? { kind, audience: inner, result: condition.result, condition } : condition;
    };
  }
  if (kind === "not") {
    const body = cond(inner, at, w, level + 1);
    return (
      body &&
      ((x, t) => {
        const condition = body(x, t);
        return t ? { kind, result: !condition.result, condition } : !condition;
      })
    );
  }
  if ((kind !== "all" && kind !== "any") || !Array.isArray(inner)) return fail("BAD_CONDITION", path);
  const parts = inner.map((item, index) => cond(item, [...at, index], w, level + 1));
  if (!parts.every(Boolean)) return undefined;
  const all = kind === "all";
  const sound = parts as Fn[];
  return (x, t) => {
    // all: no part fails; any: some part passes.
    if (!t) return sound.some((part) => part(x) !== all) !== all;
    // Every part is traced, as json-rules-engine evaluates every branch.
    const conditions = sound.map((part) => part(x, t));
    return { kind, result: conditions.some((trace) => trace.result !== all) !== all, conditions };
  };
}

function fact(raw: Record<string, unknown>, path: PathSegment[], w: Walk): Fn | undefined {
  if (!shaped(raw, FACT_KEYS, ["fact", "operator"])) return fail("BAD_CONDITION", path);
  const { fact, operator, value } = raw as { fact: string; operator: OperatorName; value: unknown };
  if (!E.t) {
    // FACT_PATH_PATTERN, key by key.
    const keys = typeof fact === "string" ? fact.split(".") : [""];
    const at = [...path, "fact"];
    if (keys.length > MAX_FACT_KEYS || !keys.every((key) => FACT_KEY.test(key))) return fail("BAD_FACT_PATH", at);
    if (keys.some(bad)) return fail("FORBIDDEN_KEY", at);
    if (!OPERATOR_NAMES.includes(operator)) return fail("UNKNOWN_OPERATOR", [...path, "operator"]);
    // Every kind of value an operator takes is a scalar or a list of scalars.
    if (!valueFits(operator, value)) return fail("WRONG_VALUE_TYPE", [...path, "value"]);
  }
  w.u.push(fact);
  const get = factReader(fact);
  const test = testOf(operator);
  return (x, t) => {
    const actual = get(x);
    let result = false;
    // A host's fact can be anything (a Proxy, a getter that throws): then it does not match.
    try {
      result = test(actual, value);
    } catch {}
    // Copied: a trace must not share the rule's own list with its reader.
    return t ? { kind: "fact", fact, operator, expected: Array.isArray(value) ? [...value] : value, actual, result } : result;
  };
}

/**
 * Which audiences can be used: sound, in no loop, standing only on usable
 * audiences, within MAX_CONDITION_DEPTH once expanded. A depth-first walk
 * that keeps its own stack (a chain of 100,000 audiences cannot overflow the
 * call stack), one visit per audience and use; an audience is judged when it
 * is left, after every audience it uses.
 */
function graph(nodes: Map<string, Node>): void {
  const open = new Map<string, number>(); // the stack index of an open audience; -1 once done
  const inLoop = new Set<string>();
  const told = new Set<PathSegment[]>();
  for (const start of nodes.keys()) {
    if (open.has(start)) continue;
    const stack: [string, number][] = [[start, 0]];
    open.set(start, 0);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      // Indexes, not array patterns: this loop runs cold, where a pattern walks an iterator.
      const name = top[0];
      const node = nodes.get(name)!;
      const w = node[1];
      let use;
      while (typeof (use = w.u[top[1]++]) == "string");
      if (!use) {
        stack.pop();
        open.set(name, -1);
        const size = node[0] && !inLoop.has(name) ? stands(E, w) : undefined;
        if (size !== undefined) E.v[name] = { d: D, s: size };
        continue;
      }
      const next = use[0];
      const seen = open.get(next);
      if (!nodes.has(next) || seen! < 0) continue;
      if (seen === undefined) {
        open.set(next, stack.length);
        stack.push([next, 0]);
        continue;
      }
      // A loop: reported once, at its first audience in the file, where it uses the next.
      const loop = stack.slice(seen).map(([member]) => member);
      let at = 0;
      loop.forEach((member, index) => {
        inLoop.add(member);
        if (nodes.get(member)![2] < nodes.get(loop[at]!)![2]) at = index;
      });
      const then = loop[(at + 1) % loop.length];
      const path = (nodes.get(loop[at]!)![1].u.find((x) => typeof x != "string" && x[0] === then) as Use)[1];
      if (!told.has(path)) told.add(path), fail("AUDIENCE_CYCLE", path);
    }
  }
}
