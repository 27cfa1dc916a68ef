// The session store contract against the Redis store and a real redis-server: keys deleted or rewritten behind the store's back fail closed.
import { Redis } from "ioredis";
import { createEnforcer, type Enforcer, type EnforcerOptions, type PolicyModule } from "@apol/runtime";
import { RedisStore } from "@apol/redis-store";
import { RedisServer, redisServerFor } from "../redis/server.js";
import { storeContract, type Fault } from "./contract.js";

const binary = redisServerFor("the Redis store contract");

let server: RedisServer | undefined;
let admin: Redis | undefined;
const stores: RedisStore[] = [];

async function enforcerOn(module: PolicyModule, options: EnforcerOptions = {}): Promise<Enforcer> {
  const store = new RedisStore({ url: server!.url, timeoutMs: 5000 });
  stores.push(store);
  await store.connect();
  return createEnforcer(module, { ...options, store });
}

/** The Redis key of part `part` (`m` counters, `h` history, `c` content) of the contract policy's session. */
const key = (session: string, part: "m" | "h" | "c"): string => `apol:contract:{${session}}:${part}`;

const deleted =
  (parts: readonly ("m" | "h" | "c")[]): Fault["inject"] =>
  async ({ session, record }) => {
    await record();
    await admin!.del(...parts.map((p) => key(session, p)));
  };

const rewritten =
  (part: "h" | "c", rewrite: (element: string) => string): Fault["inject"] =>
  async ({ session, record }) => {
    await record();
    const first = await admin!.lindex(key(session, part), 0);
    await admin!.lset(key(session, part), 0, rewrite(first!));
  };

storeContract("Redis", {
  available: binary !== undefined,
  async setUp() {
    server = await RedisServer.start(binary!);
    admin = new Redis(server.url);
  },
  async tearDown() {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    admin?.disconnect();
    await server?.stop();
  },
  enforcer: enforcerOn,
  peer: (_of, module, options) => enforcerOn(module, options),
  faults: [
    { name: "only its history list is deleted", holds: "history", inject: deleted(["h"]) },
    { name: "only its counters are deleted", holds: "history", inject: deleted(["m"]) },
    { name: "all its keys are deleted at once, as eviction may do", holds: "history", inject: deleted(["m", "h", "c"]) },
    {
      name: "its counters are not numbers",
      holds: "history",
      inject: async ({ session }) => {
        await admin!.hset(key(session, "m"), "n", "many");
      },
    },
    { name: "a call's time is not a number", holds: "history", inject: rewritten("h", (e) => `soon${e.slice(e.indexOf("|"))}`) },
    { name: "only its content list is deleted", holds: "content", inject: deleted(["c"]) },
    { name: "a content's text is not a string", holds: "content", inject: rewritten("c", (e) => JSON.stringify({ ...JSON.parse(e), text: 5 })) },
    { name: "a content's labels are not a list", holds: "content", inject: rewritten("c", (e) => JSON.stringify({ ...JSON.parse(e), labels: "untrusted" })) },
  ],
});
