import { describe, expect, it } from "vitest";
import { dayNumber, localTime, timeFacts } from "../src/runtime/device.js";

describe("timeFacts", () => {
  it("gives hour, weekday and date on the visitor's clock and the instant in UTC", () => {
    // Saturday 20:00 UTC is already Sunday 01:30 in India.
    expect(timeFacts(Date.UTC(2026, 2, 14, 20, 0), "Asia/Kolkata")).toEqual({
      now: "2026-03-14T20:00:00.000Z",
      hour: 1,
      weekday: "sunday",
      date: "2026-03-15",
    });
  });

  it("is a day behind in a zone west of UTC", () => {
    expect(timeFacts(Date.UTC(2026, 0, 1, 3, 0), "America/Los_Angeles")).toMatchObject({ hour: 19, weekday: "wednesday", date: "2025-12-31" });
  });

  it("answers hour 0 at midnight (never 24)", () => {
    expect(timeFacts(Date.UTC(2026, 5, 1, 0, 0), "UTC").hour).toBe(0);
  });

  it("follows daylight saving time", () => {
    // Berlin: UTC+1 in winter, UTC+2 in summer.
    expect(timeFacts(Date.UTC(2026, 0, 15, 12, 0), "Europe/Berlin").hour).toBe(13);
    expect(timeFacts(Date.UTC(2026, 6, 15, 12, 0), "Europe/Berlin").hour).toBe(14);
  });

  it("steps over the daylight-saving change between two calls a second apart", () => {
    // Berlin moves from 02:00 CET to 03:00 CEST at 01:00 UTC on 2026-03-29.
    expect(timeFacts(Date.UTC(2026, 2, 29, 0, 59, 59), "Europe/Berlin").hour).toBe(1);
    expect(timeFacts(Date.UTC(2026, 2, 29, 1, 0, 0), "Europe/Berlin").hour).toBe(3);
    expect(timeFacts(Date.UTC(2026, 2, 29, 0, 59, 59), "Europe/Berlin").hour).toBe(1);
  });

  it("answers for the zone asked, whatever zone was asked just before", () => {
    const at = Date.UTC(2026, 2, 14, 20, 0);
    expect(timeFacts(at, "Asia/Kolkata").hour).toBe(1);
    expect(timeFacts(at, "America/New_York").hour).toBe(16);
    expect(timeFacts(at, "Asia/Kolkata").hour).toBe(1);
  });

  it("uses UTC for an unknown time zone", () => {
    expect(timeFacts(Date.UTC(2026, 2, 14, 20, 0), "Nowhere/Special")).toMatchObject({ hour: 20, weekday: "saturday", date: "2026-03-14" });
  });
});

describe("dayNumber", () => {
  it("numbers local calendar days, so one local day is one number", () => {
    const morning = dayNumber(localTime(Date.UTC(2026, 2, 14, 19, 0), "Asia/Kolkata")); // 00:30 on the 15th there
    const night = dayNumber(localTime(Date.UTC(2026, 2, 15, 18, 0), "Asia/Kolkata")); // 23:30 on the 15th there
    expect(night).toBe(morning);
    expect(dayNumber(localTime(Date.UTC(2026, 2, 15, 18, 31), "Asia/Kolkata"))).toBe(morning + 1);
  });
});
