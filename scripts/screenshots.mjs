/**
 * `node scripts/screenshots.mjs`: the README's pictures, taken from the real
 * pages in Debian's Chromium: the debugger on the landing page, and the
 * playground with a mistake typed. Run `npm run build` first.
 */
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "./chromium.mjs";
import { serveRepository } from "./serve.mjs";

const { server, origin } = await serveRepository(0);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  await page.goto(`${origin}/examples/landing/?slotwise_debug=1&slotwise_visitor=geo.city:Bangalore`);
  await page.waitForFunction(() => document.querySelector("[data-slotwise-debug]")?.shadowRoot?.querySelector("li.slot") != null);
  await page.hover('[data-slotwise-debug] li[data-slot-name="hero-banner"]');
  await page.screenshot({ path: "docs/debugger.png" });

  {
    await page.goto(`${origin}/examples/playground/`);
    await page.waitForSelector("#decisions li");
    await page.screenshot({ path: "docs/playground.png" });
  }
  console.log("wrote docs/debugger.png and docs/playground.png");
} finally {
  await browser.close();
  server.close();
}
