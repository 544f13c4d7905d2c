/**
 * The README's promises about the package itself (Install, docs/promises.md
 * #23): no dependencies, no source maps in what `npm pack` ships, every
 * `exports` condition object lists `types` first, and `sideEffects: false`.
 * The packed file list is what `npm pack --dry-run` would put in the tarball
 * (from the dist/ that `npm test` has just built; `--ignore-scripts`, so no
 * second build rewrites dist/ under the other tests). test/pack.test.ts
 * installs the real tarball; this file reads the manifest and the file list.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const run = promisify(execFile);
const repo = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, unknown> & { exports: Record<string, unknown> };

/** Every conditions object under `exports`, with where it is. */
function conditionObjects(value: unknown, at: string, out: Array<{ at: string; keys: string[] }> = []): Array<{ at: string; keys: string[] }> {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (!keys.some((key) => key.startsWith("."))) out.push({ at, keys });
    for (const key of keys) conditionObjects((value as Record<string, unknown>)[key], `${at}.${key}`, out);
  }
  return out;
}

describe("package.json", () => {
  it("has no dependencies: nothing an install would fetch besides the package", () => {
    for (const field of ["dependencies", "bundleDependencies", "bundledDependencies", "optionalDependencies"]) {
      expect(pkg[field], field).toBeUndefined();
    }
    // Frameworks are optional peers: an app that uses none installs none.
    const peers = (pkg.peerDependenciesMeta ?? {}) as Record<string, { optional?: boolean }>;
    for (const name of Object.keys((pkg.peerDependencies ?? {}) as object)) expect(peers[name]?.optional, name).toBe(true);
  });

  it("lists types first in every exports condition object, and sideEffects is false", () => {
    expect(pkg.sideEffects).toBe(false);
    const withTypes = conditionObjects(pkg.exports, "exports").filter(({ keys }) => keys.includes("types"));
    // Every entry with code has types: the main one, authoring, react, vue, svelte, edge (import and require).
    expect(withTypes.length).toBeGreaterThanOrEqual(6);
    for (const { at, keys } of withTypes) expect(keys[0], at).toBe("types");
  });
});

describe.skipIf(!existsSync(join(repo, "dist/index.js")))("the packed files", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  let files: string[] = [];
  beforeAll(async () => {
    const { stdout } = await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repo });
    files = (JSON.parse(stdout) as Array<{ files: { path: string }[] }>)[0]!.files.map((file) => file.path);
  }, LOADED_MACHINE_TIMEOUT);

  it("ship no source maps, and no file points to one", () => {
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/slotwise.global.js");
    expect(files.filter((file) => /\.map$/.test(file))).toEqual([]);
    const pointing = files.filter((file) => /\.(c|m)?js$/.test(file) && /[#@] sourceMappingURL=/.test(readFileSync(join(repo, file), "utf8")));
    expect(pointing).toEqual([]);
  });
});
