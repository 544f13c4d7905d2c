/**
 * Nothing Slotwise does throws into the host page. Every other browser suite
 * ends each test with `expectSilence` (window.onerror, unhandledrejection,
 * Playwright's pageerror, dialogs); this one proves that witness hears a real
 * error, and drives the script tag through the faults a page can hand it:
 * broken inline JSON, a nonsense timeout, a throwing queued function, a
 * throwing listener, calls with bad arguments.
 */
import { describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml, slot } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, frames, messagesOf, openSession, readWitness, slotStates, whenReady } from "./support/session.js";

const RULES = {
  version: 1,
  slots: { hero: [{ name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" }] },
  variants: { Namaste: { text: "Namaste {{geo.city}}" } },
};

describe.skipIf(!hasChromium)("silence: nothing is thrown into the page", () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it("control: the witness records an uncaught error and an unhandled rejection", async () => {
    server.route("/silence-control.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: RULES, body: slot("hero") }) });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/silence-control.html`);
    await whenReady(session.page);
    await session.page.evaluate(() => {
      setTimeout(() => {
        throw new Error("control error");
      });
      void Promise.reject(new Error("control rejection"));
    });
    await session.page.waitForFunction(() => (window as unknown as { __witness: { errors: unknown[] } }).__witness.errors.length > 0);
    const witness = await readWitness(session.page);
    expect(witness.errors).toEqual([expect.stringContaining("control error")]);
    expect(witness.rejections).toEqual(["control rejection"]);
    expect(session.pageErrors).toContain("control error");
    await session.page.close();
  });

  it("keeps the defaults and stays silent when the inline rules and host facts are not JSON", async () => {
    // Both before the script tag, as the contract has it; "data-timeout=NaN" is ignored (1000 ms).
    const page = pageHtml({
      probes: ["witness"],
      head:
        '<script type="application/json" data-slotwise-rules>{"version": 1, slots: {}}</script>\n' +
        '<script type="application/json" data-slotwise-context>{geo: "Bangalore"</script>',
      sdk: { timeout: Number.NaN },
      body: slot("hero"),
    });
    server.route("/silence-json.html", { headers: HTML_HEADERS, body: page });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/silence-json.html`);
    await whenReady(session.page);
    expect(await slotStates(session.page)).toEqual({ hero: { state: "default", variant: null, text: "Default copy of hero" } });
    const warnings = messagesOf(session, "warning");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/BAD_INPUT: data-slotwise-rules /);
    expect(warnings[1]).toMatch(/BAD_INPUT: data-slotwise-context /);
    await expectSilence(session);
    await session.page.close();
  });

  it("contains a throwing queued function, a throwing listener and calls with bad arguments", async () => {
    server.route("/silence-calls.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness"], rules: RULES, context: { geo: { city: "Bangalore" } }, body: slot("hero") }),
    });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/silence-calls.html`);
    await whenReady(session.page);
    const returned = await session.page.evaluate(() => {
      type Instance = { on(event: string, listener: () => void): void; set(facts: unknown): void; track(name: unknown): void; identify(id: unknown): void };
      const w = window as unknown as { slotwiseQueue: { push(call: (sw: Instance) => void): void }; Slotwise: { instance: Instance } };
      w.slotwiseQueue.push(() => {
        throw new Error("queued function failed");
      });
      const sw = w.Slotwise.instance;
      sw.on("decision", () => {
        throw new Error("listener failed");
      });
      sw.set({ geo: { city: "Mumbai" } }); // re-decides hero: the throwing listener hears it
      sw.track(42);
      sw.identify({ not: "an id" });
      sw.set(null);
      return "returned normally";
    });
    expect(returned).toBe("returned normally");
    await session.page.waitForFunction(() => document.querySelector("[data-slot=hero]")?.getAttribute("data-slot-state") === "default");
    await frames(session.page, 2);
    const warnings = messagesOf(session, "warning").join("\n");
    expect(warnings).toMatch(/QUEUE_CALL_FAILED: queued function failed/);
    expect(warnings).toMatch(/LISTENER_FAILED: decision listener failed/);
    expect(warnings).toMatch(/\[slotwise\] BAD_INPUT: track$/m);
    expect(warnings).toMatch(/\[slotwise\] BAD_INPUT: identify$/m);
    expect((await readWitness(session.page)).sdkErrors.map((error) => error.code)).toEqual(expect.arrayContaining(["LISTENER_FAILED", "BAD_INPUT"]));
    await expectSilence(session);
    await session.page.close();
  });
});
