/**
 * The README's npm path, as a user takes it: `npm pack` this repository,
 * install the tarball into a scratch app in a temp directory (offline: the
 * package has no dependencies), import every entry the package exports (ESM
 * and CommonJS; slotwise/vue rendered by Vue's server renderer, slotwise/svelte's
 * components through the `svelte` condition, compiled by the app's Svelte),
 * resolve its types under `node10` resolution, and run the CLI
 * with `npx slotwise check`. It packs the dist/ that `npm test` has just built
 * (`--ignore-scripts`: a second build here would rewrite dist/ under the other
 * tests); that `npm pack` builds by itself is the `prepack` script, checked below.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string>; exports: Record<string, unknown> };

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

// Each test spawns node, tsc or npx: on a loaded machine (load 30+) one takes a minute, so the
// limits guard against a hang, not a speed (test/support/load.ts).
describe.skipIf(!existsSync(join(repo, "dist/index.js")))("the packed package, installed into an app", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  let dir = "";
  let app = "";
  let packed: Packed;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "slotwise-pack-"));
    const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: repo });
    packed = (JSON.parse(stdout) as Packed[])[0]!;
    app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "scratch-app", private: true, type: "module" }));
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", join(dir, packed.filename)], { cwd: app });
    // slotwise/react, /vue and /svelte need the app's framework (optional peer dependencies): lend it this repository's.
    for (const name of ["react", "@types/react", "vue", "@vue/server-renderer", "svelte"]) {
      mkdirSync(join(app, "node_modules", name, ".."), { recursive: true });
      symlinkSync(join(repo, "node_modules", name), join(app, "node_modules", name), "dir");
    }
    writeFileSync(join(app, "rules.json"), readFileSync(join(repo, "examples/landing/rules.json")));
  }, LOADED_MACHINE_TIMEOUT);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("builds before it packs (prepack), and ships dist/ with the script tags, the debugger and the schema", () => {
    expect(pkg.scripts.prepack).toBe("npm run build");
    const files = packed.files.map((file) => file.path);
    for (const file of ["dist/index.js", "dist/index.cjs", "dist/authoring.js", "dist/react.js", "dist/vue.js", "dist/vue.cjs", "dist/svelte.js", "dist/svelte/index.js", "dist/svelte/Slot.svelte", "dist/svelte/SlotwiseProvider.svelte", "dist/edge.js", "dist/edge.cjs", "dist/cli.js", "dist/slotwise.global.js", "dist/slotwise.personalize.global.js", "dist/slotwise.later.js", "dist/slotwise.preview.js", "dist/slotwise.matches.js", "dist/slotwise.debug.js", "schema/rules.schema.json"]) {
      expect(files).toContain(file);
    }
    console.log(`npm pack: ${(packed.size / 1024).toFixed(0)} KB tarball, ${(packed.unpackedSize / 1024 / 1024).toFixed(2)} MB unpacked, ${files.length} files`);
  });

  it("imports every entry as ESM and requires every CommonJS one", async () => {
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const out = {};
      for (const name of ["slotwise", "slotwise/authoring", "slotwise/react", "slotwise/vue", "slotwise/svelte", "slotwise/edge"]) out[name] = Object.keys(await import(name)).sort();
      for (const name of ["slotwise", "slotwise/authoring", "slotwise/react", "slotwise/vue", "slotwise/edge"]) out["require " + name] = Object.keys(require(name)).sort();
      for (const name of ["slotwise/slotwise.global.js", "slotwise/slotwise.personalize.global.js", "slotwise/slotwise.debug.js", "slotwise/schema/rules.schema.json", "slotwise/package.json"]) out[name] = require.resolve(name).replace(process.cwd(), ".");
      const { evaluate, defineRules } = await import("slotwise");
      const rules = JSON.parse((await import("node:fs")).readFileSync("rules.json", "utf8"));
      out.decided = evaluate(defineRules(rules), { geo: { city: "Bangalore" } }).decisions.find((d) => d.slot === "hero-banner").variant;
      console.log(JSON.stringify(out));
    `;
    writeFileSync(join(app, "entries.mjs"), script);
    const { stdout } = await run("node", ["entries.mjs"], { cwd: app });
    const out = JSON.parse(stdout) as Record<string, string[] | string>;
    expect(out.slotwise).toEqual(expect.arrayContaining(["createSlotwise", "evaluate", "defineRules", "parseRuleSet"]));
    expect(out["require slotwise"]).toEqual(out.slotwise);
    expect(out["slotwise/authoring"]).toEqual(expect.arrayContaining(["formatFault"]));
    expect(out["require slotwise/authoring"]).toEqual(out["slotwise/authoring"]);
    expect(out["slotwise/react"]).toEqual(expect.arrayContaining(["Slot", "SlotwiseProvider", "useDecision", "decideOnServer"]));
    expect(out["require slotwise/react"]).toEqual(out["slotwise/react"]);
    expect(out["slotwise/vue"]).toEqual(expect.arrayContaining(["createSlotwisePlugin", "SlotwiseSlot", "SlotwiseState", "useDecision", "useSlotwise"]));
    expect(out["require slotwise/vue"]).toEqual(out["slotwise/vue"]);
    // Without the `svelte` condition (plain Node): the components' TypeScript half.
    expect(out["slotwise/svelte"]).toEqual(expect.arrayContaining(["setSlotwise", "getSlotwise", "decision", "bindSlot", "stateScript"]));
    expect(out["slotwise/edge"]).toEqual(expect.arrayContaining(["slotwiseWorker"]));
    expect(out["require slotwise/edge"]).toEqual(out["slotwise/edge"]);
    expect(out["slotwise/slotwise.debug.js"]).toBe("./node_modules/slotwise/dist/slotwise.debug.js");
    expect(out["slotwise/slotwise.global.js"]).toBe("./node_modules/slotwise/dist/slotwise.global.js");
    expect(out.decided).toBe("BangaloreOffer");
  });

  it("renders slotwise/vue on the server with the app's Vue", async () => {
    writeFileSync(
      join(app, "vue.mjs"),
      `
      import { readFileSync } from "node:fs";
      import { createSSRApp, h } from "vue";
      import { renderToString } from "@vue/server-renderer";
      import { createSlotwisePlugin, SlotwiseSlot, SlotwiseState } from "slotwise/vue";
      const rules = JSON.parse(readFileSync("rules.json", "utf8"));
      const root = createSSRApp({ render: () => [h(SlotwiseSlot, { name: "hero-banner", as: "h1" }, () => "Default"), h(SlotwiseState)] });
      root.use(createSlotwisePlugin({ rules, context: { geo: { city: "Bangalore" } } }));
      console.log(await renderToString(root));
    `,
    );
    const { stdout } = await run("node", ["vue.mjs"], { cwd: app });
    expect(stdout).toContain('data-slot-variant="BangaloreOffer"');
    expect(stdout).toContain("data-slotwise-state");
  });

  it("renders slotwise/svelte's components through the svelte condition, compiled by the app's Svelte", async () => {
    // What a Svelte bundler does: resolve with the `svelte` condition (the components' source) and compile each .svelte file.
    writeFileSync(
      join(app, "svelte-hooks.mjs"),
      `
      import { readFile } from "node:fs/promises";
      import { compile } from "svelte/compiler";
      export async function load(url, context, next) {
        if (!url.endsWith(".svelte")) return next(url, context);
        const { js } = compile(await readFile(new URL(url), "utf8"), { generate: "server", filename: url });
        return { format: "module", source: js.code, shortCircuit: true };
      }
    `,
    );
    writeFileSync(join(app, "svelte-register.mjs"), 'import { register } from "node:module";\nregister("./svelte-hooks.mjs", import.meta.url);\n');
    writeFileSync(
      join(app, "App.svelte"),
      '<script>\n  import { Slot, SlotwiseProvider } from "slotwise/svelte";\n  let { rules } = $props();\n</script>\n\n<SlotwiseProvider {rules} context={{ geo: { city: "Bangalore" } }}><Slot name="hero-banner" as="h1">Default</Slot></SlotwiseProvider>\n',
    );
    writeFileSync(
      join(app, "svelte.mjs"),
      `
      import { readFileSync } from "node:fs";
      import { render } from "svelte/server";
      import * as entry from "slotwise/svelte";
      import App from "./App.svelte";
      const rules = JSON.parse(readFileSync("rules.json", "utf8"));
      console.log(JSON.stringify({ keys: Object.keys(entry).sort(), body: render(App, { props: { rules } }).body }));
    `,
    );
    const { stdout } = await run("node", ["--conditions=svelte", "--import", "./svelte-register.mjs", "svelte.mjs"], { cwd: app });
    const out = JSON.parse(stdout) as { keys: string[]; body: string };
    expect(out.keys).toEqual(expect.arrayContaining(["Slot", "SlotwiseProvider", "setSlotwise"]));
    expect(out.body).toContain('data-slot-variant="BangaloreOffer"');
    expect(out.body).toContain("data-slotwise-state");
  });

  it("marks slotwise/react as a client module for React Server Components, and only it", () => {
    const dist = join(app, "node_modules/slotwise/dist");
    expect(readFileSync(join(dist, "react.js"), "utf8").startsWith('"use client";\n')).toBe(true);
    expect(readFileSync(join(dist, "react.cjs"), "utf8").startsWith('"use client";\n')).toBe(true);
    expect(readFileSync(join(dist, "index.js"), "utf8")).not.toContain("use client");
  });

  it("resolves the types of every entry under node10 and bundler resolution", async () => {
    writeFileSync(
      join(app, "types.ts"),
      [
        'import { createSlotwise, defineRules, type RuleSetDocument } from "slotwise";',
        'import { formatFault } from "slotwise/authoring";',
        'import { SlotwiseProvider } from "slotwise/react";',
        'import { createSlotwisePlugin } from "slotwise/vue";',
        'import { setSlotwise, type SlotProps } from "slotwise/svelte";',
        'import { slotwiseWorker } from "slotwise/edge";',
        'const rules: RuleSetDocument = defineRules({ version: 1, slots: { hero: [{ name: "x", show: "A" }] }, variants: { A: { text: "a" } } });',
        "createSlotwise({ rules });",
        'const props: SlotProps = { name: "hero" };',
        "export { formatFault, SlotwiseProvider, slotwiseWorker, createSlotwisePlugin, setSlotwise, props };",
      ].join("\n"),
    );
    const tsc = join(repo, "node_modules/typescript/bin/tsc");
    const common = ["--noEmit", "--strict", "--skipLibCheck", "--target", "es2020", "--lib", "es2022,dom", "types.ts"];
    for (const flags of [["--module", "commonjs", "--moduleResolution", "node10"], ["--module", "esnext", "--moduleResolution", "bundler"], ["--module", "nodenext", "--moduleResolution", "nodenext"]]) {
      const result = await run("node", [tsc, ...flags, ...common], { cwd: app }).catch((error: { stdout: string }) => ({ stdout: error.stdout, failed: true }));
      expect(result.stdout, flags.join(" ")).toBe("");
    }
  }, 2 * LOADED_MACHINE_TIMEOUT); // three tsc runs

  it("runs the CLI with npx slotwise check", async () => {
    const { stdout } = await run("npx", ["--offline", "slotwise", "check", "rules.json"], { cwd: app });
    expect(stdout.trim()).toBe("rules.json: ok");
    const failed = await run("npx", ["--offline", "slotwise", "check", "missing.json"], { cwd: app }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(failed).not.toBe(0);
  });
});
