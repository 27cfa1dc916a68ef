import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "../contract.js";
import { callOnly, SessionHistory, type StoredCall } from "./history-index.js";

const HOUR = 3_600_000;
const call = (id: string, time: number, args: Record<string, unknown> = {}): StoredCall => ({ id, tool: "t", args, time });
const all = new Set(["t"]);

describe("SessionHistory", () => {
  it("counts a window by binary search while times are in order, and by a scan once they are not", () => {
    const history = new SessionHistory({ t: { windowMs: Infinity, output: false } });
    [0, 10, 20, 30].forEach((t, i) => history.add(call(`c${i}`, t), Number.NaN));
    expect(history.count(all, 30, 15, undefined)).toBe(2);
    history.add(call("late", 5), Number.NaN);
    expect(history.count(all, 30, 15, undefined)).toBe(2);
    expect(history.count(all, 30, 26, undefined)).toBe(4);
    history.add(call("untimed", Number.NaN), Number.NaN);
    expect(history.count(all, 30, 26, undefined)).toBe(4);
    expect(history.count(all, Number.NaN, Infinity, undefined)).toBe(6);
  });

  it("drops calls no window reaches from the session's latest time, and their outputs' slots", () => {
    const history = new SessionHistory({ t: { windowMs: HOUR, output: true } });
    for (let i = 0; i < 200; i++) history.add(call(`c${i}`, i * 60_000), i * 60_000);
    expect(history.size).toBe(60);
    expect(history.count(all, 199 * 60_000, HOUR, undefined)).toBe(60);
    history.attach("c0", { ok: true });
    history.attach("c199", { ok: true });
    expect(history.count(all, 199 * 60_000, HOUR, (e) => (e.output as { ok?: boolean } | undefined)?.ok === true)).toBe(1);
  });

  it("ignores calls to tools it does not keep, and a second output", () => {
    const history = new SessionHistory({ t: { windowMs: Infinity, output: true } });
    history.add({ id: "x", tool: "other", args: {}, time: 0 }, 0);
    history.add(call("a", 0), 0);
    history.attach("a", 1);
    history.attach("a", 2);
    expect(history.size).toBe(1);
    expect(history.count(new Set(["other"]), 0, Infinity, undefined)).toBe(0);
    expect(history.sum("t", "n", 0, Infinity, (e) => e.output === 1)).toBe(0);
    expect(history.count(all, 0, Infinity, (e) => e.output === 1)).toBe(1);
  });

  it("sums in the order calls were allowed", () => {
    const history = new SessionHistory({ t: { windowMs: Infinity, output: false } });
    [0.1, 0.2, 0.3, "x", 1e16, -1e16].forEach((n, i) => history.add(call(`c${i}`, i, { n }), i));
    expect(history.sum("t", "n", 10, Infinity, undefined)).toBe(0.1 + 0.2 + 0.3 + 0 + 1e16 - 1e16);
  });

  it("evaluates a call-only `where` once per kept call, and again for a call whose output arrived", () => {
    const history = new SessionHistory({ t: { windowMs: HOUR, output: true } });
    let asked = 0;
    const ok = callOnly((e: HistoryEntry) => (asked++, (e.output as { ok?: boolean } | undefined)?.ok === true));
    for (let i = 0; i < 10; i++) history.add(call(`c${i}`, i), i);
    expect([history.count(all, 10, HOUR, ok), history.count(all, 10, HOUR, ok), asked]).toEqual([0, 0, 10]);
    history.attach("c4", { ok: true });
    expect([history.count(all, 10, HOUR, ok), asked]).toEqual([1, 16]);
    expect(history.count(all, 10, 7, ok)).toBe(1);
    expect(history.count(all, 10, 6, ok)).toBe(0);
    history.remove("c4");
    expect(history.count(all, 10, HOUR, ok)).toBe(0);
  });

  it("faults a call-only `where` as a scan would: only when a call in the window faults", () => {
    const history = new SessionHistory({ t: { windowMs: HOUR, output: false } });
    const fault = new Error("no field");
    const odd = callOnly((e: HistoryEntry) => {
      if (e.args["bad"] === true) throw fault;
      return true;
    });
    history.add(call("a", 0, { bad: true }), 0);
    history.add(call("b", 10), 10);
    expect(() => history.count(all, 10, HOUR, odd)).toThrow(fault);
    expect(() => history.sum("t", "n", 10, HOUR, odd)).toThrow(fault);
    expect(history.count(all, 10, 5, odd)).toBe(1);
  });

  it("sums by running totals while values are safe integers, and by adding in order otherwise", () => {
    const history = new SessionHistory({ t: { windowMs: HOUR, output: false } });
    for (let i = 0; i < 100; i++) history.add(call(`c${i}`, i * 1000, { n: i }), i * 1000);
    expect(history.sum("t", "n", 99_000, 10_000, undefined)).toBe(90 + 91 + 92 + 93 + 94 + 95 + 96 + 97 + 98 + 99);
    const even = callOnly((e: HistoryEntry) => (e.args["n"] as number) % 2 === 0);
    expect(history.sum("t", "n", 99_000, 10_000, even)).toBe(90 + 92 + 94 + 96 + 98);
    history.add(call("big", 100_000, { n: 2 ** 53 }), 100_000);
    history.add(call("frac", 101_000, { n: 0.1 }), 101_000);
    history.add(call("frac2", 102_000, { n: 0.2 }), 102_000);
    expect(history.sum("t", "n", 102_000, 2_000, undefined)).toBe(0.1 + 0.2);
    expect(history.sum("t", "n", 102_000, 3_000, undefined)).toBe(2 ** 53 + 0.1 + 0.2);
  });
});
