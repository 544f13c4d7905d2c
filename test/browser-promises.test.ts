/**
 * README promises of the script tag that had no test of their own
 * (docs/promises.md #20, #46, #73, #134, #148), in real Chromium with the
 * built dist/ files:
 *
 * - inline rules win over `data-rules-url` (the URL is not even requested);
 * - a missing slotwise.preview.js is one warning, and the page decides
 *   without the preview;
 * - the after-paint file loads through the `slotwise-later` Trusted Types
 *   policy, and when the page's CSP does not allow that name, LATER_FAILED is
 *   reported once and the decisions stand;
 * - the activation beacon is a `navigator.sendBeacon` POST of JSON as
 *   `text/plain`: a cross-origin beacon server sees no preflight;
 * - a plain page with the tag and inline rules requests nothing but the page,
 *   the tag and slotwise.later.js ("no network unless the page asks").
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { LOADED_MACHINE_TIMEOUT, LOADED_MACHINE_WAIT } from "./support/load.js";
import { HTML_HEADERS, PERSONALIZE_SDK_PATH, SDK_PATH, pageHtml, slot } from "./support/pages.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT, type TestServer } from "./support/server.js";
import { expectSilence, openSession, slotStates, whenReady, type Session } from "./support/session.js";

const WAIT = { timeout: LOADED_MACHINE_WAIT };
/** Each test waits on conditions (WAIT); the test's own limit only guards against a hang, on a loaded machine. */
const HANG = { timeout: LOADED_MACHINE_TIMEOUT };

const RULES = {
  version: 1,
  slots: {
    hero: [
      { name: "Bangalore visitors", when: { all: [{ fact: "geo.city", operator: "equal", value: "Bangalore" }] }, show: "Namaste" },
      { name: "Everyone", show: "Hi" },
    ],
    clicks: [{ name: "Clicked", when: { all: [{ fact: "events.cta.count", operator: "greaterThanInclusive", value: 1 }] }, show: "Count" }],
  },
  variants: { Hi: { text: "Hello" }, Namaste: { text: "Namaste Bangalore" }, Count: { text: "cta={{events.cta.count}}" } },
};
/** What the rules URL would say: every slot another variant, so using it would show. */
const REMOTE_RULES = {
  version: 1,
  slots: { hero: [{ name: "Remote", show: "Remote" }] },
  variants: { Remote: { text: "From the rules URL" } },
};
const BODY = [slot("hero"), slot("clicks")].join("\n");

type Sw = {
  track(name: string): void;
  on(event: string, listener: (e: { code: string; message: string }) => void): () => void;
};

/** Error codes the instance reported, listened for from the page's queue before the first decision. */
function listenForErrors(): void {
  const w = window as unknown as { __codes: string[]; slotwiseQueue?: Array<(sw: Sw) => void> };
  w.__codes = [];
  (w.slotwiseQueue = w.slotwiseQueue || []).push((sw) => sw.on("error", (e) => w.__codes.push(e.code)));
}
const codes = (page: Page) => page.evaluate(() => (window as unknown as { __codes: string[] }).__codes);

function tagFile(name: string): { headers: Record<string, string>; body: string } {
  return { headers: { "content-type": "text/javascript; charset=utf-8" }, body: readFileSync(join(REPO_ROOT, "dist", name), "utf8") };
}

/** The requests a page made, as Chromium issued them (every frame, every kind). */
function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => urls.push(request.url()));
  return urls;
}

