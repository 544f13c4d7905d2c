/**
 * The personalization sections (`scores`, `stages`, `actions`) read and
 * compiled in one walk, by the runtime reader's condition compiler: what is
 * sound is kept (for `readRuleSet`) and compiled into the plan the personalize
 * layer decides with; faults are codes and paths. Each score is a piece of its
 * own; `stages` and `actions` are ordered lists, so each is one piece
 * (dropping one rule would change what the others decide). Never read by the
 * content tag, which keeps the sections raw on `ruleSet.personal`.
 */
import { EVENT_NAME_PATTERN } from "../../runtime/visitor.js";
import type { PathSegment } from "../faults.js";
import { parseDuration } from "../personalize/duration.js";
import type { ActionRule, FaultCode, RuleSet, Score, Stage } from "../types.js";
import { envOf, filled, forbidden, MAX_EXPANDED, readCond, scalar, shaped, stands, walk, type Compiled, type ReadFault } from "../../runtime/rules.js";
import { isObj, own, record } from "../../runtime/util.js";

/** A part of the personalization layer, failed or decided on its own. */
export type Part = "scores" | "segments" | "stages" | "actions";
type When = Compiled | undefined;

/** A rule set's personal layer, read and compiled. */
export interface PersonalPlan {
  /** The sound scores, by name. */
  s: Readonly<Record<string, Readonly<Score>>>;
  /** Condition signals in file order: score, index in its signals, compiled `when`. */
  g: [string, number, Compiled][];
  /** Segments: every audience, compiled as `{ audience }`. */
  m: [string, Compiled][];
  /** Stages up to the first catch-all, with their compiled `when` (none: a catch-all). */
  t: [Readonly<Stage>, When][];
  /** Action rules with their compiled `when`. */
  a: [Readonly<ActionRule>, When][];
  /** Parts that cannot be evaluated (a condition past MAX_EXPANDED once its audiences are expanded, an audience too deep to be a segment). */
  x: Set<Part>;
}

type Personal = Pick<RuleSet, "scores" | "stages" | "actions">;

/** The fault of a piece of the wrong shape (a constant: fewer bytes than the word each time). */
const WRONG: FaultCode = "WRONG_TYPE";
const positive = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && value > 0;
const duration = (value: unknown): boolean => typeof value === "string" && parseDuration(value) !== undefined;

/**
 * `scores`, `stages` and `actions` as written (`personal`, or a parsed rule
 * set), checked and compiled; faults go to `faults`.
 */
