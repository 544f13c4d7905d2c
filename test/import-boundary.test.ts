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
    expect(modules.some((file) => /^src\/(?:core|runtime)\/decide\.ts/.test(file)), "the graph was read").toBe(true);
    expect(modules.filter((file) => AUTHORING.test(file))).toEqual([]);
  });

  it.each([
    ["the dynamic-content script tag", "src/auto.ts"],
    ['import { createSlotwise } from "slotwise"', 'export { createSlotwise } from "./src/index.ts";'],
    ["the personalize script tag (the check can fail)", "src/auto-personalize.ts"],
  ])("%s carries no part of the personalization layer", async (name, entry) => {
    // What ends up in the bundle (a module only read, then shaken off, does not count).
    const result = await build({
      ...(entry.endsWith(".ts") ? { entryPoints: [entry] } : { stdin: { contents: entry, resolveDir: process.cwd(), loader: "ts" as const } }),
      bundle: true,
      write: false,
      outfile: "bundle.js",
      metafile: true,
      format: "esm",
      platform: "browser",
      logLevel: "silent",
      external: ["./authoring/index.js"],
    });
    const modules = Object.values(result.metafile.outputs).flatMap((out) => Object.entries(out.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file));
    expect(modules.some((file) => file.startsWith("src/runtime/instance.ts")), "the bundle was read").toBe(true);
    // The stored personalization state is opaque data there; the rule reader keeps the personal sections raw.
    const personal = /^src\/(?:core\/personalize\/|plugins\/personalize\/|core\/read\/read-personal\.ts|core\/evaluate\.ts)/;
    const found = modules.filter((file) => personal.test(file));
    if (name.includes("can fail")) expect(found.length).toBeGreaterThan(5);
    else expect(found).toEqual([]);
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
