/**
 * The XSS corpus (shared/corpora/xss, plus URL payloads) through the built
 * script tag in real Chromium: as `html` variants, and as context values
 * filled into placeholders (host facts, and the page's own query string).
 * Both sanitizer paths run: Chromium's Sanitizer API (`Element.setHTML`) and
 * the fallback for browsers without it (setHTML deleted before Slotwise
 * loads). Nothing may execute: alert/confirm/prompt/print are hooked by an
 * external probe, every element gets the events payloads hang handlers on,
 * and the page is checked for markup that could run. On every page a control
 * proves the hooks fire.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, type Browser } from "./support/chromium.js";
import { useChromiumAndServer } from "./support/harness.js";
import { HTML_HEADERS, pageHtml } from "./support/pages.js";
import type { ProbeName } from "./support/probes.js";
import type { TestServer } from "./support/server.js";
import { expectSilence, openSession, readWitness, whenReady, type Session } from "./support/session.js";
import { findUnsafeMarkup, loadXssPayloads, provokeHandlers, URL_PAYLOADS, xssCases, xssPage, type XssPayload } from "./support/xss.js";
import { LOADED_MACHINE_TIMEOUT } from "./support/load.js";

const payloads: XssPayload[] = [...loadXssPayloads(), ...URL_PAYLOADS];
const cases = xssCases(payloads);

const PATHS: [label: string, probes: ProbeName[]][] = [
  ["the Sanitizer API (Element.setHTML)", ["witness", "xss-hooks", "count-sethtml"]],
  ["the fallback (setHTML deleted)", ["witness", "xss-hooks", "no-sethtml", "count-sethtml"]],
];

/** Sends every payload's events, then lets javascript: navigations and image errors happen. */
async function provoke(page: Page): Promise<void> {
  await page.evaluate(`(${String(provokeHandlers)})(document.body)`);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
}

/** Unsafe markup inside the slots (the page's own templates are the author's, and trusted). */
async function unsafeMarkup(page: Page): Promise<string[]> {
  return page.evaluate(
    `Array.from(document.querySelectorAll("[data-slot]")).flatMap((slot) => (${String(findUnsafeMarkup)})(slot).map((f) => slot.getAttribute("data-slot") + ": " + f))`,
  ) as Promise<string[]>;
}

async function hookCalls(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __xssCalls: string[] }).__xssCalls);
}

/** The control: unsanitized markup on the same page does run, and the hooks see it. */
async function expectHooksFire(session: Session): Promise<void> {
  const before = (await hookCalls(session.page)).length;
  await session.page.evaluate(() => {
    const holder = document.createElement("div");
    holder.innerHTML = '<img src="/control-missing.png" onerror="alert(\'control\')"><a href="javascript:confirm(\'control\')">go</a>';
    document.body.append(holder);
  });
  await provoke(session.page);
  const calls = (await hookCalls(session.page)).slice(before);
  expect(calls).toContain("alert: control");
  expect(calls).toContain("confirm: control");
}

