// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { createContextStore } from "./support/context-store.js";
import { readEnvironment, type EnvironmentWindow } from "../src/dom/environment.js";

/** happy-dom's own hook for the page address (not in the DOM types). */
function setUrl(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

describe("readEnvironment", () => {
  it("reads address, referrer and device inputs from the window", () => {
    setUrl("https://shop.example/pricing?utm_source=mail");
    const env = readEnvironment(window);
    expect(env.url).toBe("https://shop.example/pricing?utm_source=mail");
    expect(env.referrer).toBe(document.referrer);
    expect(env.device.userAgent).toBe(navigator.userAgent);
    expect(env.device.viewportWidth).toBe(window.innerWidth);
    expect(env.device.language).toBe(navigator.languages[0] ?? navigator.language);
    // The zone's name is read when first asked for (it costs ~20 ms in a cold browser).
    expect(env.device.timezone).toBeUndefined();
    expect(env.device.ownTimezone?.()).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it("gives the core what it needs to build page and device facts", () => {
    setUrl("https://shop.example/pricing?utm_source=mail");
    const env = readEnvironment(window);
    const store = createContextStore({ url: env.url, referrer: env.referrer, device: env.device, schedule: () => () => {} });
    expect(store.facts()).toMatchObject({ page: { path: "/pricing", host: "shop.example" }, campaign: { source: "mail" }, device: { type: "desktop" } });
  });

  it("leaves out what the browser refuses to tell, without throwing", () => {
    const hostile = {
      get location(): never {
        throw new Error("denied");
      },
      get navigator(): never {
        throw new Error("denied");
      },
      document: {
        get referrer(): never {
          throw new Error("denied");
        },
        documentElement: { clientWidth: 390 },
      },
      innerWidth: 0,
    } as EnvironmentWindow;
    const env = readEnvironment(hostile);
    expect(env.url).toBe("");
    expect(env.referrer).toBe("");
    expect(env.device).toMatchObject({ viewportWidth: 390 });
    expect(env.device).not.toHaveProperty("userAgent");
    expect(env.device).not.toHaveProperty("language");
  });
});
