import { describe, expect, it } from "vitest";
import { Fault } from "./fault.js";
import { isTime, timeParts } from "./time.js";

describe("timeParts", () => {
  it("reads hour, minute and weekday in UTC", () => {
    expect(timeParts(Date.parse("2026-11-21T10:07:00Z"), "UTC")).toEqual({ hour: 10, minute: 7, weekday: "sat" });
    expect(timeParts(Date.parse("2026-11-23T00:00:59Z"), "UTC")).toEqual({ hour: 0, minute: 0, weekday: "mon" });
    expect(timeParts(Date.parse("2026-11-22T23:59:00Z"), "UTC")).toEqual({ hour: 23, minute: 59, weekday: "sun" });
  });

  it("reads them in the policy's time zone, daylight saving included", () => {
    // 23:30 UTC on a Friday is already Saturday in Berlin (UTC+1 in winter, +2 in summer).
    expect(timeParts(Date.parse("2026-01-09T23:30:00Z"), "Europe/Berlin")).toEqual({ hour: 0, minute: 30, weekday: "sat" });
    expect(timeParts(Date.parse("2026-07-10T23:30:00Z"), "Europe/Berlin")).toEqual({ hour: 1, minute: 30, weekday: "sat" });
    expect(timeParts(Date.parse("2026-01-09T23:30:00Z"), "America/New_York")).toEqual({ hour: 18, minute: 30, weekday: "fri" });
    expect(timeParts(Date.parse("2026-01-09T23:30:00Z"), "Asia/Kolkata")).toEqual({ hour: 5, minute: 0, weekday: "sat" });
  });

  it("names every weekday", () => {
    const monday = Date.parse("2026-11-23T12:00:00Z");
    const days = [0, 1, 2, 3, 4, 5, 6].map((d) => timeParts(monday + d * 86_400_000, "UTC").weekday);
    expect(days).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
  });

  it("faults when the time is unknown or not a date", () => {
    for (const now of [undefined, NaN, Infinity, -Infinity, 8.64e15 + 1]) expect(() => timeParts(now, "UTC")).toThrow(Fault);
    expect(timeParts(-8.64e15, "UTC").weekday).toBe("tue");
  });
});

describe("isTime", () => {
  it("accepts numbers a date can represent", () => {
    expect([0, -1, 8.64e15, 1.5].map(isTime)).toEqual([true, true, true, true]);
    expect([8.64e15 + 1, NaN, Infinity, "0", null, true, undefined].map(isTime)).toEqual([false, false, false, false, false, false, false]);
  });
});
