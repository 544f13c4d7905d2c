#!/usr/bin/env node
// Serves the repository on http://localhost:PORT (default 5173) so the
// examples can load the built script tag from /dist. Loopback only.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const start = process.argv[2] ?? "/examples/landing/";
const port = Number(process.env.PORT ?? 5173);
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".css": "text/css", ".svg": "image/svg+xml", ".map": "application/json" };

createServer(async (req, res) => {
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
}).listen(port, "127.0.0.1", () => {
  console.log(`Slotwise example: http://localhost:${port}${start}`);
  console.log("Try a visitor from the panel on the right; edit examples/landing/rules.json and reload. Ctrl+C to stop.");
});
