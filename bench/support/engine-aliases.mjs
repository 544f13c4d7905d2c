/**
 * The engine aliases of the build (json-rules-engine's dependencies swapped
 * for src/core/engine-shims), read from scripts/engine-aliases.ts so the
 * benchmarks bundle exactly as tsup does without a TypeScript loader, and
 * cannot drift from it (test/size-budget.test.ts also compares the two).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SOURCE = fileURLToPath(new URL("../../scripts/engine-aliases.ts", import.meta.url));

/** @returns {Record<string, string>} package name -> absolute path of its shim */
export function readEngineAliases() {
  const text = readFileSync(SOURCE, "utf8");
  const aliases = {};
  for (const match of text.matchAll(/["']?([\w@/-]+)["']?\s*:\s*shim\(\s*["']([\w-]+)["']\s*\)/g)) {
    aliases[match[1]] = fileURLToPath(new URL(`../../src/core/engine-shims/${match[2]}.ts`, import.meta.url));
  }
  if (Object.keys(aliases).length === 0) throw new Error(`no engine alias found in ${SOURCE}: update bench/support/engine-aliases.mjs`);
  return aliases;
}