export function personalPlan(audiences: RuleSet["audiences"], personal: Readonly<Record<string, unknown>>, faults: ReadFault[]): [Personal, PersonalPlan] {
  const e = { ...envOf(audiences), f: faults };
  const out = { scores: record<Score>(), stages: [] as Stage[], actions: [] as ActionRule[] };
  const plan: PersonalPlan = { s: out.scores, g: [], m: [], t: [], a: [], x: new Set() };
  let big = false;
  const fail = (code: FaultCode, path: PathSegment[]): false => (faults.push({ code, path }), false);
  // A condition, compiled; false when it or an audience it uses is not usable.
  const cond = (raw: unknown, path: PathSegment[]): Compiled | false => {
    const w = walk();
    const c = readCond(e, raw, path, w);
    const size = c && stands(e, w);
    if (size! > MAX_EXPANDED) big = true;
    return size !== undefined && c!;
  };
  // A piece is kept when its check passes and adds no fault.
  const piece = (part: Part, check: () => boolean): boolean => {
    const before = faults.length;
    big = false;
    const ok = check() && faults.length === before;
    if (ok && big) plan.x.add(part);
    return ok;
  };

  // `raw` is an object of only `keys` (the first `required` of them required), and each test of a key it has passes.
  const fields = (raw: unknown, at: PathSegment[], keys: string, required: number, tests: [string, (value: unknown) => unknown, FaultCode][]): raw is Record<string, any> => {
    const list = keys.split(" ");
    if (!shaped(raw, list, list.slice(0, required))) return fail(WRONG, at);
    let ok = true;
    for (const [key, test, code] of tests) if (own(raw, key) && !test(raw[key])) ok = fail(code, [...at, key]);
    return ok;
  };
  const score = (name: string, raw: unknown, path: PathSegment[], signals: PersonalPlan["g"]): boolean => {
    let ok = /^[\w-]+$/.test(name) || fail(name ? "BAD_NAME" : "EMPTY", path);
    if (!fields(raw, path, "signals cap halfLife", 1, [["signals", Array.isArray, WRONG], ["cap", positive, "BAD_POINTS"], ["halfLife", duration, "BAD_DURATION"]])) return false;
    (raw["signals"] as unknown[]).forEach((signal, index) => {
      const at = [...path, "signals", index];
      const event = isObj(signal) && own(signal, "event");
      const when =
        fields(signal, at, "points event when once", 1, [
          ["points", positive, "BAD_POINTS"],
          ["once", (v) => !event && (v === "visit" || v === "ever"), "BAD_SIGNAL"],
          ["event", (v) => typeof v == "string" && EVENT_NAME_PATTERN.test(v) && !forbidden(v), "BAD_EVENT_NAME"],
        ]) &&
        (event !== own(signal, "when") || fail(event ? "BAD_SIGNAL" : "MISSING_KEY", at)) &&
        (event || cond(signal["when"], [...at, "when"]));
      if (!when) ok = false;
      else if (when !== true) signals.push([name, index, when]);
    });
    return ok;
  };
  // A stage or action rule: false when not sound, else its compiled `when` (true: a catch-all).
  const when = (raw: Record<string, unknown>, at: PathSegment[]): Compiled | boolean => !own(raw, "when") || cond(raw["when"], [...at, "when"]);
  const stage = (raw: unknown, at: PathSegment[]): Compiled | boolean => fields(raw, at, "name when", 1, [["name", filled, WRONG]]) && when(raw, at);
  const action = (raw: unknown, at: PathSegment[]): Compiled | boolean =>
    fields(raw, at, "name action channel when timing params cooldown", 3, [
      ["name", filled, WRONG],
      ["action", filled, WRONG],
      // Text, or `{ fact, fallback }` (its fact checked as a condition's).
      ["channel", (v) => filled(v) || (shaped(v, ["fact", "fallback"], ["fact", "fallback"]) && filled(v["fallback"]) && cond({ fact: v["fact"], operator: "exists" }, [...at, "channel"])), WRONG],
      ["timing", (v) => v === "immediate" || v === "next_visit" || duration(v), "BAD_DURATION"],
      ["cooldown", duration, "BAD_DURATION"],
      ["params", (v) => !isObj(v) || !Object.keys(v).some(forbidden), "FORBIDDEN_KEY"],
      ["params", (v) => isObj(v) && Object.values(v).every(scalar), WRONG],
    ]) && when(raw, at);

  const scores = personal["scores"];
  if (own(personal, "scores") && !isObj(scores)) fail(WRONG, ["scores"]);
  for (const [name, raw] of isObj(scores) ? Object.entries(scores) : []) {
    const signals: PersonalPlan["g"] = [];
    if (forbidden(name)) fail("FORBIDDEN_KEY", ["scores", name]);
    else if (piece("scores", () => score(name, raw, ["scores", name], signals))) (out.scores[name] = raw as Score), plan.g.push(...signals);
  }
  for (const key of ["stages", "actions"] as const) {
    const raw = personal[key];
    const list: [never, When][] = [];
    if (!own(personal, key)) continue;
    if (!Array.isArray(raw)) fail(WRONG, [key]);
    else if (
      piece(key, () => {
        const seen = new Set<unknown>();
        let ok = true;
        raw.forEach((rule: unknown, index: number) => {
          const at = [key, index];
          const name = isObj(rule) ? rule["name"] : undefined;
          if (filled(name)) {
            if (seen.has(name)) ok = fail(key > "s" ? "DUPLICATE_NAME" : "DUPLICATE_RULE_NAME", [...at, "name"]);
            seen.add(name);
          }
          const compiled = (key > "s" ? stage : action)(rule, at);
          if (!compiled) ok = false;
          else list.push([rule as never, compiled === true ? undefined : compiled]);
        });
        return ok;
      })
    ) {
      out[key] = raw as never;
      if (key > "s") {
        // Stages after a catch-all can never match.
        const end = list.findIndex(([, when]) => !when);
        plan.t = end < 0 ? list : list.slice(0, end + 1);
      } else plan.a = list;
    }
  }
  // Segments: faults of their own are not the file's (an audience too deep to use once more fails the part).
  e.f = [];
  piece("segments", () => Object.keys(audiences).every((name) => {
    const when = cond({ audience: name }, []);
    return when && plan.m.push([name, when]);
  })) || plan.x.add("segments");
  return [out, plan];
}

/** `scores`, `stages` and `actions` as written (`personal`), checked; what is sound is kept, faults go to `faults`. */
export function readPersonal(audiences: RuleSet["audiences"], personal: Readonly<Record<string, unknown>>, faults: ReadFault[]): Personal {
  return freeze(personalPlan(audiences, personal, faults)[0]);
}

const plans = new WeakMap<RuleSet, PersonalPlan>();

/** The personal plan of a rule set read by the runtime reader (its sections raw) or by parseRuleSet / readRuleSet (read once more here); built once. */
export function planOf(ruleSet: RuleSet): PersonalPlan {
  let plan = plans.get(ruleSet);
  if (!plan) plans.set(ruleSet, (plan = personalPlan(ruleSet.audiences, (ruleSet as { personal?: Record<string, unknown> }).personal ?? (ruleSet as unknown as Record<string, unknown>), [])[1]));
  return plan;
}

function freeze<T>(value: T): T {
  if (value && typeof value == "object" && !Object.isFrozen(value)) Object.freeze(value), Object.values(value).forEach(freeze);
  return value;
}
