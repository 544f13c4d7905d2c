import { describe, expect, it } from "vitest";
import { classifyDevice, copyDevice, deviceFacts, timeFacts, zoneOf, type DeviceType } from "../src/runtime/device.js";
import userAgents from "./fixtures/user-agents.json" with { type: "json" };

interface UaCase {
  name: string;
  userAgent: string;
  viewportWidth?: number;
  maxTouchPoints?: number;
  type: DeviceType;
}

describe("classifyDevice on real user-agent strings", () => {
  const cases = userAgents as UaCase[];

  it("covers phones, tablets, desktops and unknown agents", () => {
    const types = new Set(cases.map((c) => c.type));
    expect(types).toEqual(new Set(["mobile", "tablet", "desktop"]));
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const input = { userAgent: c.userAgent, ...(c.viewportWidth === undefined ? {} : { viewportWidth: c.viewportWidth }), ...(c.maxTouchPoints === undefined ? {} : { maxTouchPoints: c.maxTouchPoints }) };
    expect(classifyDevice(input)).toBe(c.type);
  });
});

describe("classifyDevice with viewport sizes", () => {
  it.each([
    [320, "mobile"],
    [767, "mobile"],
    [768, "tablet"],
    [1023, "tablet"],
    [1024, "desktop"],
    [2560, "desktop"],
  ] as const)("an unknown user agent at %i px is %s", (width, type) => {
    expect(classifyDevice({ userAgent: "SomeNewBrowser/1.0", viewportWidth: width })).toBe(type);
  });

  it("treats a viewport that is zero, negative or not a number as unknown (desktop)", () => {
    for (const viewportWidth of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(classifyDevice({ userAgent: "", viewportWidth })).toBe("desktop");
    }
  });

  it("lets a known phone user agent win over a wide viewport", () => {
    expect(classifyDevice({ userAgent: "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36", viewportWidth: 1400 })).toBe("mobile");
  });

  it("does not throw on a user agent that is not a text", () => {
    expect(classifyDevice({ userAgent: 42 as unknown as string, viewportWidth: 500 })).toBe("mobile");
  });
});

describe("deviceFacts", () => {
  it("canonicalises the language and keeps a valid time zone", () => {
    expect(deviceFacts({ userAgent: "", viewportWidth: 1280, language: "en-in", timezone: "Asia/Kolkata" })).toEqual({
      type: "desktop",
      language: "en-IN",
      timezone: "Asia/Kolkata",
    });
  });

  it("falls back to an empty language and UTC for missing or invalid values", () => {
    expect(deviceFacts({ language: "not a tag!", timezone: "Mars/Olympus_Mons" })).toEqual({ type: "desktop", language: "", timezone: "UTC" });
    expect(deviceFacts({})).toEqual({ type: "desktop", language: "", timezone: "UTC" });
  });

  it("reads the runtime's own zone name only when asked, once, and keeps it unread through copies", () => {
    let reads = 0;
    const device = deviceFacts({ ownTimezone: () => (reads++, "Asia/Kolkata") });
    const copy = copyDevice(device);
    expect(zoneOf(copy)).toBeUndefined();
    expect(reads).toBe(0);
    expect(copy.timezone).toBe("Asia/Kolkata");
    expect(device.timezone).toBe("Asia/Kolkata");
    expect(JSON.parse(JSON.stringify(copy))).toEqual({ type: "desktop", language: "", timezone: "Asia/Kolkata" });
    expect(reads).toBe(1);
    expect(deviceFacts({ ownTimezone: () => "Mars/Olympus_Mons" }).timezone).toBe("UTC");
    expect(deviceFacts({ ownTimezone: () => { throw new Error("no Intl"); } }).timezone).toBe("UTC");
  });
});

describe("time facts in the runtime's own zone", () => {
  it("match those computed with the zone's name, through Date alone (daylight saving included)", () => {
    const before = process.env.TZ;
    try {
      for (const zone of ["Asia/Kolkata", "America/New_York", "Europe/Berlin", "UTC"]) {
        process.env.TZ = zone; // Node applies a changed TZ to Date at once
        for (const ms of [Date.UTC(2026, 2, 14, 20, 0), Date.UTC(2026, 2, 8, 6, 59), Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2027, 0, 1, 23, 59), 0]) {
          expect(timeFacts(ms, undefined), `${zone} ${ms}`).toEqual(timeFacts(ms, zone));
        }
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
