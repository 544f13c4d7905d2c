/**
 * The Svelte example's server: every page is rendered by Svelte on the server (render from svelte/server)
 * (dist/server/entry-server.js) into the client build's index.html, with the
 * decisions the request's facts allow already in the HTML.
 *
 *   node examples/svelte/build.mjs && node examples/svelte/server.mjs   (or npm run example:svelte)
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { exitOnBusyPort } from "../../scripts/serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const TYPES = { ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml" };

/** Starts the server on `port` (0: any free port); resolves with its address and its stop. */
export async function startSvelteExample(port = 5176) {
  const template = await readFile(join(here, "dist/client/index.html"), "utf8");
  const { render } = await import(pathToFileURL(join(here, "dist/server/entry-server.js")).href);
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    try {
      if (url.pathname.startsWith("/assets/")) {
        const file = normalize(join(here, "dist/client", url.pathname));
        if (!file.startsWith(join(here, "dist/client"))) throw new Error("outside");
        const body = await readFile(file);
        response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        response.end(body);
        return;
      }
      const { head, body } = render(url, request.headers.cookie ?? "");
      const html = template.replace("<!--head-->", head).replace("<!--app-->", body);
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(html);
    } catch {
      if (!response.headersSent) response.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT) || 5176;
  const { url } = await startSvelteExample(port).catch((error) => exitOnBusyPort(error, port));
  console.log(`Slotwise + Svelte, rendered on the server: ${url}/?city=Bangalore`);
  console.log(`(a returning customer: document.cookie = "customer=repeat_customer", then reload)`);
}
