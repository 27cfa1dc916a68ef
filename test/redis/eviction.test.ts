// The Redis store against a server that evicts keys under memory pressure (`--maxmemory 4mb --maxmemory-policy volatile-lru`): refused, or fail closed when allowed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createEnforcer, type PolicyModule } from "@apol/runtime";
import { RedisStore } from "@apol/redis-store";
import { RedisServer, redisServerFor } from "./server.js";
import { mailPolicy } from "./policies.js";
import { compiledModule } from "../harness/compiled-module.js";

const binary = redisServerFor("the Redis eviction tests");

const mail = (session: string) => ({ tool: "send_email", session, now: Date.now(), args: { to: "a@b.example", body: "hi" } });
const refusal =
  "Redis may evict keys (maxmemory-policy `volatile-lru`), which would silently reset limits and taint: set `maxmemory-policy noeviction` or pass `allowEviction: true`";

describe.skipIf(!binary)("the Redis store on a server that evicts keys", () => {
  let server: RedisServer;
  let admin: Redis;
  let module: PolicyModule;
  const stores: RedisStore[] = [];

  beforeAll(async () => {
    // A common managed-Redis setting: every apol key has a TTL, so every one may be evicted.
    server = await RedisServer.start(binary!, ["--maxmemory", "4mb", "--maxmemory-policy", "volatile-lru"]);
    admin = new Redis(server.url);
    module = await compiledModule(mailPolicy, "mail.apol");
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    admin?.disconnect();
    await server?.stop();
  });

  const storeOn = (allowEviction: boolean): RedisStore => {
    const store = new RedisStore({ url: server.url, timeoutMs: 5000, allowEviction });
    stores.push(store);
    return store;
  };

  it("refuses the server at connect, and every decision that needs a session fails closed saying why", async () => {
    const store = storeOn(false);
    await expect(store.connect()).rejects.toThrow(refusal);
    const enforcer = createEnforcer(module, { store });
    expect(await enforcer.decideAsync(mail("s"))).toMatchObject({
      effect: "deny",
      rule: "$state-unavailable",
      reason: `session state is unavailable: ${refusal}`,
    });
    expect((await enforcer.decideAsync({ tool: "ping", session: "s" })).rule).toBe("ok");
  });

  it("when allowed, never reads a session that memory pressure evicted as empty: `count(send_email, 1h) >= 20` admits no 21st", async () => {
    const store = storeOn(true);
    await store.connect();
    const enforcer = createEnforcer(module, { store });
    for (let i = 0; i < 20; i++) expect((await enforcer.decideAsync(mail("evicted"))).rule).toBe("ok");
    const keys = ["m", "h"].map((part) => `apol:mail:{evicted}:${part}`);
    // Other keys with a TTL fill memory until Redis evicts some of the session's.
    const filler = "x".repeat(20_000);
    for (let i = 0; (await admin.exists(...keys)) === keys.length; i++) {
      if (i > 5000) throw new Error("Redis evicted none of the session's keys");
      await admin.set(`filler:${i}`, filler, "PX", 3_600_000);
    }
    // Neither this worker nor others, with no copy of the session, admit another mail in the hour.
    const peers = [enforcer];
    for (let i = 0; i < 2; i++) {
      const peer = storeOn(true);
      await peer.connect();
      peers.push(createEnforcer(module, { store: peer }));
    }
    const after = [];
    for (let i = 0; i < 10; i++) for (const worker of peers) after.push(await worker.decideAsync(mail("evicted")));
    expect(after.filter((d) => d.effect === "allow")).toEqual([]);
    expect(after[0]!.reason).toMatch(/^session state is unavailable: the state of session `evicted` was lost \(/);
    expect(after.every((d) => d.rule === "$state-unavailable")).toBe(true);
  });
});
