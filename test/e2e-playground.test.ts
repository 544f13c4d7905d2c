/**
 * The playground (examples/playground/) driven in Chromium as a marketer
 * would: it opens on the landing page's rules; typing a mistake shows its
 * sentence and path; fixing it shows the decision and the sample page; the
 * address then shares both inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./support/server.js";
import { expectSilence, openSession } from "./support/session.js";

const texts = (page: Page, selector: string) => page.$$eval(selector, (items) => items.map((item) => item.textContent ?? ""));

describe.skipIf(!hasChromium)("the playground, in Chromium", () => {
  let browser: Browser;
  let origin: string;
  let close: () => void;
  beforeAll(async () => {
    type Served = { origin: string; server: { close(): void } };
    const { serveRepository } = (await import(pathToFileURL(join(REPO_ROOT, "scripts/serve.mjs")).href)) as { serveRepository(port: number): Promise<Served> };
    const served = await serveRepository(0);
    [browser, origin, close] = [await launchChromium(), served.origin, () => served.server.close()];
  });
  afterAll(async () => {
    await browser?.close();
    close?.();
  });

  it("shows a typed mistake's sentence, then the decision once it is fixed, and shares both in the address", async () => {
    const session = await openSession(browser.context);
    const { page } = session;
    await page.goto(`${origin}/examples/playground/`);
    await page.waitForSelector("#decisions li");
    expect(await texts(page, "#faults li")).toEqual(["No faults: slotwise check says ok."]);
    expect((await texts(page, "#decisions li")).some((text) => text.startsWith("slot 'hero-banner': shows 'BangaloreOffer'"))).toBe(true);
    expect(await page.textContent('#sample [data-slot="offer"]')).toContain("Thanks for coming back, Asha");

    // A marketer types "equals" for "equal".
    const rules = await page.inputValue("#rules");
    const at = rules.indexOf('"operator": "equal"');
    expect(at).toBeGreaterThan(-1);
    await page.click("#rules");
    await page.evaluate((offset) => {
      const area = document.getElementById("rules") as HTMLTextAreaElement;
      area.setSelectionRange(offset + '"operator": "equal'.length, offset + '"operator": "equal'.length);
    }, at);
    await page.keyboard.type("s");
    await page.waitForFunction(() => document.querySelector("#faults li.error") !== null);
    const faults = await texts(page, "#faults li.error");
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(/^error {4}(audiences|slots)\.[^:]+\.operator: unknown operator 'equals'; did you mean 'equal'\?$/);

    await page.keyboard.press("Backspace");
    await page.waitForFunction(() => document.querySelector("#faults li.ok") !== null);
    // Another visitor: typed into the visitor box, decided as they type.
    await page.fill("#visitor", JSON.stringify({ geo: { city: "Pune" } }));
    await page.waitForFunction(() => (document.querySelector('#sample [data-slot="hero-banner"]')?.textContent ?? "").startsWith("Default content"));
    expect((await texts(page, "#decisions li")).find((text) => text.startsWith("slot 'hero-banner'"))).toContain("keeps its default content");

    // The address holds both: a new tab opened on it shows the same.
    const shared = page.url();
    expect(shared).toContain("#rules=");
    const other = await browser.context.newPage();
    await other.goto(shared);
    await other.waitForSelector("#decisions li");
    expect(await other.inputValue("#visitor")).toBe(JSON.stringify({ geo: { city: "Pune" } }));
    await other.close();
    await expectSilence(session, []);
    await page.close();
  });
});
