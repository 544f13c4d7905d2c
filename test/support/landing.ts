/**
 * The landing-page example as the tests serve it: examples/landing/index.html
 * as it is, but for a `data-timeout` of 30 s on the script tag. The example's
 * 1000 ms deadline for rules.json is wall time: on a machine under load (2
 * cores, several test runs) the first fetch can miss it, and the slots then
 * keep their defaults, which is right but not what these tests look at (the
 * decisions). The deadline itself is tested in browser-loading.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HTML_HEADERS } from "./pages.js";
import { REPO_ROOT, type TestServer } from "./server.js";

export const LANDING = "/examples/landing/index.html";

export function serveLandingPatiently(server: TestServer): void {
  const html = readFileSync(join(REPO_ROOT, "examples/landing/index.html"), "utf8");
  const tag = ' data-rules-url="rules.json"';
  if (html.split(tag).length !== 2) throw new Error("examples/landing/index.html changed: no single script tag with data-rules-url");
  const body = html.replace(tag, `${tag} data-timeout="30000"`);
  for (const path of [LANDING, "/examples/landing/"]) server.route(path, { headers: HTML_HEADERS, body });
}
