/**
 * slotwise/vue and slotwise/svelte stay on the runtime's side of the
 * boundary test/import-boundary.test.ts draws: they reach no authoring
 * module, zod or json-rules-engine, and share React's slot store and server
 * state instead of a copy.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const AUTHORING = /^(?:node_modules\/(?:zod|json-rules-engine|jsonpath-plus)\/|src\/authoring\/|src\/cli\/)/;

async function modulesOf(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "browser",
    logLevel: "silent",
    external: ["vue", "svelte", "svelte/*"],
    plugins: [{ name: "apart", setup: (b) => b.onResolve({ filter: /^\.\/authoring\/index\.js$/ }, () => ({ path: "authoring", external: true })) }],
  });
  return Object.keys(result.metafile.inputs);
}

describe("framework adapters' imports", () => {
  it.each([
    ["slotwise/vue", 'import { createSlotwisePlugin, SlotwiseSlot } from "./src/vue/index.ts"; createSlotwisePlugin; SlotwiseSlot;'],
    ["slotwise/svelte (its TypeScript half)", 'import { setSlotwise, bindSlot } from "./src/svelte/context.ts"; setSlotwise; bindSlot;'],
  ])("%s reaches no authoring module and uses React's shared store", async (_, entry) => {
    const modules = await modulesOf(entry);
    expect(modules.filter((file) => AUTHORING.test(file))).toEqual([]);
    expect(modules).toEqual(expect.arrayContaining(["src/react/store.ts", "src/react/server-state.ts"]));
    expect(modules.filter((file) => file.startsWith("src/react/components"))).toEqual([]);
  });
});
