/**
 * A weighted split at the edge (slotwiseWorker on workerd): decided only when
 * the host gives a stable id (its first-party cookie mapped to user.id through
 * hostFacts), then to the same arm `evaluate` draws in Node for that id, and
 * handed to the browser with that id in the page's context; without one the
 * slot is left to the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../src/index.js";
import { startEdge, type EdgeRuntime } from "./support/edge.js";
import { startServer, type TestServer } from "./support/server.js";

export const SPLIT_RULES = {
  version: 1,
  slots: { hero: [{ name: "Everyone", experiment: "hero-offer", split: { control: 50, Spring: 30, Winter: 20 } }] },
  variants: { Spring: { text: "Spring sale" }, Winter: { text: "Winter sale" } },
};
const PAGE = '<!doctype html><html><head><title>Shop</title></head><body><section data-slot="hero">Default hero</section></body></html>';

describe("a weighted split on workerd", () => {
  let origin: TestServer;
  let edge: EdgeRuntime;
  beforeAll(async () => {
    origin = await startServer();
    origin.route("/page", { headers: { "content-type": "text/html; charset=utf-8" }, body: PAGE });
    edge = await startEdge({ ORIGIN: origin.origin, RULES: JSON.stringify(SPLIT_RULES) });
  }, 30_000);
  afterAll(async () => {
    await edge?.close();
    await origin?.close();
  });

  it("draws the arm Node draws for the host's id, and hands the id to the browser", async () => {
    const arms = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const uid = `site-cookie-${i}`;
      const html = await (await edge.fetch("/page", { headers: { cookie: `uid=${uid}` } })).text();
      const node = evaluate(SPLIT_RULES, { user: { id: uid } }).decisions[0]!;
      arms.add(node.arm!);
      const section = /<section data-slot="hero"[^>]*>/.exec(html)![0];
      expect(section).toContain("data-slot-edge");
      expect(section).toContain(node.variant === null ? 'data-slot-state="default"' : `data-slot-variant="${node.variant}"`);
      expect(html).toContain(`"user":{"id":"${uid}"}`);
    }
    expect([...arms].sort()).toEqual(["Spring", "Winter", "control"]);
  });

  it("leaves the split to the browser without a stable id", async () => {
    const html = await (await edge.fetch("/page")).text();
    expect(html).toContain('<section data-slot="hero">Default hero</section>');
    // A user without an id is no stable id either.
    const typed = await (await edge.fetch("/page", { headers: { cookie: "customer=repeat_customer" } })).text();
    expect(typed).toContain('<section data-slot="hero">Default hero</section>');
    expect(await edge.errors()).toEqual([]);
  });
});
