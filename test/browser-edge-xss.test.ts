/**
 * The XSS corpus through the edge: every payload as an `html` variant and
 * as a host fact filled into text, html text and attribute placeholders,
 * rewritten by slotwise/edge on workerd, then the HTML the edge sent loaded
 * in Chromium. Nothing may execute; a control proves the hooks fire.
 */
import { afterAll, describe, expect, it } from "vitest";
import { hasChromium, type Browser } from "./support/chromium.js";
import { startEdge, type EdgeRuntime } from "./support/edge.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession } from "./support/session.js";
import { loadXssPayloads, URL_PAYLOADS, xssCases, xssPage, XSS_ROUTES } from "./support/xss.js";
import { expectHooksFire, hookCalls, provoke, unsafeMarkupIn } from "./support/xss-page.js";

// Page templates are the page author's, and the edge leaves them to the browser (test/browser-xss.test.ts).
const routes = XSS_ROUTES.filter((route) => route !== "template-placeholder");
const cases = xssCases([...loadXssPayloads(), ...URL_PAYLOADS], routes);



describe.skipIf(!hasChromium)("the XSS corpus through the edge, loaded in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  let edge: EdgeRuntime | undefined;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });
  afterAll(async () => {
    await edge?.close();
  });

  it(`runs nothing from ${cases.length} cases decided at the edge`, async () => {
    const { rules, context, bodyHtml } = xssPage(cases);
    server.route("/xss-origin.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness", "xss-hooks"], sdk: null, body: bodyHtml }) });
    edge = await startEdge({ ORIGIN: server.origin, RULES: JSON.stringify(rules), HOST_FACTS: JSON.stringify(context) });
    const html = await (await edge.fetch("/xss-origin.html")).text();
    expect(html.match(/data-slot-edge=""/g)?.length, "every slot decided at the edge").toBe(cases.length);
    expect(await edge.errors()).toEqual([]);

    server.route("/xss-edge.html", { headers: HTML_HEADERS, body: html });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/xss-edge.html`);
    await provoke(session.page);
    const unsafe = await unsafeMarkupIn(session.page, "[data-slot]", "data-slot");
    expect({ calls: await hookCalls(session.page), dialogs: session.dialogs, unsafe }).toEqual({ calls: [], dialogs: [], unsafe: [] });
    await expectSilence(session);

    await expectHooksFire(session.page);
    await session.page.close();
  }, 60_000);
});
