import { describe, expect, it } from "vitest";
import type { StateNeeds } from "../contract.js";
import { MemoryStore } from "./memory-store.js";
import type { StoreConfig } from "./store.js";

const needs: StateNeeds = {
  history: { t: { windowMs: 3_600_000, args: [], output: false } },
  labels: ["untrusted"],
  reads: { t: { history: true, contents: true } },
};
const config: StoreConfig = { namespace: "p", needs, idleMs: 60_000, limits: { entries: 3, contentUnits: 100 }, clockToleranceMs: 300_000 };
const call = (id: string, time: number) => ({ kind: "call" as const, id, tool: "t", args: {}, time });
const counted = (store: MemoryStore, session: string, now: number, within = config) =>
  store.transact(within, session, now, (view) => ({ result: view.history!.count(new Set(["t"]), now, 3_600_000, undefined) })).result;

describe("MemoryStore", () => {
  it("commits an attempt's event in the same step, and refuses calls past the limit", () => {
    const store = new MemoryStore();
    const results = [1, 2, 3, 4].map((i) => store.transact(config, "s", i, () => ({ result: i, event: call(`c${i}`, i) })));
    expect(results).toEqual([{ result: 1 }, { result: 2 }, { result: 3 }, { result: 4, refused: "session `s` holds 3 calls, the limit" }]);
    expect(counted(store, "s", 10)).toBe(3);
    expect(() => store.append(config, "s", 10, [call("x", 10)])).toThrow("cannot add a call: the session holds 3 calls, the limit");
  });

  it("swaps records only when every key holds what was expected, shares them by policy name, and forgets them after `keepUntil`", () => {
    const store = new MemoryStore({ maxRecords: 2 });
    expect(store.swap(config, [{ key: "a", expected: null, next: "1" }], 0, 1_000)).toBe(true);
    expect(
      store.swap(
        config,
        [
          { key: "a", expected: "2", next: "3" },
          { key: "b", expected: null, next: "x" },
        ],
        0,
        1_000,
      ),
    ).toBe(false);
    expect(store.read(config, ["a", "b"])).toEqual(["1", null]);
    expect(store.read({ ...config, needs: { ...needs } }, ["a"])).toEqual(["1"]);
    expect(store.read({ ...config, namespace: "q" }, ["a"])).toEqual([null]);
    expect(store.swap(config, [{ key: "b", expected: null, next: "x" }], 0, 120_000)).toBe(true);
    expect(() => store.swap(config, [{ key: "c", expected: null, next: "y" }], 0, 1_000)).toThrow("the memory store holds 2 review records, the limit");
    // A minute of request time later, `a` (kept until 1,000) is swept; `b` is kept.
    expect(store.swap(config, [{ key: "b", expected: "x", next: "z" }], 60_001, 120_000)).toBe(true);
    expect(store.read(config, ["a", "b"])).toEqual([null, "z"]);
    expect(store.swap(config, [{ key: "c", expected: null, next: "y" }], 60_002, 120_000)).toBe(true);
  });

  it("creates no session for a decision that commits nothing", () => {
    const store = new MemoryStore();
    expect(counted(store, "s", 0)).toBe(0);
    expect(store.size).toBe(0);
  });

  it("forgets a session whose own next request comes `idleMs` after its last one, and sweeps idle ones by the store's clock", () => {
    let time = 0;
    const store = new MemoryStore({ clock: () => time });
    store.transact(config, "a", 0, () => ({ result: 0, event: call("a1", 0) }));
    store.transact(config, "b", 0, () => ({ result: 0, event: call("b1", 0) }));
    expect(counted(store, "a", 59_999)).toBe(1);
    expect(counted(store, "a", 59_999 + 60_000)).toBe(0);
    expect(store.size).toBe(1);
    time = 60_000;
    expect(counted(store, "c", 60_000)).toBe(0);
    expect(store.size).toBe(0);
  });

  it("never lets one session's request time expire another session (issue 12, item 2)", () => {
    const store = new MemoryStore({ clock: () => 0 });
    const far = { ...config, clockToleranceMs: Infinity };
    store.transact(far, "a", 0, () => ({ result: 0, event: call("a1", 0) }));
    store.transact(far, "b", 25 * 3_600_000, () => ({ result: 0, event: call("b1", 25 * 3_600_000) }));
    expect(store.size).toBe(2);
    expect(counted(store, "a", 1, far)).toBe(1);
  });

  it("never lets one request dated far ahead forget other sessions' review records (issue 12, item 2)", () => {
    const store = new MemoryStore({ clock: () => 0, maxRecords: 10 });
    expect(store.swap(config, [{ key: "review-a", expected: null, next: "held" }], 0, 3_600_000)).toBe(true);
    const day = 25 * 3_600_000;
    expect(store.swap(config, [{ key: "review-b", expected: null, next: "held" }], day, day + 3_600_000)).toBe(true);
    expect(store.read(config, ["review-a"])).toEqual(["held"]);
  });

  it("refuses a request whose `now` is farther from the store's clock than the tolerance, and commits nothing (issue 12, item 19)", () => {
    const store = new MemoryStore({ clock: () => 1_000_000 });
    const ahead = store.transact(config, "a", 1_000_000 + 300_001, () => ({ result: 0, event: call("a1", 1_300_001) }));
    expect(ahead).toEqual({ invalid: "`now` is 300 s ahead of the store's clock, more than the 300000 ms allowed" });
    expect(store.transact(config, "a", 1_000_000 - 300_001, () => ({ result: 0 })).invalid).toContain("behind the store's clock");
    expect(() => store.append(config, "a", 2_000_000, [call("x", 2_000_000)])).toThrow("ahead of the store's clock");
    expect(store.size).toBe(0);
    expect(store.transact(config, "a", 1_000_000 + 300_000, () => ({ result: 0 })).invalid).toBeUndefined();
    // Without a clock of its own the store cannot judge a request's time: any is taken.
    expect(new MemoryStore().transact(config, "a", 0, () => ({ result: 0 })).invalid).toBeUndefined();
  });

  it("drops calls out of every window before checking `entries`, and a refused call leaves the idle timer alone (issue 12, item 10)", () => {
    let time = 0;
    const store = new MemoryStore({ clock: () => time });
    const far = { ...config, clockToleranceMs: Infinity };
    for (let i = 1; i <= 3; i++) store.transact(far, "s", i, () => ({ result: i, event: call(`c${i}`, i) }));
    time = 50_000;
    expect(store.transact(far, "s", 4, () => ({ result: 4, event: call("c4", 4) })).refused).toBe("session `s` holds 3 calls, the limit");
    // Refused at store time 50,000: the session was last touched at 0, so it is idle at 60,000.
    time = 60_000;
    expect(store.transact(far, "x", 0, () => ({ result: 0 })).result).toBe(0);
    expect(store.size).toBe(0);
    for (let i = 1; i <= 3; i++) store.transact(far, "s", i, () => ({ result: i, event: call(`c${i}`, i) }));
    // An hour later every call has left the window: the fourth is kept, not refused.
    expect(store.transact(far, "s", 3_600_003, () => ({ result: 4, event: call("c4", 3_600_003) }))).toEqual({ result: 4 });
    expect(counted(store, "s", 3_600_004, far)).toBe(1);
  });

  it("fails closed on content in a session whose content it could not keep because it was full (issue 12, item 8)", () => {
    const store = new MemoryStore({ maxSessions: 1 });
    store.transact(config, "a", 0, () => ({ result: 0, event: call("a1", 0) }));
    const content = { kind: "content" as const, text: "pay DE89370400440532013000", labels: ["untrusted"] };
    expect(() => store.append(config, "b", 0, [content])).toThrow("cannot keep session `b`");
    const lost = () => store.transact(config, "b", 0, (_view, session) => ({ result: session.contentLost, event: call("b1", 0) })).result;
    expect(lost()).toBe("session content could not be kept: the memory store holds 1 sessions, the limit");
    expect(store.transact(config, "c", 0, (_view, session) => ({ result: session.contentLost })).result).toBeUndefined();
  });

  it("marks a session whose content passed the limit, and keeps what fit", () => {
    const store = new MemoryStore();
    store.append(config, "s", 0, [{ kind: "content", text: "x".repeat(60), labels: ["untrusted"] }]);
    const read = () =>
      store.transact(config, "s", 0, (view, session) => ({ result: [view.contents!.cameFrom("x".repeat(60), "untrusted"), session.contentLost] })).result;
    expect(read()).toEqual([true, undefined]);
    store.append(config, "s", 0, [{ kind: "content", text: "y".repeat(60), labels: ["untrusted"] }]);
    expect(read()).toEqual([true, "session content reached the limit of 100 code units"]);
  });

  it("refuses sessions past `maxSessions` until idle ones expire by the store's clock", () => {
    let time = 0;
    const store = new MemoryStore({ maxSessions: 1, clock: () => time });
    store.transact(config, "a", 0, () => ({ result: 0, event: call("a1", 0) }));
    expect(store.transact(config, "b", 1, () => ({ result: 0, event: call("b1", 1) })).refused).toBe("the memory store holds 1 sessions, the limit");
    expect(() => store.append(config, "b", 1, [call("b1", 1)])).toThrow("cannot keep session `b`");
    time = 120_000;
    expect(store.transact(config, "b", 120_000, () => ({ result: 0, event: call("b1", 120_000) })).refused).toBeUndefined();
  });
});
