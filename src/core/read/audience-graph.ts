/**
 * Which audiences evaluation can use: sound themselves, in no loop, standing
 * only on usable audiences, and within MAX_CONDITION_DEPTH once expanded. The
 * walk keeps its own stack, so a chain of a hundred thousand audiences cannot
 * overflow the call stack.
 */
import { MAX_CONDITION_DEPTH } from "../parse-limits.js";
import { fail, type AudienceUse, type Reader } from "./reader.js";

export interface AudienceNode {
  ok: boolean;
  uses: readonly AudienceUse[];
  depth: number;
}

export interface AudienceGraph {
  valid: Set<string>;
  /** For each valid audience, its depth with the audiences it uses expanded. */
  depthOf: Map<string, number>;
}

export function readAudienceGraph(reader: Reader, nodes: ReadonlyMap<string, AudienceNode>): AudienceGraph {
  const state = new Map<string, "open" | "done">();
  const order = [...nodes.keys()];
  const inLoop = new Set<string>();
  const loops = new Set<string>();
  const finished: string[] = [];
  for (const start of nodes.keys()) {
    if (state.has(start)) continue;
    const stack = [{ name: start, next: 0 }];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const uses = nodes.get(top.name)?.uses ?? [];
      if (top.next >= uses.length) {
        stack.pop();
        state.set(top.name, "done");
        finished.push(top.name);
        continue;
      }
      const use = uses[top.next++]!;
      if (!nodes.has(use.name)) continue;
      const seen = state.get(use.name);
      if (seen === undefined) {
        stack.push({ name: use.name, next: 0 });
        state.set(use.name, "open");
      } else if (seen === "open") {
        const loop = stack.slice(stack.findIndex((frame) => frame.name === use.name)).map((frame) => frame.name);
        for (const name of loop) inLoop.add(name);
        // Reported once per loop, at the first audience of the file in it, where it uses the next.
        const first = loop.reduce((a, b) => (order.indexOf(b) < order.indexOf(a) ? b : a));
        const at = loop.indexOf(first);
        const key = [...loop.slice(at), ...loop.slice(0, at)].join("\0");
        if (loops.has(key)) continue;
        loops.add(key);
        const next = loop[(at + 1) % loop.length];
        fail(reader, "AUDIENCE_CYCLE", nodes.get(first)?.uses.find((candidate) => candidate.name === next)?.path ?? ["audiences", first]);
      }
    }
  }

  // Post-order: every audience an audience uses is judged before it.
  const graph: AudienceGraph = { valid: new Set(), depthOf: new Map() };
  for (const name of finished) {
    const node = nodes.get(name)!;
    if (!node.ok || inLoop.has(name)) continue;
    const depth = expandedDepth(reader, graph, node.uses, node.depth);
    if (depth === undefined) continue;
    graph.valid.add(name);
    graph.depthOf.set(name, depth);
  }
  return graph;
}

/**
 * The depth of a condition at `depth` with the audiences it `uses` expanded,
 * or `undefined` when one of them is not usable or the expansion nests too deep.
 */
export function expandedDepth(reader: Reader, graph: AudienceGraph, uses: readonly AudienceUse[], depth: number): number | undefined {
  for (const use of uses) {
    const used = graph.depthOf.get(use.name);
    if (used === undefined) return undefined;
    if (use.level + used > MAX_CONDITION_DEPTH) {
      fail(reader, "TOO_DEEP", use.path);
      return undefined;
    }
    depth = Math.max(depth, use.level + used);
  }
  return depth;
}
