/**
 * The personalization sections of a rule file: `scores`, `stages` and
 * `actions`. Each score is a piece of its own (a broken score is left out,
 * the others work). `stages` and `actions` are ordered lists, so each is one
 * piece: a rule with an error leaves its whole list out, as a slot's does,
 * because dropping one rule would change what the others decide.
 */
import { actionsSchema, scoreSchema, stagesSchema } from "./schema.js";
import type { ActionRule, Score, Stage } from "../core/types.js";
import type { PathSegment } from "../core/faults.js";
import { hasOwn, isPlainObject, quote } from "./parse-describe.js";
import { error, type RawFault } from "./parse-fault.js";
import { translateIssues, type IssueContext } from "./parse-issues.js";
import { wrongType } from "./parse-messages.js";
import { tooDeep, type AudienceUse } from "./parse-conditions.js";
import type { AudienceGraph } from "./parse-audiences.js";
import { MAX_CONDITION_DEPTH } from "../core/parse-limits.js";
import { scanScore, type EventUse, type PersonalScanContext } from "./parse-scores.js";
import { scanStages } from "./parse-stages.js";
import { scanActions } from "./parse-actions.js";
import { checkEventNames } from "./parse-events.js";

export interface PersonalSections {
  scores: Map<string, Score>;
  stages: Stage[];
  actions: ActionRule[];
}

/**
 * Checks the personalization sections of `root`; faults go to
 * `context.faults` (the same list as `issues.faults`).
 */
export function checkPersonal(
  root: Record<string, unknown>,
  context: PersonalScanContext,
  issues: IssueContext,
  graph: AudienceGraph,
  copyFaults: readonly RawFault[],
): PersonalSections {
  const sections: PersonalSections = { scores: new Map(), stages: [], actions: [] };
  const faults = context.faults;
  const issueContext: IssueContext = { ...issues, handled: context.handled };

  // A piece that stands on a broken or too deeply nested audience is broken too; their own faults say why.
  const standsOnSound = (uses: readonly AudienceUse[]): boolean => {
    let sound = true;
    for (const use of uses) {
      const depth = graph.depthOf.get(use.name);
      if (!graph.valid.has(use.name) || depth === undefined) sound = false;
      else if (use.level + depth > MAX_CONDITION_DEPTH) {
        faults.push(tooDeep(use.path, true));
        sound = false;
      }
    }
    return sound;
  };

  // Each piece (a section, or one entry of it) holding an error of the copy, and whether an audience
  // has an error (all are found before this point), looked up once: never faults × pieces.
  const key = (path: readonly PathSegment[]) => path.join("\u0000");
  const brokenByCopy = new Set(copyFaults.flatMap((fault) => (fault.severity === "error" ? [key(fault.path.slice(0, 1)), key(fault.path.slice(0, 2))] : [])));
  const audiencesBroken = faults.some((fault) => fault.severity === "error" && fault.path[0] === "audiences");

  // Runs one piece's checks (at a path of one or two steps); true when it is sound. A piece left out always has an error that says why.
  const piece = (path: PathSegment[], what: string, run: () => boolean): boolean => {
    const before = faults.length;
    const copyBroken = brokenByCopy.has(key(path));
    let sound = run() && !copyBroken;
    let explained = copyBroken;
    for (let index = before; index < faults.length; index++) {
      if (faults[index]?.severity === "error") {
        sound = false;
        explained = true;
      }
    }
    explained ||= audiencesBroken;
    if (!sound && !explained) faults.push(error("WRONG_TYPE", path, `${what} is not valid`));
    return sound;
  };

  const events: EventUse[] = [];
  if (hasOwn(root, "scores")) {
    const scores = root["scores"];
    if (!isPlainObject(scores)) faults.push(wrongType(["scores"], scores, "object"));
    else {
      for (const [name, raw] of Object.entries(scores)) {
        const path = ["scores", name];
        let parsed: Score | undefined;
        const sound = piece(path, `score ${quote(name)}`, () => {
          const scan = scanScore(name, raw, path, context);
          events.push(...scan.events);
          const result = scoreSchema.safeParse(raw);
          if (!result.success) {
            translateIssues(result.error.issues, path, issueContext);
            return false;
          }
          parsed = result.data;
          return standsOnSound(scan.uses);
        });
        if (sound && parsed !== undefined) sections.scores.set(name, parsed);
      }
    }
  }
  faults.push(...checkEventNames(events, root, context.budget));

  for (const key of ["stages", "actions"] as const) {
    if (!hasOwn(root, key)) continue;
    const raw = root[key];
    if (!Array.isArray(raw)) {
      faults.push(wrongType([key], raw, "array"));
      continue;
    }
    let parsed: Stage[] | ActionRule[] | undefined;
    const sound = piece([key], `'${key}'`, () => {
      const uses = key === "stages" ? scanStages(raw, [key], context) : scanActions(raw, [key], context);
      const result = key === "stages" ? stagesSchema.safeParse(raw) : actionsSchema.safeParse(raw);
      if (!result.success) {
        translateIssues(result.error.issues, [key], issueContext);
        return false;
      }
      parsed = result.data;
      return standsOnSound(uses);
    });
    if (sound && parsed !== undefined) {
      if (key === "stages") sections.stages = parsed as Stage[];
      else sections.actions = parsed as ActionRule[];
    }
  }
  return sections;
}
