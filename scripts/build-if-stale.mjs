#!/usr/bin/env node
// Builds dist/ only when it is missing or older than what it is built from
// (src/, schema/, package.json, tsup.config.ts), so an example starts in a
// second when nothing changed. `npm run build` always builds.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { newest } from "./freshness.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

const outputs = ["index.js", "react.js", "edge.js", "authoring.js", "cli.js", "slotwise.global.js", "slotwise.personalize.global.js", "slotwise.later.js", "slotwise.preview.js", "slotwise.matches.js", "slotwise.debug.js", "vue.js", "svelte.js"];
const built = Math.min(...outputs.map((name) => newest(join(root, "dist", name))));
const sources = Math.max(...["src", "schema", "package.json", "tsup.config.ts"].map((name) => newest(join(root, name))));

if (built > 0 && built >= sources) {
  console.log("dist/ is up to date with src/ (npm run build rebuilds it anyway)");
} else {
  console.log(built ? "src/ changed since the last build: building dist/…" : "no dist/ yet: building it (once, about a minute)…");
  const { status } = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  if (status !== 0) process.exit(status ?? 1);
}
