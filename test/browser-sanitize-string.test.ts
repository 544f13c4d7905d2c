/**
 * The DOM-free sanitizer's output in real Chromium, as the edge and React's
 * server rendering deliver it: parsed by the browser's HTML parser as part
 * of the page. Every corpus payload goes through each route of the XSS
 * cases (html variants, placeholders in text, html text and attributes),
 * via the same function the edge and React use (variantContent). Nothing
 * may execute; a control on the same page proves the hooks fire.
 */
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../src/core/placeholders.js";
import { variantContent } from "../src/core/slot-content.js";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession } from "./support/session.js";
import { loadXssPayloads, URL_PAYLOADS, xssCases } from "./support/xss.js";
import { expectHooksFire, hookCalls, provoke, unsafeMarkupIn } from "./support/xss-page.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const cases = xssCases([...loadXssPayloads(), ...URL_PAYLOADS]).filter((item) => item.variant !== null);

/** Each case as the HTML a server would send for its slot. */
function caseHtml(): string {
  return cases
    .map((item, i) => {
      const content = variantContent({ id: item.id, content: item.variant! }, item.context);
      const inner = content.kind === "html" ? content.html : content.kind === "text" ? escapeHtml(content.text) : "";
      return `<div data-case="${i}">${inner}</div>`;
    })
    .join("\n");
}



describe.skipIf(!hasChromium)("the DOM-free sanitizer's output in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });

  it(`runs nothing from ${cases.length} corpus cases parsed as page HTML`, async () => {
    expect(cases.length).toBeGreaterThan(500);
    server.route("/sanitized.html", { headers: HTML_HEADERS, body: pageHtml({ probes: ["witness", "xss-hooks"], sdk: null, body: caseHtml() }) });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}/sanitized.html`);
    await provoke(session.page);
    const unsafe = await unsafeMarkupIn(session.page, "[data-case]", "data-case");
    expect({ calls: await hookCalls(session.page), dialogs: session.dialogs, unsafe }).toEqual({ calls: [], dialogs: [], unsafe: [] });
    await expectSilence(session);

    await expectHooksFire(session.page);
    await session.page.close();
  }, LOADED_MACHINE_TIMEOUT);
});
