/**
 * The built script tag (dist/slotwise.global.js) in real Chromium, loaded the
 * three ways a site author writes it: sync in <head>, `async`, `defer`.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot, variantTemplate, type LoadMode } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, messagesOf, openSession, readWitness, slotStates, whenReady } from "./support/session.js";

const RULES = {
  version: 1,
  audiences: { bangalore: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] } },
  slots: {
    hero: [{ name: "Bangalore visitors", when: { audience: "bangalore" }, show: "BangaloreOffer" }],
    offer: [{ name: "Repeat customers", when: { all: [{ fact: "user.type", operator: "equal", value: "repeat_customer" }] }, show: "LoyaltyOffer" }],
    note: [{ name: "Everyone", show: "Note" }],
    kept: [{ name: "Mumbai only", when: { all: [{ fact: "geo.city", operator: "equal", value: "Mumbai" }] }, show: "Note" }],
  },
  variants: {
    LoyaltyOffer: { text: 'Thanks for coming back, {{user.firstName | "friend"}}' },
    Note: { html: "<strong>Free shipping</strong> today" },
  },
};
const CONTEXT = { geo: { city: "Bangalore" }, user: { type: "repeat_customer", firstName: "Asha" } };
const BODY = [
  slot("hero"),
  slot("offer"),
  slot("note"),
  slot("kept"),
  variantTemplate("BangaloreOffer", "<h1>Namaste Bangalore: 20% off</h1>"),
].join("\n");

const EXPECTED = {
  hero: { state: "variant", variant: "BangaloreOffer", text: "Namaste Bangalore: 20% off" },
  offer: { state: "variant", variant: "LoyaltyOffer", text: "Thanks for coming back, Asha" },
  note: { state: "variant", variant: "Note", text: "Free shipping today" },
  kept: { state: "default", variant: null, text: "Default copy of kept" },
};

describe.skipIf(!hasChromium)("the script tag in Chromium", () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it.each<LoadMode>(["sync", "async", "defer"])("swaps the slots when loaded %s, exposes Slotwise.instance and runs the queue", async (mode) => {
    server.route(`/load-${mode}.html`, {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness"], rules: RULES, context: CONTEXT, sdk: { mode }, body: BODY }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/load-${mode}.html`);
    await whenReady(session.page);

    expect(await slotStates(session.page)).toEqual(EXPECTED);
    const witness = await readWitness(session.page);
    expect(witness.queue).toEqual({ ran: 1, withInstance: true });
    expect(witness.decisions.filter((d) => d.variant !== null).map((d) => d.slot).sort()).toEqual(["hero", "note", "offer"]);
    expect(
      await session.page.evaluate(() => {
        const sw = (window as unknown as { Slotwise: Record<string, unknown> }).Slotwise;
        const missing = ["createSlotwise", "createDomAdapter"].filter((name) => typeof sw[name] !== "function");
        // The authoring tools (zod, sentences) are not in what visitors download.
        return { missing, authoring: ["parseRuleSet", "formatFault"].filter((name) => name in sw) };
      }),
    ).toEqual({ missing: [], authoring: [] });
    // A call queued after loading runs at once, with the same instance.
    expect(
      await session.page.evaluate(() => {
        const w = window as unknown as { Slotwise: { instance: unknown }; slotwiseQueue: { push(fn: (sw: unknown) => void): void } };
        let seen: unknown;
        w.slotwiseQueue.push((sw) => (seen = sw));
        return seen === w.Slotwise.instance;
      }),
    ).toBe(true);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await session.page.close();
  });

  it("starts nothing new when the script is loaded twice", async () => {
    server.route("/twice-rules.json", { body: JSON.stringify(RULES), headers: { "content-type": "application/json" } });
    const tag = { rulesUrl: "/twice-rules.json" };
    server.route("/once.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness", "count-observers"], context: CONTEXT, sdk: tag, body: BODY }),
    });
    server.route("/twice.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness", "count-observers"], context: CONTEXT, sdk: [tag, { ...tag, mode: "async" }, tag], body: BODY }),
    });

    const once = await openSession(browser.context);
    await once.page.goto(`${server.origin}/once.html`);
    await whenReady(once.page);
    const observersOnce = await once.page.evaluate(() => (window as unknown as { __observers: number }).__observers);
    await once.page.close();

    server.hits.delete("/twice-rules.json");
    const twice = await openSession(browser.context);
    await twice.page.goto(`${server.origin}/twice.html`);
    await whenReady(twice.page);
    await twice.page.waitForLoadState("load"); // the async copy has run by now

    expect(await slotStates(twice.page)).toEqual(EXPECTED);
    expect(server.hits.get("/twice-rules.json")).toBe(1);
    expect(observersOnce).toBeGreaterThan(0);
    expect(await twice.page.evaluate(() => (window as unknown as { __observers: number }).__observers)).toBe(observersOnce);
    expect((await readWitness(twice.page)).queue).toEqual({ ran: 1, withInstance: true });
    expect(messagesOf(twice, "warning")).toEqual([
      "warning: [slotwise] loaded twice",
      "warning: [slotwise] loaded twice",
    ]);
    await expectSilence(twice);
    await twice.page.close();
  });
});
