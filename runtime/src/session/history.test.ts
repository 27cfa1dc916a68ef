import { describe, expect, it } from "vitest";
import type { EvaluationState, HistoryEntry } from "../contract.js";
import { Fault } from "../evaluate/fault.js";
import { count, sum } from "./history.js";
import { indexState } from "./snapshot.js";
import { field } from "../evaluate/value-semantics.js";

const HOUR = 3_600_000;
const now = Date.parse("2026-11-21T10:00:00Z");
const history: HistoryEntry[] = [
  { tool: "send_money", args: { amount: 100, to: "a" }, time: now - 5 * HOUR },
  { tool: "read_file", args: { path: "/internal/x" }, time: now - 2 * HOUR },
  { tool: "send_money", args: { amount: 50, to: "b" }, time: now - HOUR },
  { tool: "send_money", args: { amount: "lots", to: "c" }, time: now - HOUR + 1 },
  { tool: "send_money", args: { to: "d" }, time: now - 10 },
];
const state = indexState({ now, history });
/** A session of `history` as the runtime indexes it. */
const at = (snapshot: EvaluationState) => indexState(snapshot);
const money = new Set(["send_money"]);

describe("count", () => {
  it("counts calls to the targets over the session", () => {
    expect(count(state, money, Infinity, undefined)).toBe(4);
    expect(count(state, new Set(["send_money", "read_file"]), Infinity, undefined)).toBe(5);
    expect(count(state, new Set(["delete"]), Infinity, undefined)).toBe(0);
  });

  it("keeps a window open at its start: `now - time < window`", () => {
    expect(count(state, money, HOUR, undefined)).toBe(2);
    expect(count(state, money, HOUR + 1, undefined)).toBe(3);
    expect(count(state, money, 10, undefined)).toBe(0);
    expect(count(state, money, 11, undefined)).toBe(1);
  });

  it("filters with `where` after the target and window", () => {
    const seenTools: string[] = [];
    const where = (e: HistoryEntry): boolean => {
      seenTools.push(e.tool);
      return field(e.args, "to") !== "b";
    };
    expect(count(state, money, 2 * HOUR, where)).toBe(2);
    expect(seenTools).toEqual(["send_money", "send_money", "send_money"]);
  });

  it("lets a fault in `where` fault the whole count", () => {
    expect(() => count(state, money, Infinity, (e) => field(e.args, "amount") === 1)).toThrow(Fault);
  });

  it("treats a missing state or history as empty", () => {
    expect(count(undefined, money, Infinity, undefined)).toBe(0);
    expect(count({ now }, money, HOUR, undefined)).toBe(0);
    expect(count(at({ now }), money, HOUR, undefined)).toBe(0);
  });

  it("needs a known `now` for a finite window, even with no history", () => {
    expect(() => count(at({ history }), money, HOUR, undefined)).toThrow(Fault);
    expect(() => count(undefined, money, HOUR, undefined)).toThrow(Fault);
    expect(() => count({ now: NaN }, money, HOUR, undefined)).toThrow(Fault);
    expect(count(at({ history }), money, Infinity, undefined)).toBe(4);
  });
});

describe("sum", () => {
  it("adds a numeric argument over the window; other values count as 0", () => {
    expect(sum(state, "send_money", "amount", Infinity, undefined)).toBe(150);
    expect(sum(state, "send_money", "amount", 2 * HOUR, undefined)).toBe(50);
    expect(sum(state, "send_money", "to", Infinity, undefined)).toBe(0);
    expect(sum(state, "read_file", "amount", Infinity, undefined)).toBe(0);
    expect(sum(state, "send_money", "amount", Infinity, (e) => e.args.to === "a")).toBe(100);
  });

  it("ignores inherited names and arguments that are not objects", () => {
    const odd = [
      { tool: "t", args: null, time: now },
      { tool: "t", args: {}, time: now },
      { tool: "t", args: { n: 2 }, time: now },
    ] as unknown as HistoryEntry[];
    expect(sum(at({ now, history: odd }), "t", "n", Infinity, undefined)).toBe(2);
    expect(sum(at({ now, history: odd }), "t", "constructor", Infinity, undefined)).toBe(0);
  });

  it("needs a known `now` for a finite window", () => {
    expect(() => sum(at({ history }), "send_money", "amount", HOUR, undefined)).toThrow(Fault);
  });
});
