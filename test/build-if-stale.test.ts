/**
 * Examples (docs/promises.md #10): `npm start` builds dist/ only when src/
 * (or schema/, package.json, tsup.config.ts) is newer than it, through
 * scripts/build-if-stale.mjs, and the examples' build scripts skip their
 * bundle when it is newer than the example and the package (isCurrent of
 * scripts/freshness.mjs, with their arguments).
 *
 * The real scripts run in a scratch copy of the repository's layout whose
 * `npm run build` only counts itself and writes the outputs: a real build
 * here would rewrite dist/ under the other tests.
 */
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";
import { REPO_ROOT } from "./support/server.js";

const run = promisify(execFile);
const OUTPUTS = ["index.js", "react.js", "edge.js", "authoring.js", "cli.js", "slotwise.global.js", "slotwise.personalize.global.js", "slotwise.later.js", "slotwise.matches.js", "slotwise.preview.js", "slotwise.debug.js", "vue.js", "svelte.js"];

/** Sets a file's times `seconds` from now (negative: in the past). */
function age(path: string, seconds: number): void {
  const at = new Date(Date.now() + seconds * 1000);
  utimesSync(path, at, at);
}

describe("scripts/build-if-stale.mjs, in a scratch copy of the layout", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  const root = mkdtempSync(join(tmpdir(), "slotwise-stale-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  mkdirSync(join(root, "scripts"));
  for (const name of ["build-if-stale.mjs", "freshness.mjs"]) copyFileSync(join(REPO_ROOT, "scripts", name), join(root, "scripts", name));
  mkdirSync(join(root, "src"));
  mkdirSync(join(root, "schema"));
  writeFileSync(join(root, "src", "index.ts"), "export {};\n");
  writeFileSync(join(root, "schema", "rules.schema.json"), "{}\n");
  writeFileSync(join(root, "tsup.config.ts"), "export default {};\n");
  // `npm run build` counts its runs in build.log and writes every output the script checks.
  const build = `const fs=require('fs');fs.mkdirSync('dist',{recursive:true});for(const f of ${JSON.stringify(OUTPUTS)})fs.writeFileSync('dist/'+f,'');fs.appendFileSync('build.log','built\\n')`;
  writeFileSync(join(root, "package.json"), JSON.stringify({ name: "scratch", private: true, scripts: { build: `node -e "${build.replace(/"/g, '\\"')}"` } }));
  for (const path of ["src/index.ts", "schema/rules.schema.json", "tsup.config.ts", "package.json"]) age(join(root, path), -3600);

  const start = async () => (await run(process.execPath, [join(root, "scripts/build-if-stale.mjs")], { cwd: root })).stdout;
  const builds = () => (existsSync(join(root, "build.log")) ? readFileSync(join(root, "build.log"), "utf8").split("\n").filter(Boolean).length : 0);

  it("builds when there is no dist/, then not again while nothing changed", async () => {
    expect(await start()).toContain("no dist/ yet: building it");
    expect(builds()).toBe(1);
    expect(await start()).toContain("dist/ is up to date with src/");
    expect(builds()).toBe(1);
  });

  it("builds again when a source is newer than dist/, or an output is missing", async () => {
    age(join(root, "src", "index.ts"), 60);
    expect(await start()).toContain("src/ changed since the last build: building dist/");
    expect(builds()).toBe(2);
    for (const name of OUTPUTS) age(join(root, "dist", name), 120);
    expect(await start()).toContain("up to date");
    expect(builds()).toBe(2);
    rmSync(join(root, "dist", "slotwise.later.js"));
    await start();
    expect(builds()).toBe(3);
  });
});

/** scripts/freshness.mjs (plain JavaScript, no declaration file: imported by address). */
type IsCurrent = (outputs: string[], sources: string[], skip?: string[]) => boolean;
const FRESHNESS = "../scripts/freshness.mjs";

describe("isCurrent, as the examples' build scripts call it", () => {
  it("is true only when the bundle is newer than the example's files and the package's dist/, skipping dist and node_modules", async () => {
    const { isCurrent } = (await import(FRESHNESS)) as { isCurrent: IsCurrent };
    const root = mkdtempSync(join(tmpdir(), "slotwise-example-"));
    try {
      const example = join(root, "examples", "spa");
      const pkgDist = join(root, "dist");
      for (const dir of [join(example, "dist"), join(example, "node_modules", "x"), pkgDist]) mkdirSync(dir, { recursive: true });
      const bundle = join(example, "dist", "index.html");
      writeFileSync(join(example, "main.ts"), "");
      writeFileSync(join(pkgDist, "index.js"), "");
      writeFileSync(join(example, "node_modules", "x", "index.js"), "");
      const check = () => isCurrent([bundle], [example, pkgDist], ["dist", "node_modules"]);
      age(join(example, "main.ts"), -60);
      age(join(pkgDist, "index.js"), -60);
      age(join(example, "node_modules", "x", "index.js"), -60);
      expect(check(), "no bundle yet").toBe(false);
      writeFileSync(bundle, "");
      expect(check(), "just built").toBe(true);
      // A dependency installed later, or the bundle itself, is no reason to rebuild.
      age(join(example, "node_modules", "x", "index.js"), 60);
      expect(check()).toBe(true);
      age(join(example, "main.ts"), 60);
      expect(check(), "the example changed").toBe(false);
      age(join(example, "main.ts"), -60);
      age(join(pkgDist, "index.js"), 60);
      expect(check(), "the package was rebuilt").toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
