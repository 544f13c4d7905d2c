/**
 * slotwise/edge on the real workerd runtime (miniflare's binary), with the
 * runtime's own HTMLRewriter: the seed scenarios rewritten in the stream, a
 * body streamed with a pause inside a slot, the hand-over to the browser,
 * rules from a URL (cached, last good copy kept) and hostile inputs that
 * must pass through unchanged.
 */
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge, type EdgeRuntime } from "./support/edge.js";
import { startServer, type TestServer } from "./support/server.js";

const RULES = {
  version: 1,
  slots: {
    hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equalIgnoreCase", value: "Bangalore" }] }, show: "BangaloreOffer" }],
    offer: [
      { name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" },
      { name: "New customers", when: { all: [{ fact: "user.type", operator: "equal", value: "new_customer" }] }, show: "WelcomeDiscount" },
    ],
    headline: [{ name: "Spring campaign", when: { all: [{ fact: "campaign.source", operator: "equal", value: "spring_sale" }] }, show: "SpringHeadline" }],
    cta: [{ name: "Returning", when: { all: [{ fact: "visitor.type", operator: "equal", value: "returning" }] }, show: "WelcomeBack" }],
    mobile: [{ name: "Phones", when: { all: [{ fact: "device.type", operator: "equal", value: "mobile" }] }, show: "AppBanner" }],
    evening: [{ name: "Evening in Kolkata time", when: { all: [{ fact: "time.hour", operator: "greaterThanInclusive", value: 0 }] }, show: "Hello" }],
    promo: [{ name: "Page template", show: "PageTemplateOnly" }],
  },
  variants: {
    BangaloreOffer: { html: '<h1 onclick="steal()">Namaste {{geo.city}}: 20% off</h1><script>steal()</script>' },
    LoyaltyOffer: { html: "<strong>Welcome back, {{user.firstName}}</strong>" },
    WelcomeDiscount: { text: "10% off with <HELLO10>" },
    SpringHeadline: { text: "Spring sale: everything 30% off" },
    WelcomeBack: { text: "Welcome back" },
    AppBanner: { text: "Get the app" },
    Hello: { text: "Hello at {{time.hour}}h" },
  },
};

const slot = (name: string, inner: string) => `<section data-slot="${name}">${inner}</section>`;
const PAGE = [
  "<!doctype html><html><head><title>Shop</title></head><body>",
  slot("hero", "<h1>Default hero</h1>"),
  slot("offer", "<p>Join today</p>"),
  slot("headline", "Everything, tomorrow"),
  slot("cta", "Start shopping"),
  slot("mobile", "Shop on the web"),
  slot("promo", "Promo"),
  slot("not-in-rules", "Kept"),
  '<img data-slot="hero" alt="a slot on a void element is left alone">',
  "</body></html>",
].join("\n");

const HTML = { "content-type": "text/html; charset=utf-8" };

/** The `<section data-slot=NAME …>…</section>` of a page, as the edge sent it. */
function slotHtml(html: string, name: string): string {
  return new RegExp(`<section data-slot="${name}"[^>]*>[\\s\\S]*?</section>`).exec(html)?.[0] ?? "";
}

describe("slotwise/edge on workerd", () => {
  let origin: TestServer;
  let edge: EdgeRuntime;

  beforeAll(async () => {
    origin = await startServer();
    origin.route("/page", { headers: HTML, body: PAGE });
    edge = await startEdge({ ORIGIN: origin.origin, RULES: JSON.stringify(RULES) });
  }, 30_000);
  afterAll(async () => {
    await edge?.close();
    await origin?.close();
  });

  it("rewrites the city slot from request.cf, sanitized, with the default kept for the browser", async () => {
    const response = await edge.fetch("/page", { cf: { city: "Bangalore", country: "IN", region: "Karnataka", timezone: "Asia/Kolkata" } });
    const html = await response.text();
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(slotHtml(html, "hero")).toBe(
      '<section data-slot="hero" data-slot-edge="" data-slot-state="variant" data-slot-variant="BangaloreOffer"><template data-slot-default><h1>Default hero</h1></template><h1>Namaste Bangalore: 20% off</h1></section>',
    );
    // What the browser cannot compute goes into the head, first.
    expect(html).toContain('<head><script type="application/json" data-slotwise-context>{"geo":{"country":"IN","region":"Karnataka","city":"Bangalore"}}</script><title>');
    // Left to the browser: visitor.* (stored state), a page-template variant, a void element.
    expect(slotHtml(html, "cta")).toBe('<section data-slot="cta">Start shopping</section>');
    expect(slotHtml(html, "promo")).toBe('<section data-slot="promo">Promo</section>');
    expect(html).toContain('<img data-slot="hero" alt="a slot on a void element is left alone">');
    // No user.* in this request (no cookie): the browser may know the customer, so it decides.
    expect(slotHtml(html, "offer")).toBe('<section data-slot="offer"><p>Join today</p></section>');
    // Decided to its default: marked, content untouched.
    expect(slotHtml(html, "mobile")).toBe('<section data-slot="mobile" data-slot-edge="" data-slot-state="default">Shop on the web</section>');
    expect(slotHtml(html, "not-in-rules")).toBe('<section data-slot="not-in-rules" data-slot-edge="" data-slot-state="default">Kept</section>');
  });

  it("decides the customer type from a cookie, and the campaign from the URL", async () => {
    const repeat = await (await edge.fetch("/page?utm_source=spring_sale&utm_medium=cpc", { headers: { cookie: "customer=repeat_customer; name=<Asha>" } })).text();
    expect(slotHtml(repeat, "offer")).toContain('data-slot-variant="LoyaltyOffer"><template data-slot-default><p>Join today</p></template><strong>Welcome back, &lt;Asha&gt;</strong></section>');
    expect(slotHtml(repeat, "headline")).toContain('data-slot-variant="SpringHeadline"><template data-slot-default>Everything, tomorrow</template>Spring sale: everything 30% off</section>');
    expect(repeat).toContain('"user":{"type":"repeat_customer","firstName":"<Asha>"'.replace("<", "\\u003c"));

    const fresh = await (await edge.fetch("/page", { headers: { cookie: "customer=new_customer" } })).text();
    expect(slotHtml(fresh, "offer")).toContain("10% off with &lt;HELLO10&gt;</section>");
    // No campaign in this URL: the browser may know one from earlier in the visit, so it decides.
    expect(slotHtml(fresh, "headline")).toBe('<section data-slot="headline">Everything, tomorrow</section>');
  });

  it("reads the device from the user agent and the time in the visitor's zone", async () => {
    const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
    const html = await (await edge.fetch("/page", { headers: { "user-agent": phone }, cf: { timezone: "Asia/Kolkata" } })).text();
    expect(slotHtml(html, "mobile")).toContain(">Get the app</section>");
  });

  it("streams: the first bytes leave before the origin has sent the rest, and a pause inside a slot changes nothing", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    origin.route("/streamed", {
      headers: HTML,
      body: ["<!doctype html><html><head></head><body><p>first</p>", '<section data-slot="hero"><h1>Def', "ault hero</h1></section></body></html>"],
      gate,
    });
    // identity: miniflare's local server would gzip the whole body for a client that accepts it
    // (and so hold it back); Cloudflare compresses as it streams.
    const response = await edge.fetch("/streamed", { headers: { "accept-encoding": "identity" }, cf: { city: "Bangalore" } });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    // Everything up to the slot arrives while the origin still holds the rest back.
    let head = "";
    const deadline = Date.now() + 5000;
    while (!head.includes("<p>first</p>")) {
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the edge held the body back")), Math.max(0, deadline - Date.now()))),
      ]);
      if (chunk.done) throw new Error("the body ended before the origin sent its rest");
      head += decoder.decode(chunk.value, { stream: true });
    }
    expect(head).not.toContain("Default hero");
    release();
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value, { stream: true });
    expect(rest).toContain(
      '<section data-slot="hero" data-slot-edge="" data-slot-state="variant" data-slot-variant="BangaloreOffer"><template data-slot-default><h1>Default hero</h1></template><h1>Namaste Bangalore: 20% off</h1></section>',
    );
  });

  it("passes through, unchanged, what is not an HTML page", async () => {
    const gz = gzipSync(PAGE);
    origin.route("/json", { headers: { "content-type": "application/json" }, body: '{"data-slot":"hero"}' });
    origin.route("/untyped", { body: PAGE });
    origin.route("/binary-as-html", { headers: { ...HTML, "content-encoding": "identity" }, body: "\u0000\u0001binary <section data-slot=\"hero\">x</section>" });
    origin.route("/error", { status: 500, headers: HTML, body: slot("hero", "Oops") });
    for (const path of ["/json", "/untyped", "/binary-as-html"]) {
      const direct = await (await fetch(`${origin.origin}${path}`)).text();
      expect(await (await edge.fetch(path, { cf: { city: "Bangalore" } })).text(), path).toBe(direct);
    }
    // Compressed bytes labelled text/html without a content-encoding: not HTML to us, passed byte for byte.
    origin.route("/gzip-unlabelled", { headers: HTML, body: gz });
    expect(Buffer.from(await (await edge.fetch("/gzip-unlabelled", { cf: { city: "Bangalore" } })).arrayBuffer()).equals(gz)).toBe(true);
    // A page the origin compressed (content-encoding: gzip): the runtime hands the Worker the
    // decoded body, so it is rewritten like any other, and sent on compressed again.
    origin.route("/gzip", { headers: { ...HTML, "content-encoding": "gzip" }, body: gz });
    expect(slotHtml(await (await edge.fetch("/gzip", { cf: { city: "Bangalore" } })).text(), "hero")).toContain('data-slot-variant="BangaloreOffer"');
    // An origin error page is still the origin's page: its slots are decided like any other.
    const error = await edge.fetch("/error", { cf: { city: "Bangalore" } });
    expect(error.status).toBe(500);
  });

  it("keeps hostile page HTML intact and never throws", async () => {
    const hostile = `<!doctype html><body><section data-slot="hero"><h1>Default</h1><div><span>unclosed<section data-slot="${"x".repeat(5000)}">` + "<".repeat(10_000) + "</body>";
    origin.route("/hostile", { headers: HTML, body: hostile });
    const response = await edge.fetch("/hostile", { cf: { city: "Bangalore" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-slot-variant="BangaloreOffer"');
    // The unclosed slot holds the rest of the page, as a browser's parser reads it: the edge
    // treats it as the browser runtime would (all of it is the default), and loses no byte of it.
    expect(html).toContain(`<template data-slot-default><h1>Default</h1><div><span>unclosed<section data-slot="${"x".repeat(5000)}" data-slot-edge="" data-slot-state="default">${"<".repeat(10_000)}</template>`);
    const big = `<!doctype html><body>${slot("hero", "x")}${"<p>filler</p>".repeat(200_000)}</body>`;
    origin.route("/big", { headers: HTML, body: big });
    const bigOut = await (await edge.fetch("/big", { cf: { city: "Pune" } })).text();
    // No <head> in this page, so no context script: only the slot's two attributes were added.
    expect(bigOut.length).toBe(big.length + ' data-slot-edge="" data-slot-state="default"'.length);
  });
});

describe("rules from a URL at the edge", () => {
  let origin: TestServer;
  const started: EdgeRuntime[] = [];
  const PAGE_HTML = `<!doctype html><html><head></head><body>${slot("hero", "<h1>Default hero</h1>")}</body></html>`;

  beforeAll(async () => {
    origin = await startServer();
    origin.route("/page", { headers: HTML, body: PAGE_HTML });
  });
  afterAll(async () => {
    for (const edge of started) await edge.close();
    await origin?.close();
  });

  async function edgeWith(rulesPath: string, ttl = "60"): Promise<EdgeRuntime> {
    const edge = await startEdge({ ORIGIN: origin.origin, RULES: `${origin.origin}${rulesPath}`, TTL: ttl });
    started.push(edge);
    return edge;
  }
  const hero = async (edge: EdgeRuntime) => slotHtml(await (await edge.fetch("/page", { cf: { city: "Bangalore" } })).text(), "hero");

  it("fetches the file once and keeps it for its ttl", async () => {
    origin.route("/rules-good.json", { headers: { "content-type": "application/json" }, body: JSON.stringify(RULES) });
    const edge = await edgeWith("/rules-good.json");
    expect(await hero(edge)).toContain('data-slot-variant="BangaloreOffer"');
    expect(await hero(edge)).toContain('data-slot-variant="BangaloreOffer"');
    expect(origin.hits.get("/rules-good.json")).toBe(1);
    expect(await edge.errors()).toEqual([]);
  });

  it("an unreachable file leaves the page as the origin sent it, reported once", async () => {
    origin.route("/rules-hang.json", { delayMs: Infinity });
    const edge = await edgeWith("/rules-hang.json", "0");
    expect(await hero(edge)).toBe(slot("hero", "<h1>Default hero</h1>"));
    expect(await hero(edge)).toBe(slot("hero", "<h1>Default hero</h1>"));
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("no answer within 500 ms; pages pass through undecided");
  });

  it("an invalid file leaves the page as the origin sent it, reported once", async () => {
    origin.route("/rules-bad.json", { headers: { "content-type": "application/json" }, body: '{"version":2,"slots":{}}' });
    const edge = await edgeWith("/rules-bad.json", "0");
    expect(await hero(edge)).toBe(slot("hero", "<h1>Default hero</h1>"));
    expect(await hero(edge)).toBe(slot("hero", "<h1>Default hero</h1>"));
    expect((await edge.errors()).map((error) => error.code)).toEqual(["RULES_INVALID"]);
  });

  it("keeps the last good copy when the file breaks later", async () => {
    origin.route("/rules-later.json", { headers: { "content-type": "application/json" }, body: JSON.stringify(RULES) });
    const edge = await edgeWith("/rules-later.json", "0");
    expect(await hero(edge)).toContain('data-slot-variant="BangaloreOffer"');
    origin.route("/rules-later.json", { status: 500, body: "down" });
    expect(await hero(edge)).toContain('data-slot-variant="BangaloreOffer"');
    const errors = await edge.errors();
    expect(errors.map((error) => error.code)).toEqual(["RULES_UNREACHABLE"]);
    expect(errors[0]?.message).toContain("HTTP 500; the last good copy is used");
  });
});
