#!/usr/bin/env node
// Serves the repository on http://localhost:PORT (PORT=5174 npm start; default 5173) so the
// examples can load the built script tag from /dist. Loopback only.
// Also imported by examples/edge/run.mjs, as the origin behind the Worker.
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".css": "text/css", ".svg": "image/svg+xml", ".map": "application/json" };

/** Starts the static server on `port` (0: any free port); resolves with its origin. */
export function serveRepository(port) {
  const server = createServer(async (req, res) => {
    let path = normalize(join(root, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    try {
      if ((await stat(path)).isDirectory()) path = join(path, "index.html");
      const body = await readFile(path);
      res.writeHead(200, { "content-type": `${types[extname(path)] ?? "application/octet-stream"}; charset=utf-8`, "cache-control": "no-cache" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve({ origin: `http://127.0.0.1:${server.address().port}`, server }));
  });
}

/**
 * Resolves when `port` on 127.0.0.1 is free, rejects with EADDRINUSE when it
 * is taken: for servers that cannot report a busy port in one line themselves
 * (workerd, next start print their own stacks).
 */
export function checkPort(port) {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve()));
  });
}

/** One line for a port already taken (not a stack), then exit; other errors as they are. */
export function exitOnBusyPort(error, port) {
  if (error?.code !== "EADDRINUSE" && error?.code !== "ERR_ADDRESS_IN_USE") throw error;
  const script = process.env.npm_lifecycle_event;
  const command = !script ? `node ${process.argv[1]}` : script === "start" ? "npm start" : `npm run ${script}`;
  console.error(`Port ${port} is already in use; start on another one: PORT=${port + 1} ${command}`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const start = process.argv[2] ?? "/examples/landing/";
  const port = Number(process.env.PORT ?? 5173);
  const { origin } = await serveRepository(port).catch((error) => exitOnBusyPort(error, port));
  console.log(`Slotwise example: ${origin.replace("127.0.0.1", "localhost")}${start}`);
  console.log("Try a visitor from the panel on the right; edit examples/landing/rules.json and reload.");
  console.log(`Why does this visitor see that? ${origin.replace("127.0.0.1", "localhost")}${start}?slotwise_debug=1`);
  console.log(`The playground (edit rules and a visitor, see the decisions): ${origin.replace("127.0.0.1", "localhost")}/examples/playground/`);
  console.log("Ctrl+C to stop.");
}
