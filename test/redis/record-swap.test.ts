// The Redis store's review records against a real redis-server: `read` by MGET, and `swap`, the all-or-nothing compare-and-set script.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { RedisStore } from "@apol/redis-store";
import type { RecordChange, StoreConfig } from "@apol/runtime/store";
import { RedisServer, redisServerFor } from "./server.js";

const binary = redisServerFor("the Redis record tests");

const config: StoreConfig = {
  namespace: "records",
  needs: { history: {}, labels: [], reads: {} },
  idleMs: 86_400_000,
  limits: { entries: 10, contentUnits: 1000 },
  clockToleranceMs: 300_000,
};
/** The Redis key of record `key` of `config`'s policy. */
const raw = (key: string): string => `apol:records:{reviews}:${key}`;
// Far from Redis's own clock: keep times count from the enforcer's time, whatever Redis thinks it is.
const now = Date.parse("2001-01-01T00:00:00Z");
const MINUTE = 60_000;
const HOUR = 3_600_000;

describe.skipIf(!binary)("review records in Redis", () => {
  let server: RedisServer;
  let admin: Redis;
  const stores: RedisStore[] = [];

  async function newStore(): Promise<RedisStore> {
    const store = new RedisStore({ url: server.url, timeoutMs: 5000 });
    stores.push(store);
    await store.connect();
    return store;
  }

  /** Every key Redis holds, with its text and milliseconds to live (-1: no expiry). */
  async function everything(): Promise<Record<string, [string | null, number]>> {
    const keys = (await admin.keys("*")).sort();
    const found: Record<string, [string | null, number]> = {};
    for (const key of keys) found[key] = [await admin.get(key), await admin.pttl(key)];
    return found;
  }

  beforeAll(async () => {
    server = await RedisServer.start(binary!);
    admin = new Redis(server.url);
  });

  beforeEach(async () => {
    await admin.flushall();
  });

  afterAll(async () => {
    admin?.disconnect();
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it("reads the texts of the policy's records in the order asked, `null` where there is none", async () => {
    const store = await newStore();
    await admin.set(raw("a"), "A");
    await admin.set(raw("b"), "B");
    await admin.set("apol:other:{reviews}:a", "another policy's");
    expect(await store.read(config, ["b", "missing", "a"])).toEqual(["B", null, "A"]);
    expect(await store.read({ ...config, namespace: "nobody" }, ["a", "b"])).toEqual([null, null]);
    const trips = store.stats.roundTrips;
    expect(await store.read(config, [])).toEqual([]);
    expect(store.stats.roundTrips).toBe(trips);
  });

  it("creates a record expected absent, and refuses while one exists, the empty text included", async () => {
    const store = await newStore();
    const text = JSON.stringify({ memo: 'naïve "quoted"\nline ☃ 🏦', end: "]]--" });
    expect(await store.swap(config, [{ key: "a", expected: null, next: text }], now, now + HOUR)).toBe(true);
    expect(await store.read(config, ["a"])).toEqual([text]);
    expect(await store.swap(config, [{ key: "a", expected: null, next: "other" }], now, now + HOUR)).toBe(false);
    expect(await admin.get(raw("a"))).toBe(text);

    expect(await store.swap(config, [{ key: "e", expected: null, next: "" }], now, now + HOUR)).toBe(true);
    expect(await store.read(config, ["e"])).toEqual([""]);
    expect(await store.swap(config, [{ key: "e", expected: null, next: "x" }], now, now + HOUR)).toBe(false);
    expect(await store.swap(config, [{ key: "e", expected: "", next: "x" }], now, now + HOUR)).toBe(true);
    expect(await admin.get(raw("e"))).toBe("x");
  });

  it("replaces or deletes a record expected present, and refuses when it is absent or holds other text", async () => {
    const store = await newStore();
    await admin.set(raw("a"), "1");
    expect(await store.swap(config, [{ key: "a", expected: "1", next: "2" }], now, now + HOUR)).toBe(true);
    expect(await admin.get(raw("a"))).toBe("2");
    expect(await store.swap(config, [{ key: "a", expected: "1", next: "3" }], now, now + HOUR)).toBe(false);
    expect(await admin.get(raw("a"))).toBe("2");
    expect(await store.swap(config, [{ key: "a", expected: "2", next: null }], now, now + HOUR)).toBe(true);
    expect(await admin.exists(raw("a"))).toBe(0);
    expect(await store.swap(config, [{ key: "a", expected: "2", next: "3" }], now, now + HOUR)).toBe(false);
    expect(await admin.exists(raw("a"))).toBe(0);
  });

  it("makes a create, a replace and a delete together", async () => {
    const store = await newStore();
    await admin.set(raw("a"), "1");
    await admin.set(raw("b"), "2");
    const changes: RecordChange[] = [
      { key: "a", expected: "1", next: "1b" },
      { key: "b", expected: "2", next: null },
      { key: "c", expected: null, next: "3" },
    ];
    expect(await store.swap(config, changes, now, now + HOUR)).toBe(true);
    expect(await store.read(config, ["a", "b", "c"])).toEqual(["1b", null, "3"]);
  });

  it("changes nothing when any one key differs: not the keys that matched, not their keep times", async () => {
    const store = await newStore();
    const seeded: RecordChange[] = [
      { key: "a", expected: null, next: "1" },
      { key: "b", expected: null, next: "2" },
    ];
    expect(await store.swap(config, seeded, now, now + MINUTE)).toBe(true);
    const before = await everything();
    expect(Object.keys(before)).toEqual([raw("a"), raw("b")]);
    const mismatches: RecordChange[][] = [
      // The last key holds other text.
      [
        { key: "a", expected: "1", next: "10" },
        { key: "c", expected: null, next: "30" },
        { key: "b", expected: "wrong", next: "20" },
      ],
      // A key expected absent exists.
      [
        { key: "a", expected: "1", next: null },
        { key: "b", expected: null, next: "20" },
      ],
      // A key expected present is absent.
      [
        { key: "c", expected: "3", next: "30" },
        { key: "a", expected: "1", next: "10" },
      ],
    ];
    for (const changes of mismatches) {
      expect(await store.swap(config, changes, now, now + HOUR)).toBe(false);
      const after = await everything();
      expect(Object.keys(after)).toEqual([raw("a"), raw("b")]);
      for (const key of Object.keys(after)) {
        expect(after[key]![0]).toBe(before[key]![0]);
        expect(after[key]![1]).toBeLessThanOrEqual(MINUTE);
      }
    }
  });

  it("keeps what a swap writes for `keepUntil - now` milliseconds, counted from the enforcer's time", async () => {
    const store = await newStore();
    const created: RecordChange[] = [
      { key: "a", expected: null, next: "1" },
      { key: "b", expected: null, next: "2" },
    ];
    expect(await store.swap(config, created, now, now + 90_000)).toBe(true);
    for (const key of ["a", "b"]) {
      const ttl = await admin.pttl(raw(key));
      expect(ttl).toBeGreaterThan(85_000);
      expect(ttl).toBeLessThanOrEqual(90_000);
    }
    // A later swap sets the keep time of what it writes again, and only of that.
    expect(await store.swap(config, [{ key: "a", expected: "1", next: "1b" }], now + MINUTE, now + MINUTE + 2 * HOUR)).toBe(true);
    expect(await admin.pttl(raw("a"))).toBeGreaterThan(2 * HOUR - 5_000);
    expect(await admin.pttl(raw("b"))).toBeLessThanOrEqual(90_000);
    // A keep time already past keeps a record a millisecond at most: it is gone at once.
    expect(await store.swap(config, [{ key: "b", expected: "2", next: "2b" }], now, now - HOUR)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.read(config, ["a", "b"])).toEqual(["1b", null]);
  });

  it("keeps two records in step under concurrent swaps from four connections: no reader sees one changed without the other", async () => {
    const workers = await Promise.all(Array.from({ length: 4 }, () => newStore()));
    const PER_WORKER = 25;
    const keys = ["x", "y"];
    expect(
      await workers[0]!.swap(
        config,
        keys.map((key) => ({ key, expected: null, next: "0" })),
        now,
        now + HOUR,
      ),
    ).toBe(true);
    const torn: (string | null)[][] = [];
    let refused = 0;
    const count = async (store: RedisStore): Promise<void> => {
      for (let done = 0; done < PER_WORKER; ) {
        const [x, y] = await store.read(config, keys);
        if (x !== y) torn.push([x!, y!]);
        const next = String(Number(x) + 1);
        if (
          await store.swap(
            config,
            [
              { key: "x", expected: x!, next },
              { key: "y", expected: y!, next },
            ],
            now,
            now + HOUR,
          )
        )
          done++;
        else refused++;
      }
    };
    await Promise.all(workers.map(count));
    expect(torn).toEqual([]);
    expect(await admin.mget(raw("x"), raw("y"))).toEqual([String(4 * PER_WORKER), String(4 * PER_WORKER)]);
    // The swaps did contend: otherwise this says nothing about atomicity.
    expect(refused).toBeGreaterThan(0);
  });
});
