/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * with the flags of peer-bench.md, and every host name but 127.0.0.1
 * unresolvable: a benchmark page can reach nothing but the loopback server.
 *
 * Each cold load gets a fresh browser context: its own empty HTTP cache (so
 * no V8 code cache either), storage and sockets.
 */
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from "../../scripts/chromium.mjs";

export { CHROMIUM_PATH };

// Loopback only: every other host name is unresolvable.
const FLAGS = [...CHROMIUM_FLAGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

/** Launches Chromium, or explains why it cannot (and exits) when it is not installed. */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`No Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
    process.exit(2);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

export const hasChromium = () => existsSync(CHROMIUM_PATH);

/** `CPU=4 node bench/…`: every page's CPU slowed ×4 (Emulation.setCPUThrottlingRate), a mid-range phone. */
export const CPU_RATE = Number(process.env.CPU ?? 1) || 1;

/** The CPU rates of a benchmark that reports both: ×1 and ×4, or only the rate `CPU=` names. */
export const CPU_RATES = process.env.CPU ? [CPU_RATE] : [1, 4];

/** Opens `url` in a fresh context (cold: empty cache and storage); returns the page and its closer. `options.cpu`: the CPU rate (default `CPU=` or 1). */
export async function coldPage(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const rate = options.cpu ?? CPU_RATE;
  if (rate !== 1) await (await context.newCDPSession(page)).send("Emulation.setCPUThrottlingRate", { rate });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: options.waitUntil ?? "load", timeout: 15_000 * rate });
  return { page, errors, close: () => context.close() };
}

/** A query parameter that makes every URL of a load new (no cache of any kind can answer it). */
export function nonce() {
  return `n=${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
