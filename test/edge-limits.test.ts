/**
 * "At the edge" promises that had no test (docs/promises.md #127, #129), on
 * the real workerd runtime (miniflare's binary) with its own HTMLRewriter:
 *
 * - a rule file over 512 KB, or one that answers only after `timeout`, leaves
 *   pages as the origin sent them, reported once;
 * - `geoHeaders` names another CDN's geo headers, read when `request.cf` has none;
 * - only `GET` responses are rewritten (a POST's page passes through), and a
 *   partial (206) response passes through byte for byte.
 */
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";
import { workerScript } from "./support/edge.js";
import { startServer, type TestServer } from "./support/server.js";

const RULES = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }],
  },
  variants: { Namaste: { text: "Namaste Bangalore" } },
};
const HTML = { "content-type": "text/html; charset=utf-8" };
const JSON_TYPE = { "content-type": "application/json" };
const PAGE = '<!doctype html><html><head><title>Shop</title></head><body><section data-slot="hero"><h1>Default hero</h1></section></body></html>';
const DECIDED = 'data-slot-variant="Namaste"';

interface Edge {
  fetch(path: string, init?: { method?: string; body?: string; headers?: Record<string, string>; cf?: Record<string, unknown> }): Promise<Response>;
  errors(): Promise<{ code: string; message: string }[]>;
  close(): Promise<void>;
}

async function startEdge(bindings: Record<string, string>): Promise<Edge> {
  const script = workerScript("test/support/edge-worker-options.ts");
  // No internet here: never download Cloudflare's request.cf sample.
  const mf = new Miniflare({ modules: true, script: await script, compatibilityDate: "2025-01-01", bindings, cf: { city: undefined } });
  const base = "http://edge.test";
  return {
    fetch: (path, init = {}) => mf.dispatchFetch(`${base}${path}`, { method: init.method, body: init.body, headers: init.headers, cf: init.cf }) as unknown as Promise<Response>,
    errors: async () => (await (await mf.dispatchFetch(`${base}/__slotwise_errors`)).json()) as { code: string; message: string }[],
    close: () => mf.dispose(),
  };
}

