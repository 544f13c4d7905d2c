/**
 * `parseRuleSet`: a rule file in, a rule set evaluation can trust out, with
 * every fault as a path and a sentence a marketer can act on.
 *
 * The file is checked piece by piece (each audience, each variant, each slot),
 * so one broken piece never takes the others down: a slot with an error is
 * left out of `slots` and named in `invalidSlots`, and a broken audience or
 * variant takes down only the slots that use it. Only faults that leave
 * nothing usable (not JSON, not an object, no or another `version`, no
 * `slots`) give `value: null`.
 *
 * Steps: read JSON (parse-json.ts) → copy the input into plain data, refusing
 * forbidden keys and excess nesting (parse-copy.ts) → per piece, the checks a
 * schema cannot express (parse-conditions.ts, parse-slots.ts) and the zod
 * structure check with its issues put into words (parse-issues.ts) → how
 * audiences use each other (parse-audiences.ts) → faults in file order.
 */
import { conditionSchema, slotRulesSchema, variantSchema } from "./schema.js";
import type { Condition, ParseResult, Rule, RuleSet, Score, Variant } from "../core/types.js";
import { markParsed } from "../core/parsed.js";
import type { PathSegment } from "../core/faults.js";
import { describeValue, hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error, toFault, type RawFault } from "./parse-fault.js";
import { readJson } from "./parse-json.js";
import { copyInput } from "./parse-copy.js";
import { translateIssues, type IssueContext } from "./parse-issues.js";
import { FILE_KEYS, missingKey, unknownKey, wrongType } from "./parse-messages.js";
import { checkVersion } from "./parse-version.js";
import { expandedSize, scanCondition, tooDeep, tooLarge } from "./parse-conditions.js";
import { MAX_AUDIENCES, MAX_EXPANDED_CONDITIONS, MAX_RULES_BYTES, MAX_SLOTS } from "./limits.js";
import { checkAudienceGraph, type AudienceInfo } from "./parse-audiences.js";
import { scanSlot, type SlotScanContext } from "./parse-slots.js";
import { inFileOrder } from "./parse-order.js";
import { checkPersonal } from "./parse-personal.js";
import { MAX_CONDITION_DEPTH, MAX_VALUES } from "../core/parse-limits.js";
import { createSuggestBudget } from "./suggest.js";
import { checkFactDeclarations } from "./parse-fact-declarations.js";
import { contextShape } from "./fact-context.js";
import { checkFactUses } from "./parse-fact-use.js";

export { MAX_CONDITION_DEPTH, MAX_NESTING, MAX_VALUES } from "../core/parse-limits.js";

function unusable(faults: RawFault[]): ParseResult {
  return { ok: false, errors: faults.map(toFault), warnings: [], value: null };
}

