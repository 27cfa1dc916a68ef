import { describe, expect, it } from "vitest";
import { SessionHistory, type StoredCall } from "./history-index.js";

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
    expect(history.sum("t", "n", 10, Infinity, undefined)).toBe(((((0.1 + 0.2 + 0.3) + 0) + 1e16) - 1e16));
  });
});