describe.skipIf(!hasChromium)("README promises of the script tag, in Chromium", HANG, () => {
  let browser: Browser;
  let server: TestServer;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
    // The tag deployed with its after-paint file but without slotwise.preview.js.
    server.route("/site/slotwise.global.js", tagFile("slotwise.global.js"));
    server.route("/site/slotwise.later.js", tagFile("slotwise.later.js"));
    server.route("/remote-rules.json", { headers: { "content-type": "application/json" }, body: JSON.stringify(REMOTE_RULES) });
  });

  async function open(url: string, init?: () => void, before?: (page: Page) => void): Promise<Session> {
    const session = await openSession(browser.context);
    before?.(session.page);
    if (init) await session.page.addInitScript({ content: `(${String(init)})();` });
    await session.page.goto(`${server.origin}${url}`);
    await whenReady(session.page);
    return session;
  }

  it("#73 decides from the inline rules when data-rules-url is present too, and never requests the URL", async () => {
    server.route("/both.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY, sdk: { rulesUrl: "/remote-rules.json", timeout: 10_000 } }),
    });
    const session = await openSession(browser.context);
    const requests = recordRequests(session.page);
    await session.page.goto(`${server.origin}/both.html`);
    await whenReady(session.page);
    expect(await slotStates(session.page)).toMatchObject({ hero: { state: "variant", variant: "Hi", text: "Hello" }, clicks: { state: "default" } });
    // The after-paint file comes after the first decisions: by then any rules request would have been made.
    await expect.poll(() => server.hits.get("/dist/slotwise.later.js") ?? 0, WAIT).toBeGreaterThanOrEqual(1);
    expect(server.hits.get("/remote-rules.json")).toBeUndefined();
    expect(requests.filter((url) => url.includes("remote-rules"))).toEqual([]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await session.page.close();

    // Control: the same tag without inline rules does fetch the URL and shows what it says.
    server.route("/url-only.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], body: BODY, sdk: { rulesUrl: "/remote-rules.json", timeout: 10_000 } }) });
    const control = await open("/url-only.html");
    expect((await slotStates(control.page)).hero).toMatchObject({ state: "variant", variant: "Remote", text: "From the rules URL" });
    expect(server.hits.get("/remote-rules.json")).toBe(1);
    await control.page.close();
  });

  it("#20 a missing slotwise.preview.js is one warning, and the page decides without the preview", async () => {
    server.route("/site/preview.html", {
      headers: HTML_HEADERS,
      body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY, sdk: { src: "/site/slotwise.global.js", timeout: 10_000 } }),
    });
    // The first decisions wait for the preview's file within data-timeout: the longest, for a loaded machine.
    server.route("/full/preview.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY, sdk: { timeout: 10_000 } }) });
    const address = "?slotwise_preview=hero:Namaste";

    // Control: with the file beside the tag, the address does preview the variant.
    const control = await open(`/full/preview.html${address}`);
    expect((await slotStates(control.page)).hero).toMatchObject({ state: "variant", variant: "Namaste" });
    await control.page.close();

    const session = await open(`/site/preview.html${address}`);
    const { page } = session;
    await expect.poll(() => session.messages, WAIT).toEqual([`warning: [slotwise] copy slotwise.preview.js to ${server.origin}/site/slotwise.preview.js`]);
    expect(server.hits.get("/site/slotwise.preview.js")).toBe(1);
    // The rules' own decision, not the previewed variant.
    expect(await slotStates(page)).toMatchObject({ hero: { state: "variant", variant: "Hi", text: "Hello" }, clicks: { state: "default" } });
    // It stays one warning: the after-paint file loads and the page goes on.
    await expect.poll(() => server.hits.get("/site/slotwise.later.js") ?? 0, WAIT).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => (window as unknown as { Slotwise: { instance: Sw } }).Slotwise.instance.track("cta"));
    await page.waitForFunction(() => document.querySelector('[data-slot="clicks"]')?.textContent?.includes("cta=1"), undefined, WAIT);
    expect(session.messages).toHaveLength(1);
    await expectSilence(session);
    await page.close();
  });

  describe("#134 Trusted Types (require-trusted-types-for 'script')", () => {
    const ttPage = (allowed: string) => ({
      headers: { ...HTML_HEADERS, "content-security-policy": `require-trusted-types-for 'script'; trusted-types ${allowed}` },
      body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY }),
    });

    it("loads slotwise.later.js through the slotwise-later policy when the page allows it", async () => {
      server.route("/tt/allowed.html", ttPage("slotwise slotwise-later"));
      const before = server.hits.get("/dist/slotwise.later.js") ?? 0;
      const violations: string[] = [];
      const session = await open("/tt/allowed.html", listenForErrors, (page) =>
        page.on("console", (message) => /Trusted Type|Content Security Policy/i.test(message.text()) && violations.push(message.text())),
      );
      const { page } = session;
      expect((await slotStates(page)).hero).toMatchObject({ state: "variant", variant: "Hi" });
      await expect.poll(() => server.hits.get("/dist/slotwise.later.js") ?? 0, WAIT).toBe(before + 1);
      // The file ran: track() is recorded and re-decides.
      await page.evaluate(() => (window as unknown as { Slotwise: { instance: Sw } }).Slotwise.instance.track("cta"));
      await page.waitForFunction(() => document.querySelector('[data-slot="clicks"]')?.textContent?.includes("cta=1"), undefined, WAIT);
      expect(await codes(page)).toEqual([]);
      expect(session.messages).toEqual([]);
      expect(violations).toEqual([]);
      await expectSilence(session);
      await page.close();
    });

    it("reports LATER_FAILED once when the policy name is not allowed, and the decisions stand", async () => {
      server.route("/tt/refused.html", ttPage("slotwise"));
      const before = server.hits.get("/dist/slotwise.later.js") ?? 0;
      const session = await open("/tt/refused.html", () => {
        localStorage.clear(); // an earlier test's visitor is on the same origin
        const w = window as unknown as { __codes: string[]; slotwiseQueue?: Array<(sw: Sw) => void> };
        w.__codes = [];
        (w.slotwiseQueue = w.slotwiseQueue || []).push((sw) => sw.on("error", (e) => w.__codes.push(e.code)));
      });
      const { page } = session;
      await expect.poll(() => codes(page), WAIT).toEqual(["LATER_FAILED"]);
      await expect.poll(() => session.messages.filter((m) => m.includes("LATER_FAILED")).length, WAIT).toBe(1);
      expect(session.messages).toHaveLength(1);
      expect(session.messages[0]).toMatch(new RegExp(`^warning: \\[slotwise\\] LATER_FAILED: ${server.origin}/dist/slotwise\\.later\\.js`));
      expect(await slotStates(page)).toMatchObject({ hero: { state: "variant", variant: "Hi", text: "Hello" }, clicks: { state: "default" } });
      // Calls go on (kept in memory), nothing more is reported, the file is never requested, no event is stored.
      await page.evaluate(() => (window as unknown as { Slotwise: { instance: Sw } }).Slotwise.instance.track("cta"));
      await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
      const stored = await page.evaluate(() => localStorage.getItem("slotwise"));
      expect(stored, "the tag itself stores this page view").toContain('"pageviews":1');
      expect(stored).not.toContain('"cta"');
      expect(server.hits.get("/dist/slotwise.later.js") ?? 0).toBe(before);
      expect(await codes(page)).toEqual(["LATER_FAILED"]);
      expect(session.messages).toHaveLength(1);
      await expectSilence(session);
      await page.close();
    });
  });

  it("#46 POSTs the beacon with navigator.sendBeacon as text/plain JSON: a cross-origin server sees no preflight", async () => {
    const received: Array<{ method: string; type: string | undefined; body: string }> = [];
    const beaconServer = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        received.push({ method: req.method ?? "", type: req.headers["content-type"], body: Buffer.concat(chunks).toString("utf8") });
        // No CORS headers at all: a preflight would fail, a simple request does not need them.
        res.writeHead(req.method === "OPTIONS" ? 405 : 204);
        res.end();
      });
    });
    await new Promise<void>((resolve) => beaconServer.listen(0, "127.0.0.1", resolve));
    const beaconUrl = `http://127.0.0.1:${(beaconServer.address() as AddressInfo).port}/actions`;
    try {
      const rules = {
        version: 1,
        actions: [{ name: "Everyone", action: "say_hello", channel: "email", params: { note: "hi" } }],
        slots: { hero: [{ name: "Everyone", show: "Hi" }] },
        variants: { Hi: { text: "Hello" } },
      };
      server.route("/beacon.html", {
        headers: HTML_HEADERS,
        body: pageHtml({ probes: ["witness"], rules, body: slot("hero"), sdk: null, head: `<script src="${PERSONALIZE_SDK_PATH}" data-consent="granted" data-beacon-url="${beaconUrl}"></script>` }),
      });
      const session = await openSession(browser.context);
      const kinds: Array<{ url: string; method: string; type: string }> = [];
      session.page.on("request", (request) => request.url() === beaconUrl && kinds.push({ url: request.url(), method: request.method(), type: request.resourceType() }));
      await session.page.addInitScript(() => localStorage.clear());
      await session.page.goto(`${server.origin}/beacon.html`);
      await whenReady(session.page);
      await expect.poll(() => received.length, WAIT).toBeGreaterThanOrEqual(1);
      expect(received.map((r) => r.method)).toEqual(["POST"]);
      expect(received[0]!.type).toMatch(/^text\/plain(;|$)/i);
      const payload = JSON.parse(received[0]!.body) as Record<string, unknown>;
      expect(payload).toMatchObject({ action: "say_hello", channel: "email", timing: "immediate", params: { note: "hi" }, rule: "Everyone" });
      expect(payload).toHaveProperty("facts");
      expect(typeof payload.visitorId).toBe("string");
      // Chromium files a sendBeacon request as a "ping" (a fetch() would be "fetch").
      expect(kinds).toEqual([{ url: beaconUrl, method: "POST", type: "ping" }]);
      await expectSilence(session);
      await session.page.close();
    } finally {
      await new Promise<void>((resolve) => beaconServer.close(() => resolve()));
    }
  });

  it("#80 opening the debugger exposes nothing: each slot is exposed once, as without it", async () => {
    server.route("/debugged.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: RULES, body: BODY, sdk: { dataLayer: true } }) });
    function collect(): void {
      const w = window as unknown as { __exposed: string[] };
      w.__exposed = [];
      document.addEventListener("slotwise:exposure", (event) => w.__exposed.push((event as CustomEvent<{ slot: string }>).detail.slot));
    }
    const view = async (query: string) => {
      const session = await open(`/debugged.html${query}`, collect);
      const { page } = session;
      if (query) {
        // The panel is drawn: it has decided and explained every slot for itself.
        await page.waitForFunction(() => document.querySelector("[data-slotwise-debug]")?.shadowRoot?.querySelectorAll("li.slot").length === 2, undefined, WAIT);
      }
      await expect.poll(() => page.evaluate(() => (window as unknown as { __exposed: string[] }).__exposed.length), WAIT).toBe(2);
      // Later exposures would come within a few frames; wait a while for any.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
      const result = await page.evaluate(() => ({
        exposed: (window as unknown as { __exposed: string[] }).__exposed,
        layer: ((window as unknown as { dataLayer?: { event: string; slot?: string }[] }).dataLayer ?? []).filter((item) => item.event === "slotwise_exposure").map((item) => item.slot),
      }));
      await expectSilence(session);
      await page.close();
      return result;
    };
    const without = await view("");
    const debugged = await view("?slotwise_debug=1");
    expect(without).toEqual({ exposed: ["hero", "clicks"], layer: ["hero", "clicks"] });
    expect(debugged).toEqual(without);
  });

  it("#148 a plain page with the tag and inline rules requests nothing but the page, the tag and slotwise.later.js", async () => {
    // The page as a site writes it: no probe file (the witness is injected), inline rules, the tag.
    server.route("/plain.html", { headers: HTML_HEADERS, body: pageHtml({ rules: RULES, body: BODY, sdk: { src: SDK_PATH } }) });
    const session = await openSession(browser.context);
    const { page } = session;
    await page.addInitScript({ content: `(${String(PROBES.witness)})();` });
    const requests = recordRequests(page);
    await page.goto(`${server.origin}/plain.html`);
    await whenReady(page);
    await expect.poll(() => requests.some((url) => url.endsWith("/dist/slotwise.later.js")), WAIT).toBe(true);
    // The visitor uses the page: events, facts, a re-decision, leaving.
    await page.evaluate(() => {
      const sw = (window as unknown as { Slotwise: { instance: Sw & { set(f: unknown): void } } }).Slotwise.instance;
      sw.track("cta");
      sw.set({ geo: { city: "Bangalore" } });
    });
    await page.waitForFunction(() => document.querySelector('[data-slot="hero"]')?.textContent?.includes("Namaste"), undefined, WAIT);
    await page.waitForFunction(() => document.querySelector('[data-slot="clicks"]')?.textContent?.includes("cta=1"), undefined, WAIT);
    await page.evaluate(() => window.dispatchEvent(new Event("pagehide")));
    // Anything asked for by then is in the list (requests are recorded as they start).
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(requests.map((url) => url.replace(server.origin, ""))).toEqual(["/plain.html", SDK_PATH, "/dist/slotwise.later.js"]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await page.close();
  });
});