describe("slotwise/edge limits on workerd", { timeout: LOADED_MACHINE_TIMEOUT }, () => {
  let origin: TestServer;
  const started: Edge[] = [];
  const edgeWith = async (bindings: Record<string, string>) => {
    const edge = await startEdge({ ORIGIN: origin.origin, ...bindings });
    started.push(edge);
    return edge;
  };
  const bangalore = { cf: { city: "Bangalore" } };

  beforeAll(async () => {
    origin = await startServer();
    origin.route("/page", { headers: HTML, body: PAGE });
  });
  afterAll(async () => {
    for (const edge of started) await edge.close();
    await origin?.close();
  });

  it("leaves pages as sent when the rule file is over 512 KB, reported once (a file under it is used)", async () => {
    // A valid rule file, padded with a long variant text: 600 KB.
    const big = { ...RULES, variants: { ...RULES.variants, Padding: { text: "x".repeat(600 * 1024) } } };
    origin.route("/rules-big.json", { headers: JSON_TYPE, body: JSON.stringify(big) });
    // A long timeout: what refuses this file must be its size, also on a loaded machine.
    const edge = await edgeWith({ RULES: `${origin.origin}/rules-big.json`, TIMEOUT: "10000" });
    expect(await (await edge.fetch("/page", bangalore)).text()).toBe(PAGE);
    expect(await (await edge.fetch("/page", bangalore)).text()).toBe(PAGE);
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("larger than");

    // Control: the same file padded to 500 KB is used.
    const fits = { ...RULES, variants: { ...RULES.variants, Padding: { text: "x".repeat(500 * 1024) } } };
    origin.route("/rules-fits.json", { headers: JSON_TYPE, body: JSON.stringify(fits) });
    const used = await edgeWith({ RULES: `${origin.origin}/rules-fits.json`, TIMEOUT: "10000" });
    expect(await (await used.fetch("/page", bangalore)).text()).toContain(DECIDED);
    expect(await used.errors()).toEqual([]);
  });

  it("leaves pages as sent when the rule file answers only after the timeout, reported once", async () => {
    // Answers, but 30 s after: the Worker's timeout is 500 ms.
    origin.route("/rules-slow.json", { headers: JSON_TYPE, body: JSON.stringify(RULES), delayMs: 30_000 });
    const edge = await edgeWith({ RULES: `${origin.origin}/rules-slow.json` });
    const started = Date.now();
    expect(await (await edge.fetch("/page", bangalore)).text()).toBe(PAGE);
    // The page came before the file answered (a loaded machine is slow, not 30 s slow).
    expect(Date.now() - started).toBeLessThan(30_000);
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("no answer within 500 ms");
  });

  it("counts the 512 KB in bytes: a file of 300,000 characters that is 600 KB of UTF-8 is refused", async () => {
    const wide = { ...RULES, variants: { ...RULES.variants, Padding: { text: "é".repeat(300 * 1024) } } };
    const body = JSON.stringify(wide);
    expect(body.length).toBeLessThan(512 * 1024);
    expect(Buffer.byteLength(body)).toBeGreaterThan(512 * 1024);
    origin.route("/rules-wide.json", { headers: JSON_TYPE, body });
    const edge = await edgeWith({ RULES: `${origin.origin}/rules-wide.json`, TIMEOUT: "10000" });
    expect(await (await edge.fetch("/page", bangalore)).text()).toBe(PAGE);
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("larger than");

    // Control: 200,000 of them (400 KB of UTF-8) are used.
    const narrow = { ...RULES, variants: { ...RULES.variants, Padding: { text: "é".repeat(200 * 1024) } } };
    origin.route("/rules-narrow.json", { headers: JSON_TYPE, body: JSON.stringify(narrow) });
    const used = await edgeWith({ RULES: `${origin.origin}/rules-narrow.json`, TIMEOUT: "10000" });
    expect(await (await used.fetch("/page", bangalore)).text()).toContain(DECIDED);
    expect(await used.errors()).toEqual([]);
  });

  it("leaves pages as sent when the headers come in time but the body never ends, reported once", async () => {
    const text = JSON.stringify(RULES);
    // Headers and the first half at once; the rest never.
    origin.route("/rules-stall.json", { headers: JSON_TYPE, body: [text.slice(0, 40), text.slice(40)], gate: new Promise(() => {}) });
    const edge = await edgeWith({ RULES: `${origin.origin}/rules-stall.json` });
    const started = Date.now();
    expect(await (await edge.fetch("/page", bangalore)).text()).toBe(PAGE);
    expect(Date.now() - started).toBeLessThan(LOADED_MACHINE_TIMEOUT / 2);
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("did not arrive within 500 ms");
  });

  it("reads geo from the headers geoHeaders names when request.cf has none", async () => {
    const geoHeaders = { country: "x-geo-country", region: "x-geo-region", city: "x-geo-city", timezone: "x-geo-tz" };
    const edge = await edgeWith({ RULES: JSON.stringify(RULES), GEO_HEADERS: JSON.stringify(geoHeaders) });
    const html = await (await edge.fetch("/page", { headers: { "x-geo-country": "IN", "x-geo-region": "Karnataka", "x-geo-city": "Bangalore", "x-geo-tz": "Asia/Kolkata" } })).text();
    expect(html).toContain(`<section data-slot="hero" data-slot-edge="" data-slot-state="variant" ${DECIDED}>`);
    expect(html).toContain('<script type="application/json" data-slotwise-context>{"geo":{"country":"IN","region":"Karnataka","city":"Bangalore"}}</script>');
    // Control: without those headers (and no request.cf) the city is unknown: the browser decides.
    const bare = await (await edge.fetch("/page")).text();
    expect(bare).not.toContain(DECIDED);
    // Other header names are not read.
    const other = await (await edge.fetch("/page", { headers: { "cf-ipcity": "Bangalore", "x-city": "Bangalore" } })).text();
    expect(other).not.toContain(DECIDED);
  });

  it("passes a non-GET response and a partial (206) response through unchanged", async () => {
    const edge = await edgeWith({ RULES: JSON.stringify(RULES) });
    // Control: the same page by GET is rewritten.
    expect(await (await edge.fetch("/page", bangalore)).text()).toContain(DECIDED);
    const post = await edge.fetch("/page", { method: "POST", body: "q=1", headers: { "content-type": "application/x-www-form-urlencoded" }, ...bangalore });
    expect(await post.text()).toBe(PAGE);
    origin.route("/partial", { status: 206, headers: { ...HTML, "content-range": `bytes 0-${PAGE.length - 1}/${PAGE.length + 100}` }, body: PAGE });
    const partial = await edge.fetch("/partial", bangalore);
    expect(partial.status).toBe(206);
    expect(await partial.text()).toBe(PAGE);
    expect(await edge.errors()).toEqual([]);
  });
});
