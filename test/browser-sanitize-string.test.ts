/**
 * The DOM-free sanitizer's output in real Chromium, as the edge and React's
 * server rendering deliver it: parsed by the browser's HTML parser as part
 * of the page. Every corpus payload goes through each route of the XSS
 * cases (html variants, placeholders in text, html text and attributes),
 * via the same function the edge and React use (variantContent). Nothing
 * may execute; a control on the same page proves the hooks fire.
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { escapeHtml } from "../src/core/placeholders.js";
import { variantContent } from "../src/core/slot-content.js";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml } from "./support/pages.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession } from "./support/session.js";
import { findUnsafeMarkup, loadXssPayloads, provokeHandlers, URL_PAYLOADS, xssCases } from "./support/xss.js";

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

async function provoke(page: Page): Promise<void> {
  await page.evaluate(`(${String(provokeHandlers)})(document.body)`);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
}

async function hookCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls);
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
    const unsafe = (await session.page.evaluate(
      `Array.from(document.querySelectorAll("[data-case]")).flatMap((c) => (${String(findUnsafeMarkup)})(c).map((f) => c.getAttribute("data-case") + ": " + f))`,
    )) as string[];
    expect({ calls: await hookCalls(session.page), dialogs: session.dialogs, unsafe }).toEqual({ calls: [], dialogs: [], unsafe: [] });
    await expectSilence(session);

    // The control: unsanitized markup on the same page does run, and the hooks see it.
    await session.page.evaluate(() => {
      const holder = document.createElement("div");
      holder.innerHTML = '<img src="/control-missing.png" onerror="alert(\'control\')">';
      document.body.append(holder);
    });
    await provoke(session.page);
    expect(await hookCalls(session.page)).toContain("alert: control");
    await session.page.close();
  });
});
