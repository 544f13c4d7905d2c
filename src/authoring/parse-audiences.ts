/**
 * Audiences that use audiences: loops ("audience 'a' refers to itself through
 * 'b' → 'a'"), audiences that stand on a broken one, and nesting that grows
 * too deep once evaluation expands them. The walk keeps its own stack, so a
 * chain of a hundred thousand audiences cannot overflow the call stack.
 */
import { error, type RawFault } from "./parse-fault.js";
import { quote } from "./parse-describe.js";
import { MAX_CONDITION_DEPTH } from "../core/parse-limits.js";
import { expandedSize, tooDeep, tooLarge, type AudienceUse } from "./parse-conditions.js";
import { MAX_EXPANDED_CONDITIONS } from "./limits.js";

export interface AudienceInfo {
  /** False when the audience itself has an error (structure, unknown audience, …). */
  ok: boolean;
  uses: AudienceUse[];
  /** Its own nesting depth, not counting the audiences it uses. */
  depth: number;
  /** Its own number of conditions, not counting the audiences it uses. */
  count: number;
}

export interface AudienceGraph {
  /** The audiences evaluation can use: sound themselves and standing only on sound audiences. */
  valid: Set<string>;
  /** For each valid audience, its depth with the audiences it uses expanded. */
  depthOf: Map<string, number>;
  /** For each valid audience, its number of conditions with the audiences it uses expanded (capped just past the limit). */
  sizeOf: Map<string, number>;
}

// Long loops are named by their first members only.
const NAMED_IN_LOOP = 8;

function loopFault(members: readonly string[], infos: ReadonlyMap<string, AudienceInfo>): RawFault {
  const [first = "", second = first] = members;
  const use = infos.get(first)?.uses.find((candidate) => candidate.name === second);
  const path = use?.path ?? ["audiences", first];
  const hint = "an audience cannot use itself, directly or through other audiences; break the loop";
  if (members.length === 1) return error("AUDIENCE_CYCLE", path, `audience ${quote(first)} refers to itself`, hint);
  const chain = [...members.slice(1), first];
  const named =
    chain.length > NAMED_IN_LOOP ? [...chain.slice(0, NAMED_IN_LOOP - 1).map(quote), "…", quote(first)] : chain.map(quote);
  return error("AUDIENCE_CYCLE", path, `audience ${quote(first)} refers to itself through ${named.join(" → ")}`, hint);
}

/**
 * Checks how the audiences `names` (in file order) use each other; faults go
 * to `faults`.
 */
export function checkAudienceGraph(names: readonly string[], infos: ReadonlyMap<string, AudienceInfo>, faults: RawFault[]): AudienceGraph {
  const position = new Map(names.map((name, index) => [name, index]));
  const state = new Map<string, "open" | "done">();
  const inLoop = new Set<string>();
  const loopsSeen = new Set<string>();
  const finished: string[] = [];

  for (const start of names) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    const onStack = new Map<string, number>([[start, 0]]);
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { name: string; next: number };
      const uses = infos.get(top.name)?.uses ?? [];
      if (top.next >= uses.length) {
        stack.pop();
        onStack.delete(top.name);
        state.set(top.name, "done");
        finished.push(top.name);
        continue;
      }
      const used = (uses[top.next++] as AudienceUse).name;
      if (!position.has(used)) continue;
      const seen = state.get(used);
      if (seen === undefined) {
        onStack.set(used, stack.length);
        stack.push({ name: used, next: 0 });
        state.set(used, "open");
      } else if (seen === "open") {
        const loop = stack.slice(onStack.get(used)).map((frame) => frame.name);
        for (const member of loop) inLoop.add(member);
        // Name each loop once, starting from the member that comes first in the file.
        let first = 0;
        loop.forEach((member, index) => {
          if ((position.get(member) ?? 0) < (position.get(loop[first] as string) ?? 0)) first = index;
        });
        const rotated = [...loop.slice(first), ...loop.slice(0, first)];
        const key = JSON.stringify(rotated);
        if (!loopsSeen.has(key)) {
          loopsSeen.add(key);
          faults.push(loopFault(rotated, infos));
        }
      }
    }
  }

  // `finished` lists every audience after the audiences it uses (loops aside,
  // and those are invalid anyway), so one pass settles validity and depth.
  const valid = new Set<string>();
  const depthOf = new Map<string, number>();
  const sizeOf = new Map<string, number>();
  for (const name of finished) {
    const info = infos.get(name);
    if (info === undefined || !info.ok || inLoop.has(name)) continue;
    let depth = info.depth;
    let sound = true;
    for (const use of info.uses) {
      const usedDepth = depthOf.get(use.name);
      if (!valid.has(use.name) || usedDepth === undefined) {
        sound = false;
        break;
      }
      if (use.level + usedDepth > MAX_CONDITION_DEPTH) {
        faults.push(tooDeep(use.path, true));
        sound = false;
        break;
      }
      depth = Math.max(depth, use.level + usedDepth);
    }
    const size = sound ? expandedSize(info, (used) => sizeOf.get(used) ?? 0) : 0;
    if (size > MAX_EXPANDED_CONDITIONS) {
      faults.push(tooLarge(["audiences", name]));
      sound = false;
    }
    if (sound) {
      valid.add(name);
      depthOf.set(name, depth);
      sizeOf.set(name, size);
    }
  }
  return { valid, depthOf, sizeOf };
}