describe.skipIf(!hasChromium)("the XSS corpus in Chromium", () => {
  let browser: Browser;
  let server: TestServer;
  const figures: string[] = [];

  useChromiumAndServer((started, listening) => {
    [browser, server] = [started, listening];
  });
  afterAll(() => {
    console.info(`[xss figures] ${figures.join("; ")}`);
  });

  it(`has payloads to run (${payloads.length} payloads, ${cases.length} cases)`, () => {
    expect(payloads.length).toBeGreaterThan(200);
  });

  it.each(PATHS)("runs nothing from html variants and context values through %s", async (label, probes) => {
    const page = xssPage(cases);
    const path = `/xss-${probes.length}.html`;
    server.route(path, { headers: HTML_HEADERS, body: pageHtml({ probes, rules: page.rules, context: page.context, body: page.bodyHtml }) });
    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}${path}`);
    await whenReady(session.page);
    await provoke(session.page);

    const states = await session.page.evaluate(() =>
      Array.from(document.querySelectorAll("[data-slot]")).map((element) => element.getAttribute("data-slot-state")),
    );
    expect(states).toHaveLength(cases.length);
    const swapped = states.filter((state) => state === "variant").length;
    const nativeCalls = await session.page.evaluate(() => (window as unknown as { __setHtmlCalls: number }).__setHtmlCalls);
    const hasNative = await session.page.evaluate(() => typeof (Element.prototype as unknown as { setHTML?: unknown }).setHTML === "function");
    const htmlCases = cases.filter((item) => item.variant !== null && "html" in item.variant).length;
    figures.push(`${label}: ${cases.length} cases, ${swapped} swapped, ${states.length - swapped} kept the default; setHTML calls ${nativeCalls}`);

    expect({ calls: await hookCalls(session.page), dialogs: session.dialogs, unsafe: await unsafeMarkup(session.page) }).toEqual({
      calls: [],
      dialogs: [],
      unsafe: [],
    });
    expect(states.filter((state) => state !== "variant" && state !== "default")).toEqual([]);
    // Which sanitizer ran: Chromium's for every html variant, or none at all.
    if (probes.includes("no-sethtml")) {
      expect({ hasNative, nativeCalls }).toEqual({ hasNative: false, nativeCalls: 0 });
    } else {
      expect(hasNative).toBe(true);
      expect(nativeCalls).toBe(htmlCases);
    }
    expect((await readWitness(session.page)).sdkErrors).toEqual([]);
    expect(session.messages).toEqual([]);
    await expectSilence(session);
    await expectHooksFire(session);
    await session.page.close();
  }, LOADED_MACHINE_TIMEOUT);

  it.each(PATHS)("runs nothing from payloads in the page's own address through %s", async (_, probes) => {
    // Reflected through the URL: page.query.* filled into text, html text and attributes.
    const picked = payloads.filter((item) => item.payload.length <= 200).slice(0, 40);
    const rules = {
      version: 1,
      slots: Object.fromEntries(picked.map((_item, i) => [`q${i}`, [{ name: "always", show: `Q${i}` }]])),
      variants: Object.fromEntries(
        picked.map((_item, i) => [
          `Q${i}`,
          { html: `<p title="{{page.query.p${i}}}">Hi {{page.query.p${i}}}</p><a href="{{page.query.p${i}}}">link</a><img src="{{page.query.p${i}}}" alt="{{page.query.p${i}}}">` },
        ]),
      ),
    };
    const body = picked.map((_item, i) => `<div data-slot="q${i}"><span>default</span></div>`).join("\n");
    const path = `/xss-url-${probes.length}.html`;
    server.route(path, { headers: HTML_HEADERS, body: pageHtml({ probes, rules, body }) });
    const query = picked.map((item, i) => `p${i}=${encodeURIComponent(item.payload)}`).join("&");

    const session = await openSession(browser.context);
    await session.page.goto(`${server.origin}${path}?${query}`);
    await whenReady(session.page);
    await provoke(session.page);
    const states = await session.page.evaluate(() => Array.from(document.querySelectorAll("[data-slot]")).map((e) => e.getAttribute("data-slot-state")));
    expect(states).toEqual(picked.map(() => "variant"));
    expect({ calls: await hookCalls(session.page), dialogs: session.dialogs, unsafe: await unsafeMarkup(session.page) }).toEqual({
      calls: [],
      dialogs: [],
      unsafe: [],
    });
    await expectSilence(session);
    await expectHooksFire(session);
    await session.page.close();
  }, LOADED_MACHINE_TIMEOUT);

  it("renders a marketer's html the same with the Sanitizer API and with the fallback", async () => {
    // What survives is decided by Slotwise's allowlist, not by the browser's
    // own default (which, in Chromium 156, drops <img>, class, aria-label, …).
    const kept = [
      "<strong>Thanks for coming back, friend</strong>",
      '<h2 class="title">Spring sale</h2><p>Everything <em>30%</em> off, <a href="/sale">shop now</a>.</p>',
      '<figure><img src="https://cdn.example.com/a.png" alt="A sofa" width="200" height="100"><figcaption>New</figcaption></figure>',
      '<table><thead><tr><th scope="col">Plan</th></tr></thead><tbody><tr><td colspan="2">Pro</td></tr></tbody></table>',
      '<blockquote><p>Best shop</p></blockquote><hr><details open=""><summary>FAQ</summary>Yes</details>',
      '<time datetime="2026-03-01">1 March</time><br><span aria-label="price">₹499</span>',
      '<a href="/help" target="_blank" rel="noopener noreferrer">Help</a>',
    ];
    const unwrapped: [string, string][] = [
      ["<font color=red>Red</font> <center>centred</center> <x-badge>new</x-badge>", "Red centred new"],
      ['<p id="login" style="color:red" onclick="alert(1)">Hi</p>', "<p>Hi</p>"],
    ];
    const all = [...kept.map((html): [string, string] => [html, html]), ...unwrapped];
    const rules = {
      version: 1,
      slots: Object.fromEntries(all.map((_pair, i) => [`m${i}`, [{ name: "always", show: `M${i}` }]])),
      variants: Object.fromEntries(all.map(([html], i) => [`M${i}`, { html }])),
    };
    const body = all.map((_pair, i) => `<div data-slot="m${i}">default</div>`).join("\n");
    const shown: Record<string, string[]> = {};
    for (const [label, probes] of PATHS) {
      const path = `/markup-${probes.length}.html`;
      server.route(path, { headers: HTML_HEADERS, body: pageHtml({ probes, rules, body }) });
      const session = await openSession(browser.context);
      await session.page.goto(`${server.origin}${path}`);
      await whenReady(session.page);
      shown[label] = await session.page.evaluate(() => Array.from(document.querySelectorAll("[data-slot]")).map((e) => e.innerHTML));
      await expectSilence(session);
      await session.page.close();
    }
    const expected = all.map(([, html]) => html);
    expect(shown).toEqual(Object.fromEntries(PATHS.map(([label]) => [label, expected])));
  });
});
