/**
 * The Next.js example (examples/next/, App Router) built with `next build`
 * against the built package and served by `next start` on 127.0.0.1, driven
 * in Chromium: a server component passes the request's facts (a geo header,
 * a cookie set by a route) and the rule file to <SlotwiseProvider>, so the
 * final hero is in the server's HTML; hydration warns of nothing; set() after
 * a click updates the page. One build per run of this file, skipped when
 * .next/ is newer than the example and dist/.
 */
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { hasChromium, launchChromium, type Browser } from "./support/chromium.js";
import { PROBES } from "./support/probes.js";
import { REPO_ROOT } from "./support/server.js";
import { expectSilence, openSession, type Session } from "./support/session.js";

const run = promisify(execFile);
const EXAMPLE = join(REPO_ROOT, "examples/next");
const NEXT = join(REPO_ROOT, "node_modules/next/dist/bin/next");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

type Shown = { state: string | null; variant: string | null; text: string };
const BANGALORE: Shown = { state: "variant", variant: "BangaloreHero", text: "Namaste Bangalore: 20% off this week" };

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((name) => name !== ".next" && name !== "next-env.d.ts").map((name) => newest(join(path, name))));
}

/** `next build`, unless the last build is newer than every file it was built from. */
async function build(): Promise<void> {
  const id = join(EXAMPLE, ".next/BUILD_ID");
  const sources = Math.max(newest(EXAMPLE), ...["index.js", "react.js"].map((file) => newest(join(REPO_ROOT, "dist", file))));
  if (existsSync(id) && statSync(id).mtimeMs > sources) return;
  await run(process.execPath, [NEXT, "build", EXAMPLE], { cwd: REPO_ROOT, env, maxBuffer: 16 * 1024 * 1024 });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

async function slots(page: Page): Promise<Record<string, Shown>> {
  return page.evaluate(() => {
    const out: Record<string, Shown> = {};
    for (const element of Array.from(document.querySelectorAll<HTMLElement>("[data-slotwise-slot]"))) {
      out[element.getAttribute("data-slotwise-slot") ?? ""] = {
        state: element.getAttribute("data-slot-state"),
        variant: element.getAttribute("data-slot-variant"),
        text: element.innerText.replace(/\s+/g, " ").trim(),
      };
    }
    return out;
  });
}

/** Installed before any page script: every console error and warning (React reports a hydration mismatch there). */
function watchConsole(): void {
  const w = window as unknown as { __consoleProblems: string[] };
  w.__consoleProblems = [];
  for (const kind of ["error", "warn"] as const) {
    const original = console[kind].bind(console);
    console[kind] = (...args: unknown[]) => {
      w.__consoleProblems.push(`${kind}: ${args.map(String).join(" ")}`);
      original(...args);
    };
  }
}

describe.skipIf(!hasChromium)("the Next.js example (App Router), built and served by Next, in Chromium", () => {
  let browser: Browser;
  let server: ChildProcess | undefined;
  let url = "";
  let session: Session;

  beforeAll(async () => {
    [browser] = await Promise.all([launchChromium(), build()]);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [NEXT, "start", EXAMPLE, "-H", "127.0.0.1", "-p", String(port)], { cwd: REPO_ROOT, env, stdio: "ignore" });
    for (let tries = 0; ; tries += 1) {
      const up = await fetch(`${url}/visitor`, { redirect: "manual" }).then(() => true, () => false);
      if (up) break;
      if (tries > 600 || server.exitCode !== null) throw new Error("next start did not answer");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await browser.context.addInitScript({ content: `(${String(PROBES.witness)})(); (${String(watchConsole)})();` });
  }, 600_000);
  afterAll(async () => {
    server?.kill();
    await browser?.close();
  });

  beforeEach(async () => {
    session = await openSession(browser.context);
    // Each test is a first-time visitor: no cookie, nothing stored by the test before.
    await session.page.goto(`${url}/visitor`);
    await session.page.evaluate(() => localStorage.clear());
    await browser.context.clearCookies();
    await session.page.setExtraHTTPHeaders({});
    return async () => {
      await session.page.close();
    };
  });

  async function hydrated(page: Page): Promise<void> {
    // The panel says how the hero was decided; the offer is "deciding" until the browser's instance ran.
    await page.waitForFunction(() => !document.querySelector(".why")?.textContent?.includes("offer: deciding"));
  }

  async function problems(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { __consoleProblems: string[] }).__consoleProblems);
  }

  it("serves the final hero in the server's HTML, decided from a request header", async () => {
    const html = await (await fetch(`${url}/`, { headers: { "x-vercel-ip-city": "Bangalore" } })).text();
    expect(html).toMatch(/<h1 data-slotwise-slot="hero" data-slot-state="variant" data-slot-variant="BangaloreHero">Namaste Bangalore: 20% off this week<\/h1>/);
    // The default stays in the RSC payload (the <Slot>'s children), never in the markup.
    const markup = html.slice(0, html.indexOf("<script>(self.__next_f"));
    expect(markup).not.toContain("Everything for your home, delivered tomorrow");
    const plain = await (await fetch(`${url}/`)).text();
    expect(plain).toContain("Everything for your home, delivered tomorrow");
  });

  it("hydrates without a warning, keeps the server's hero, and set() after a click updates the page", async () => {
    const page = session.page;
    await page.setExtraHTTPHeaders({ "x-vercel-ip-city": "Bangalore" });
    await page.goto(`${url}/`);
    await hydrated(page);
    expect((await slots(page)).hero).toEqual(BANGALORE);
    expect(await problems(page)).toEqual([]);

    await page.getByRole("button", { name: "I am a new customer" }).click();
    await expect.poll(async () => (await slots(page)).offer).toEqual({ state: "variant", variant: "WelcomeOffer", text: "Welcome! 10% off your first order with code HELLO10" });
    await expect.poll(() => page.locator(".why").textContent()).toContain("offer: WelcomeOffer (rule 'New customers')");
    expect(await problems(page)).toEqual([]);
    await expectSilence(session);
  });

  it("decides the offer on the server from a cookie that a route sets, html sanitized", async () => {
    const page = session.page;
    await page.goto(`${url}/`);
    await hydrated(page);
    expect((await slots(page)).offer).toEqual({ state: "default", variant: null, text: "Free delivery on orders over ₹999" });
    await Promise.all([page.waitForEvent("load"), page.getByRole("link", { name: /Sign in as a repeat customer/ }).click()]);
    await hydrated(page);
    expect((await slots(page)).offer).toEqual({ state: "variant", variant: "LoyaltyOffer", text: "Welcome back: free shipping on every order" });
    const cookie = (await browser.context.cookies()).find((c) => c.name === "customer")?.value;
    expect(cookie).toBe("repeat_customer");
    const html = await (await fetch(`${url}/`, { headers: { cookie: "customer=repeat_customer" } })).text();
    expect(html).toContain('data-slot-variant="LoyaltyOffer"><strong>Welcome back:</strong> free shipping on every order</p>');
    expect(await problems(page)).toEqual([]);
    await expectSilence(session);
  });
});
