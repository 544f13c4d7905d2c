/**
 * One Chromium and one loopback server per test file, with the probes served:
 * registers the file's beforeAll/afterAll and hands both over once started.
 */
import { afterAll, beforeAll } from "vitest";
import { launchChromium, type Browser } from "./chromium.js";
import { serveProbes } from "./probes.js";
import { startServer, type TestServer } from "./server.js";

export function useChromiumAndServer(onStarted: (browser: Browser, server: TestServer) => void): void {
  let browser: Browser | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startServer()]);
    serveProbes(server);
    onStarted(browser, server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
