/**
 * Starts the Next.js example as the other examples start: `next build` only
 * when .next/ is older than the example's files or the built package (dist/),
 * then `next start` on 127.0.0.1:PORT (default 3000), with one line for a busy
 * port instead of a stack.
 *
 *   node scripts/build-if-stale.mjs && node examples/next/start.mjs   (or npm run example:next)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPort, exitOnBusyPort } from "../../scripts/serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const NEXT = join(root, "node_modules/next/dist/bin/next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** The newest modification time under `path`, build outputs left out. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((name) => name !== ".next" && name !== "next-env.d.ts" && name !== "node_modules").map((name) => newest(join(path, name))));
}

/** True when .next/ holds a build newer than every file it was built from. */
export function isBuildCurrent() {
  const id = join(here, ".next/BUILD_ID");
  if (!existsSync(id)) return false;
  const sources = Math.max(newest(here), ...["index.js", "react.js"].map((file) => newest(join(root, "dist", file))));
  return statSync(id).mtimeMs > sources;
}

/** `next build` of the example, unless the last one is current; its log is shown only when it fails. */
export function buildIfStale({ quiet = false } = {}) {
  if (isBuildCurrent()) {
    if (!quiet) console.log("examples/next/.next is up to date with the example and dist/");
    return;
  }
  if (!quiet) console.log("building examples/next (next build, about a minute)…");
  const result = spawnSync(process.execPath, [NEXT, "build", here], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    throw new Error(`next build failed (exit ${result.status})`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT) || 3000;
  await checkPort(port).catch((error) => exitOnBusyPort(error, port));
  try {
    buildIfStale();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  const server = spawn(process.execPath, [NEXT, "start", here, "-H", "127.0.0.1", "-p", String(port)], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  server.stderr.on("data", (chunk) => (errors += chunk));
  server.on("exit", (code) => {
    if (/EADDRINUSE/.test(errors)) exitOnBusyPort({ code: "EADDRINUSE" }, port);
    if (code) process.stderr.write(errors);
    process.exit(code ?? 0);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; tries < 600; tries += 1) {
    if (await fetch(`${url}/`, { method: "HEAD" }).then(() => true, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(`Slotwise + Next.js (App Router), decided on the server: ${url}/ (as a visitor from Bangalore: curl -H "x-vercel-ip-city: Bangalore" ${url}/)`);
  console.log("Ctrl+C to stop.");
}