describe.skipIf(!hasChromium)("#79 exposures with data-expose=\"seen\" and nothing to watch, in Chromium", HANG, () => {
  let browser: Browser;
  let server: TestServer;
  const EXPOSE_RULES = {
    version: 1,
    slots: { top: [{ name: "Everyone", show: "Hi" }], below: [{ name: "Everyone", show: "Hi" }] },
    variants: { Hi: { text: "Hello" } },
  };
  // `below` is far under the fold: with IntersectionObserver it is never seen on this page.
  const FOLD_BODY = `${slot("top")}\n<div style="height: 5000px"></div>\n${slot("below")}`;

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
    server.route("/seen.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness"], rules: EXPOSE_RULES, sdk: { expose: "seen" }, body: FOLD_BODY }) });
  });

  function collectExposures(): void {
    const w = window as unknown as { __exposed: string[] };
    w.__exposed = [];
    document.addEventListener("slotwise:exposure", (event) => w.__exposed.push((event as CustomEvent<{ slot: string }>).detail.slot));
  }
  function withoutIntersectionObserver(): void {
    delete (window as unknown as { IntersectionObserver?: unknown }).IntersectionObserver;
  }
  const exposed = (page: Page) => page.evaluate(() => (window as unknown as { __exposed: string[] }).__exposed);

  it("counts the slot below the fold when rendered, without IntersectionObserver; with it, only what is seen", async () => {
    // Control: the browser's IntersectionObserver holds back the slot never scrolled to.
    const control = await openSession(browser.context);
    await control.page.addInitScript(collectExposures);
    await control.page.goto(`${server.origin}/seen.html`);
    await whenReady(control.page);
    await expect.poll(() => exposed(control.page), WAIT).toEqual(["top"]);
    await control.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await exposed(control.page)).toEqual(["top"]);
    await control.page.close();

    const session = await openSession(browser.context);
    await session.page.addInitScript(withoutIntersectionObserver);
    await session.page.addInitScript(collectExposures);
    await session.page.goto(`${server.origin}/seen.html`);
    await whenReady(session.page);
    await expect.poll(async () => [...(await exposed(session.page))].sort(), WAIT).toEqual(["below", "top"]);
    expect(await slotStates(session.page)).toMatchObject({ top: { state: "variant" }, below: { state: "variant" } });
    await expectSilence(session);
    await session.page.close();
  });

  it("counts a slot when rendered for an adapter whose slots are not elements (an element slot below the fold still waits)", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${server.origin}/seen.html`);
    await whenReady(page);
    const result = await page.evaluate(async (rules) => {
      type Created = { ready: Promise<unknown>; on(e: string, l: (x: { slot: string }) => void): () => void; destroy(): void };
      const S = (window as unknown as { Slotwise: { createSlotwise(o: unknown): Created } }).Slotwise;
      const rendered: string[] = [];
      // `top` is a plain object (a canvas sprite, a native view…); `below` the page's element under the fold, as a control.
      const targets: Record<string, unknown> = { top: { kind: "sprite" }, below: document.querySelector('[data-slot="below"]') };
      const adapter = {
        findSlots: () => Object.entries(targets).map(([name, target]) => ({ name, target })),
        render: (s: { name: string }) => {
          rendered.push(s.name);
          return { ok: true, revert: () => {} };
        },
        markDefault: () => () => {},
      };
      const sw = S.createSlotwise({ rules, adapter, expose: "seen", consent: "denied", navigation: false });
      const exposures: string[] = [];
      sw.on("exposure", (x) => exposures.push(x.slot));
      await sw.ready;
      await new Promise((resolve) => setTimeout(resolve, 300));
      sw.destroy();
      return { exposures, rendered: rendered.sort(), hasIO: typeof IntersectionObserver === "function" };
    }, EXPOSE_RULES);
    expect(result.hasIO).toBe(true);
    expect(result.rendered).toEqual(["below", "top"]);
    expect(result.exposures).toEqual(["top"]);
    await expectSilence(session);
    await page.close();
  });
});
