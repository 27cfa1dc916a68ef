import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";
import { read, runAsync, runSync, runUnasked, swap, type Steps } from "./steps.js";
import type { StoreConfig } from "./store.js";

const config: StoreConfig = {
  namespace: "p",
  needs: { history: {}, labels: [], reads: {} },
  idleMs: 60_000,
  limits: { entries: 10, contentUnits: 1000 },
  clockToleranceMs: Infinity,
};

/** Steps that write a record, then read it, answering a store failure with what it said. */
function* writeThenRead(): Steps<string> {
  try {
    if (!(yield* swap([{ key: "k", expected: null, next: "v" }], 0, 60_000))) return "lost the race";
    const [text] = yield* read(["k"]);
    return `read ${text}`;
  } catch (error) {
    return `answered: ${(error as Error).message}`;
  }
}

/** Steps that read a record and do not catch. */
function* readOnly(): Steps<(string | null)[]> {
  return yield* read(["k"]);
}

function failing(): MemoryStore {
  return Object.assign(new MemoryStore({ clock: () => 0 }), {
    read: () => {
      throw new Error("store down");
    },
  });
}

describe("steps over a store", () => {
  it("run the same steps against a synchronous store, without waiting or awaiting", async () => {
    expect(runSync(writeThenRead(), new MemoryStore({ clock: () => 0 }), config)).toBe("read v");
    expect(await runAsync(writeThenRead(), new MemoryStore({ clock: () => 0 }), config)).toBe("read v");
  });

  it("throw a store's failure into the steps at the step that asked, so they may answer it", async () => {
    expect(runSync(writeThenRead(), failing(), config)).toBe("answered: store down");
    expect(await runAsync(writeThenRead(), failing(), config)).toBe("answered: store down");
  });

  it("throw what the steps do not answer, and reject with it", async () => {
    expect(() => runSync(readOnly(), failing(), config)).toThrow("store down");
    await expect(runAsync(readOnly(), failing(), config)).rejects.toThrow("store down");
  });

  it("run steps that ask nothing without a store, and refuse those that ask, with the step asked for", () => {
    // eslint-disable-next-line require-yield -- steps that ask the store nothing: what runUnasked must run without one.
    function* asksNothing(): Steps<string> {
      return "done";
    }
    const refuse = (step: object): string => `refused ${Object.keys(step).join(",")}`;
    expect(runUnasked(asksNothing(), refuse)).toBe("done");
    expect(runUnasked(writeThenRead(), refuse)).toBe("refused swap,now,keepUntil");
  });
});