// Past a cap of ./limits.ts nothing is checked: a fault says so at once, whatever the size.
function overCap(path: PathSegment[], message: string): RawFault {
  return error("TOO_DEEP", path, message, "split the rules into several files, or remove what no page uses");
}
/** The fault of a file with more slots or audiences than a rule file may hold. */
function overCount(root: Record<string, unknown>): RawFault | undefined {
  for (const [key, cap] of [["slots", MAX_SLOTS], ["audiences", MAX_AUDIENCES]] as const) {
    const section = hasOwn(root, key) ? root[key] : undefined;
    const size = isPlainObject(section) ? Object.keys(section).length : 0;
    if (size > cap) return overCap([key], `the file has ${count(size)} ${key}, more than the ${count(cap)} a rule file may hold`);
  }
  return undefined;
}
const count = (n: number) => n.toLocaleString("en-US");
const mb = (n: number) => `${(n / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

// Records of the result have no prototype: a variant id or audience name such
// as "toString" then finds nothing that was not declared.
function record<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function check(input: unknown): ParseResult {
  let data = input;
  if (typeof input === "string") {
    if (input.length > MAX_RULES_BYTES) return unusable([overCap([], `the rules are ${mb(input.length)}, more than the ${mb(MAX_RULES_BYTES)} a rule file may hold`)]);
    const read = readJson(input);
    if (!read.ok) return unusable([error("NOT_JSON", [], read.message, read.hint)]);
    data = read.value;
  }

  // Text JSON.parse read is plain data already: its counts are checked before it is copied.
  const overInText = typeof input === "string" && isPlainObject(data) ? overCount(data) : undefined;
  if (overInText !== undefined) return unusable([overInText]);
  const copy = copyInput(data);
  if (copy.tooLarge) {
    return unusable([
      error("TOO_DEEP", [], `the rules are too large to check: they hold more than ${MAX_VALUES} values`, "split them, or remove what no rule uses"),
    ]);
  }
  const root = copy.value;
  if (!isPlainObject(root)) {
    return unusable([
      error("NOT_AN_OBJECT", [], `the rules must be a JSON object, but this is ${describeValue(root)}`, 'start with { "version": 1, "slots": { … } }'),
    ]);
  }

  const faults: RawFault[] = [...copy.faults];
  const budget = createSuggestBudget();
  const valueFaulted = new Set<string>();
  const issues: IssueContext = { root, faults, budget, valueFaulted };
  const push = (fault: RawFault | undefined) => {
    if (fault !== undefined) faults.push(fault);
  };

  const version = checkVersion(root, issues);
  if (version.alone && version.fault !== undefined) return unusable([version.fault]);
  push(version.fault);
  let fatal = version.fatal;

  for (const key of Object.keys(root)) if (!FILE_KEYS.includes(key)) push(unknownKey([], key, issues));
  if (hasOwn(root, "$schema") && typeof root["$schema"] !== "string") push(wrongType(["$schema"], root["$schema"], "string"));

  // Pieces that the copy already faulted (forbidden keys, too deep) are broken whatever else holds.
  const pieceKey = (path: readonly PathSegment[]) => (path.length >= 2 ? `${String(path[0])}\u0000${String(path[1])}` : "");
  const brokenByCopy = new Set(copy.faults.filter((fault) => fault.severity === "error").map((fault) => pieceKey(fault.path)));

  const section = (key: "audiences" | "slots" | "variants") => {
    if (!hasOwn(root, key)) return { entries: [] as [string, unknown][], broken: false, present: false };
    const value = root[key];
    if (!isPlainObject(value)) {
      faults.push(wrongType([key], value, "object"));
      return { entries: [] as [string, unknown][], broken: true, present: true };
    }
    return { entries: Object.entries(value), broken: false, present: true };
  };
  const audiences = section("audiences");
  const variants = section("variants");
  const slots = section("slots");
  if (!slots.present) {
    push(missingKey([], "slots", issues));
    fatal = true;
  }
  if (slots.broken) fatal = true;
  const over = overCount(root);
  if (over !== undefined) return unusable([over]);

  const emptyName = (path: PathSegment[], what: string, hint: string) => error("EMPTY", path, `the ${what} is empty`, hint);

  // Runs one piece's checks; true when the piece is sound.
  const checkPiece = (path: PathSegment[], run: () => boolean): boolean => {
    const before = faults.length;
    const structureOk = run();
    let sound = structureOk && !brokenByCopy.has(pieceKey(path));
    for (let index = before; index < faults.length; index++) if (faults[index]?.severity === "error") sound = false;
    return sound;
  };

  const audienceNames = audiences.entries.map(([name]) => name);
  const scanContext = {
    faults,
    budget,
    valueFaulted,
    audienceNames,
    audienceSet: new Set(audienceNames),
    audiencesBroken: audiences.broken,
  };

  const audienceInfos = new Map<string, AudienceInfo>();
  const parsedAudiences = new Map<string, Condition>();
  for (const [name, raw] of audiences.entries) {
    const path = ["audiences", name];
    let uses: AudienceInfo["uses"] = [];
    let depth = 0;
    let count = 0;
    const ok = checkPiece(path, () => {
      if (name === "") faults.push(emptyName(path, "audience name", "give the audience a name"));
      ({ uses, depth, count } = scanCondition(raw, path, scanContext));
      const result = conditionSchema.safeParse(raw);
      if (!result.success) {
        translateIssues(result.error.issues, path, issues);
        return false;
      }
      parsedAudiences.set(name, result.data);
      return true;
    });
    audienceInfos.set(name, { ok, uses, depth, count });
  }

  const parsedVariants = new Map<string, Variant>();
  for (const [id, raw] of variants.entries) {
    const path = ["variants", id];
    const ok = checkPiece(path, () => {
      if (id === "") faults.push(emptyName(path, "variant id", "give the variant an id, the one a rule's 'show' names"));
      const result = variantSchema.safeParse(raw);
      if (!result.success) {
        translateIssues(result.error.issues, path, issues);
        return false;
      }
      parsedVariants.set(id, result.data);
      return true;
    });
    if (!ok) parsedVariants.delete(id);
  }

  const graph = checkAudienceGraph(audienceNames, audienceInfos, faults);

  const variantIds = variants.entries.map(([id]) => id);
  const slotContext: SlotScanContext = { ...scanContext, root, variantIds, variantSet: new Set(variantIds), nearMisses: new Map() };
  const parsedSlots = new Map<string, Rule[]>();
  const invalidSlots: string[] = [];
  for (const [name, raw] of slots.entries) {
    const path = ["slots", name];
    const ok = checkPiece(path, () => {
      if (name === "") faults.push(emptyName(path, "slot name", "use the data-slot value of the block on the page"));
      const scan = scanSlot(raw, path, slotContext);
      const result = slotRulesSchema.safeParse(raw);
      if (!result.success) translateIssues(result.error.issues, path, { ...issues, handled: scan.handled });
      // A slot that stands on a broken audience or variant is broken too; their own faults say why.
      let standsOnSound = !variants.broken;
      for (const use of scan.uses) {
        const depth = graph.depthOf.get(use.name);
        if (!graph.valid.has(use.name) || depth === undefined) standsOnSound = false;
        else if (use.level + depth > MAX_CONDITION_DEPTH) {
          faults.push(tooDeep(use.path, true));
          standsOnSound = false;
        }
      }
      for (const show of scan.shows) if (!parsedVariants.has(show)) standsOnSound = false;
      if (standsOnSound) {
        for (const when of scan.whens) {
          if (expandedSize(when.scan, (used) => graph.sizeOf.get(used) ?? 0) <= MAX_EXPANDED_CONDITIONS) continue;
          faults.push(tooLarge(when.path));
          standsOnSound = false;
        }
      }
      if (result.success) parsedSlots.set(name, result.data);
      return result.success && standsOnSound;
    });
    if (!ok) {
      parsedSlots.delete(name);
      invalidSlots.push(name);
    }
  }

  const personal = checkPersonal(root, { ...scanContext, handled: new Set() }, issues, graph, copy.faults);

  // Facts no context source provides, or values they never take: warnings, after every other check has faulted values.
  const declarations = checkFactDeclarations(root, budget);
  faults.push(...declarations.faults);
  const factContext = { root: contextShape(root, declarations.declared), declares: declarations.declared !== undefined, budget, valueFaulted };
  faults.push(...checkFactUses(root, factContext));

  // Faults inside what the copy already explained (a value it could not take) would only repeat it.
  const explained = new Set(copy.explained.map((path) => JSON.stringify(path)));
  const fromCopy = new Set(copy.faults);
  const shown =
    explained.size === 0
      ? faults
      : faults.filter(
          (fault) => fromCopy.has(fault) || !fault.path.some((_, index) => explained.has(JSON.stringify(fault.path.slice(0, index + 1)))),
        );
  const ordered = inFileOrder(shown, root, copy.keyOrder);
  const errors = ordered.filter((fault) => fault.severity === "error");
  const warnings = ordered.filter((fault) => fault.severity === "warning").map(toFault);

  // Every piece left out must have a fault that says why; this keeps that true whatever a check missed.
  const explainedPieces = new Set(errors.map((fault) => (fault.path[0] === "slots" ? pieceKey(fault.path) : String(fault.path[0]))));
  for (const name of invalidSlots) {
    const path = ["slots", name];
    if (!explainedPieces.has(pieceKey(path)) && !explainedPieces.has("audiences") && !explainedPieces.has("variants")) {
      errors.push(error("WRONG_TYPE", path, `slot ${quote(name)} is not valid`));
    }
  }
  if (fatal && errors.length === 0) errors.push(error("WRONG_TYPE", [], "the rules are not valid"));

  if (fatal) return { ok: false, errors: errors.map(toFault), warnings, value: null };

  const value: RuleSet = {
    version: 1,
    audiences: record<Condition>(),
    slots: record<readonly Rule[]>(),
    variants: record<Variant>(),
    invalidSlots,
    scores: record<Score>(),
    stages: personal.stages,
    actions: personal.actions,
  };
  for (const [name, score] of personal.scores) (value.scores as Record<string, Score>)[name] = score;
  for (const [name, condition] of parsedAudiences) {
    if (graph.valid.has(name)) (value.audiences as Record<string, Condition>)[name] = condition;
  }
  for (const [name, rules] of parsedSlots) (value.slots as Record<string, readonly Rule[]>)[name] = rules;
  for (const [id, variant] of parsedVariants) (value.variants as Record<string, Variant>)[id] = variant;
  markParsed(deepFreeze(value));
  if (errors.length > 0) return { ok: false, errors: errors.map(toFault), warnings, value };
  return { ok: true, value, warnings };
}

/**
 * Checks a rule file and returns the rule set to evaluate, with every fault
 * found: its JSON path, a plain sentence and, where one is known, a fix.
 *
 * `input` is the rule JSON as text, or the value it parses to. Never throws:
 * anything wrong with the input comes back as a fault. `ok` is true when there
 * are no errors (warnings allowed). When some slots have errors, `value` still
 * holds the others and names the broken ones in `invalidSlots`; it is `null`
 * only when nothing can be used. The rule set is frozen.
 *
 * @example
 * const result = parseRuleSet(await (await fetch("/rules.json")).text());
 * if (!result.ok) for (const fault of result.errors) console.warn(formatFault(fault));
 * // slots.offer[1].when.all[0].operator: unknown operator 'equals'; did you mean 'equal'?
 */
export function parseRuleSet(input: unknown): ParseResult {
  try {
    return check(input);
  } catch (thrown) {
    // Unreachable by design (the checks read only the private copy); kept so the promise holds.
    const detail = thrown instanceof Error ? `: ${thrown.message}` : "";
    return unusable([error("WRONG_TYPE", [], `the rules could not be checked${detail}`)]);
  }
}
