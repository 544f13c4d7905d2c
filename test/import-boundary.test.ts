/**
 * The two faces stay apart: what visitors download (the script tag, and what
 * an app bundles from `import { createSlotwise } from "slotwise"`) never
 * reaches the authoring face (zod, the sentences of parseRuleSet) nor
 * json-rules-engine. And no module of ours imports itself through others.
 */
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";

/** Modules of the authoring face: the zod schema, parseRuleSet and its sentences, the CLI. */
const AUTHORING = /^(?:node_modules\/(?:zod|json-rules-engine|jsonpath-plus)\/|src\/authoring\/|src\/cli\/)/;

async function graphOf(contents: string, platform: "browser" | "node" = "browser"): Promise<Metafile> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform,
    logLevel: "silent",
    // The npm entry imports the authoring face as a file of its own (tsup.config.ts): leave it out, as an app's bundler does.
    plugins: [{ name: "apart", setup: (b) => b.onResolve({ filter: /^\.\/authoring\/index\.js$/ }, () => ({ path: "authoring", external: true })) }],
  });
  return result.metafile;
}

describe("import boundaries", () => {
  it.each([
    ["the script tag (src/auto.ts)", 'import "./src/auto.ts";'],
    ["the personalize script tag (src/auto-personalize.ts)", 'import "./src/auto-personalize.ts";'],
    ['import { createSlotwise } from "slotwise"', 'import { createSlotwise } from "./src/index.ts"; createSlotwise;'],
    ['import { evaluate } from "slotwise"', 'import { evaluate } from "./src/index.ts"; evaluate;'],
    ['import { Slot } from "slotwise/react"', 'import { Slot, SlotwiseProvider } from "./src/react/index.ts"; Slot; SlotwiseProvider;'],
  ])("%s reaches no authoring module, zod or json-rules-engine", async (_, entry) => {
    const modules = Object.keys((await graphOf(entry)).inputs);
    expect(modules.some((file) => file.startsWith("src/core/decide.ts")), "the graph was read").toBe(true);
    expect(modules.filter((file) => AUTHORING.test(file))).toEqual([]);
  });

  it("the dynamic-content script tag reaches no part of the personalization layer", async () => {
    const modules = Object.keys((await graphOf('import "./src/auto.ts";')).inputs);
    // Two small parts stay: the stored state's reader (storage keeps a visitor's scores whatever
    // build a page loads) and durations (the rule reader checks a file's scores and actions).
    const kept = ["src/core/personalize/state.ts", "src/core/personalize/duration.ts"];
    const personal = /^src\/(?:core\/personalize\/|client\/activation\/|client\/personalizer\.ts|core\/evaluate\.ts)/;
    expect(modules.filter((file) => personal.test(file) && !kept.includes(file))).toEqual([]);
  });

  it("the authoring face does reach zod and the sentences (the check above can fail)", async () => {
    const modules = Object.keys((await graphOf('import { parseRuleSet } from "./src/authoring/index.ts"; parseRuleSet;')).inputs);
    expect(modules.filter((file) => AUTHORING.test(file)).length).toBeGreaterThan(10);
  });

  it("has no import cycles among our modules", async () => {
    const { inputs } = await graphOf('import "./src/index.ts"; import "./src/auto.ts"; import "./src/auto-personalize.ts"; import "./src/authoring/index.ts"; import "./src/cli/main.ts";', "node");
    const ours = (file: string) => file.startsWith("src/");
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]): void => {
      state.set(file, "open");
      for (const { path } of inputs[file]?.imports ?? []) {
        if (!ours(path)) continue;
        if (state.get(path) === "open") cycles.push([...trail.slice(trail.indexOf(path)), path].join(" → "));
        else if (!state.has(path)) visit(path, [...trail, path]);
      }
      state.set(file, "done");
    };
    for (const file of Object.keys(inputs).filter(ours)) if (!state.has(file)) visit(file, [file]);
    expect(cycles).toEqual([]);
  });
});
