// `now.hour`, `now.minute` and `now.weekday`: the request's timestamp read in the policy's time zone.
import { Fault } from "./fault.js";

/** Whether `t` is a time a `Date` can represent: a number of milliseconds at most 8.64e15 from the epoch. */
export function isTime(t: unknown): t is number {
  return typeof t === "number" && Math.abs(t) <= 8.64e15;
}

// One formatter per zone: building an `Intl.DateTimeFormat` costs far more than using one.
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock hour (0-23), minute and weekday (`mon`..`sun`) of `now` in an
 * IANA time zone. Faults when `now` is unknown, not finite or beyond the range of dates.
 */
export function timeParts(now: number | undefined, timezone: string): { hour: number; minute: number; weekday: string } {
  if (!isTime(now)) throw new Fault("the time of the request is unknown", "no time");
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", hour: "numeric", minute: "numeric", weekday: "short" });
    formats.set(timezone, format);
  }
  const parts: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(now)) parts[type] = value;
  return { hour: Number(parts.hour), minute: Number(parts.minute), weekday: parts.weekday!.toLowerCase() };
}
