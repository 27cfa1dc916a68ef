// A worker process for the review fleet test: approves and decides `paymentsPolicy` calls through a RedisStore, a batch at a time.
//   node --import tsx test/redis/review-worker.ts URL PUBLIC_KEYS_JSON
// Sends { ready } once connected; then per batch takes { jobs }, answers { armed }, and on "go" runs the jobs
// concurrently and sends back { results } in job order. Closes its store and exits when the parent disconnects.
import { ed25519Approvers } from "@apol/audit";
import { RedisStore } from "@apol/redis-store";
import { createEnforcer } from "@apol/runtime";
import { compileAndImport } from "../../compiler/src/compile-and-import.js";
import { paymentsPolicy } from "./policies.js";
import type { FleetCommand, ReviewJob, ReviewResult, WorkerMessage } from "./review-fleet.js";

const [url, keys] = process.argv.slice(2);
const loaded = await compileAndImport(paymentsPolicy, "payments.apol");
if (!loaded.ok) throw new Error(`the payments policy does not compile: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
// A loaded CI machine can be slow to answer; a timeout here would be a flaky test, not a finding.
const store = new RedisStore({ url: url!, timeoutMs: 5000 });
await store.connect();
const enforcer = createEnforcer(loaded.module, { store, clock: Date.now, approvers: ed25519Approvers(JSON.parse(keys!) as Record<string, string>) });

const tell = (message: WorkerMessage): void => void process.send!(message);

async function perform(job: ReviewJob): Promise<ReviewResult> {
  try {
    return "approve" in job ? await enforcer.approveAsync(job.approve, job.approval) : await enforcer.decideAsync(job.decide);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

let armed: readonly ReviewJob[] = [];
process.on("message", (command: FleetCommand) => {
  if (command === "go") {
    void Promise.all(armed.map(perform)).then((results) => tell({ results }));
    return;
  }
  armed = command.jobs;
  tell({ armed: true });
});
process.once("disconnect", () => {
  void store.close().then(() => process.exit(0));
});
tell({ ready: true });
