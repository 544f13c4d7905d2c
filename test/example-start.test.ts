/**
 * The examples' start commands on a busy port (issue 22): one plain line
 * naming the port and how to pick another (`PORT=…`), exit 1, no stack, and
 * no build started first. The servers that need their own build (React, Vue,
 * Svelte: examples/<name>/dist) are checked when that build is there.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";
import { REPO_ROOT } from "./support/server.js";

const run = promisify(execFile);

const STARTS: { script: string; name: string; needs?: string }[] = [
  { script: "scripts/serve.mjs", name: "npm start (the landing page)" },
  { script: "examples/next/start.mjs", name: "npm run example:next" },
  { script: "examples/edge/run.mjs", name: "npm run example:edge" },
  ...["react", "vue", "svelte"].map((name) => ({ script: `examples/${name}/server.mjs`, name: `npm run example:${name}`, needs: `examples/${name}/dist/client/index.html` })),
];

// Each test spawns node (the edge example loads miniflare first): minutes on a loaded machine.
describe("an example's start command on a busy port", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  let taken: Server;
  let port = 0;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const address = taken.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  for (const start of STARTS) {
    it.skipIf(start.needs !== undefined && !existsSync(join(REPO_ROOT, start.needs)))(`${start.name} says so in one line and exits 1`, async () => {
      const env = { ...process.env, PORT: String(port), npm_lifecycle_event: "" };
      const result = await run(process.execPath, [start.script], { cwd: REPO_ROOT, env, timeout: LOADED_MACHINE_TIMEOUT }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`Port ${port} is already in use; start on another one: PORT=${port + 1} node ${join(REPO_ROOT, start.script)}\n`);
    });
  }
});
