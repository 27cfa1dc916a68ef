// A worker process for the Redis tests and benchmark: decides mails through a RedisStore and reports the tally.
//   node --import tsx test/redis/worker.ts URL SESSION CALLS CONCURRENCY NOW SPREAD POLICY_URL
// CONCURRENCY lanes decide CALLS mails in all, in session SESSION, or with SPREAD=1 each lane in its own `SESSION-LANE`;
// POLICY_URL is the compiled policy (test/harness compiledModuleUrl), which the parent compiles once for all its workers.
// Waits for "go" over IPC, then sends { allowed, rules, stats, ms } back.
import { createEnforcer, type PolicyModule } from "@apol/runtime";
import { RedisStore } from "@apol/redis-store";

const [url, session, calls, concurrency, now, spread, policyUrl] = process.argv.slice(2);
const policy = (await import(policyUrl!)) as PolicyModule;
const store = new RedisStore({ url: url!, timeoutMs: 5000, maxAttempts: 1000 });
await store.connect();
// The fleet's callers give fixed request times, far from the server's clock: the clock rule has tests of its own.
const enforcer = createEnforcer(policy, { store, clockToleranceMs: Infinity });
const request = (lane: number) => ({
  tool: "send_email",
  session: spread === "1" ? `${session}-${lane}` : session,
  now: Number(now),
  args: { to: "a@b.example", body: "hi" },
});

process.send!({ ready: true });
process.once("message", async () => {
  const started = performance.now();
  const rules: Record<string, number> = {};
  let left = Number(calls);
  const lane = async (index: number): Promise<void> => {
    while (left > 0) {
      left--;
      const decision = await enforcer.decideAsync(request(index));
      rules[decision.rule] = (rules[decision.rule] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, (_, i) => lane(i)));
  const ms = performance.now() - started;
  process.send!({ allowed: rules["ok"] ?? 0, rules, stats: store.stats, ms }, () => {
    void store.close().then(() => process.exit(0));
  });
});
