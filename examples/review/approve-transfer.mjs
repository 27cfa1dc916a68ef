// Human review end to end: a transfer of 900 is held, two finance approvers sign with `apol approve`, the call runs once, and the decision log catches an edit.
//
//   npx apol compile examples/banking.apol -o examples/review/build
//   node examples/review/approve-transfer.mjs
//
// The harness (this process) holds the enforcer, which knows only the approvers'
// public keys, and the decision log's private key. Each approver holds their own
// private key and signs on their own machine; here their `apol approve` runs are
// child processes in a temporary folder.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AuditLog, ed25519Approvers, segmentName } from "@apol/audit";
import { createEnforcer } from "@apol/runtime";

const compiled = new URL("./build/banking.js", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("compile the policy first: npx apol compile examples/banking.apol -o examples/review/build\n");
  process.exit(2);
}
const banking = await import(compiled.href);

const work = mkdtempSync(join(tmpdir(), "apol-review-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
const apolBin = fileURLToPath(import.meta.resolve("@apol/cli/bin/apol.js"));
const run = promisify(execFile);

/** Long values echoed as shell variables, as an approver would type them: `$REVIEW` for a review id, say. */
const shellNames = new Map();

/** Sets a shell variable for the transcript. */
function shellVariable(variable, value) {
  shellNames.set(value, `$${variable}`);
  console.log(`  $ ${variable}=${value}`);
}

/** Runs `apol` in the temporary folder, echoing the command line; resolves to its stdout, whatever its exit code. */
async function apol(...args) {
  console.log(`  $ apol ${args.map((arg) => shellNames.get(arg) ?? arg).join(" ")}`);
  try {
    return (await run(process.execPath, [apolBin, ...args], { cwd: work })).stdout;
  } catch (failed) {
    return failed.stdout;
  }
}

/** Prints a command's output under its command line. */
function show(output) {
  for (const line of output.trimEnd().split("\n")) console.log(`    ${line}`);
}

/**
 * Polls a review until it is no longer pending, or `timeoutMs` has passed: what an
 * agent harness does while people decide. `reviewAsync` works with any store, so
 * with a Redis store the approvals may arrive at another worker of the fleet.
 */
async function waitForReview(enforcer, review, { timeoutMs, everyMs = 50 }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await enforcer.reviewAsync(review);
    if (state.status !== "pending" || Date.now() >= deadline) return state;
    await sleep(Math.min(everyMs, deadline - Date.now()));
  }
}

/** Hands an approval to the enforcer, as the harness's approval endpoint would, and prints what came of it. */
function submit(enforcer, who, review, approval) {
  const state = enforcer.approve(review, approval);
  console.log(`  ${who}: ${state.ok ? "accepted" : "refused"}: ${state.reason}`);
  return state;
}

console.log("keys: each approver keeps a .key; the enforcer gets only the .pub files; log.key signs the log's checkpoints");
for (const who of ["cfo", "controller", "intern", "log"]) show(await apol("keys", "generate", "--out", who));
const publicKey = (name) => readFileSync(join(work, `${name}.pub`), "utf8");

const path = join(work, "decisions.log");
const log = new AuditLog({ path, privateKey: readFileSync(join(work, "log.key"), "utf8") });
const enforcer = createEnforcer(banking, {
  clock: Date.now,
  // `intern` is a registered approver, but `large_transfers` takes `approvals 2 of finance` only.
  approvers: ed25519Approvers({ cfo: publicKey("cfo"), controller: publicKey("controller"), intern: publicKey("intern") }),
  log,
  maskArgs: { send_money: ["recipient"] },
});

const transfer = {
  session: "s-1",
  tool: "send_money",
  agent: { id: "bank-bot", trust: 0.9 },
  user: { id: "u1", role: "teller", department: "retail" },
  args: { recipient: "DE89370400440532013000", amount: 900, subject: "invoice 7", date: "2026-11-21" },
};

console.log("\n1. the agent asks to send 900");
const held = enforcer.decide(transfer);
const first = held.approvals;
console.log(`  ${held.effect} by ${held.rule}: ${held.reason}`);
console.log(`  review ${first.review} needs ${first.required} of ${first.from.join(", ")} before ${first.expiresAt}`);
shellVariable("REVIEW", first.review);
shellVariable("DIGEST", first.digest);

console.log("\n2. the harness waits for the review while approvers sign");
const waiting = waitForReview(enforcer, first.review, { timeoutMs: 60_000 });
const sign = async (key, as, review = first.review) => JSON.parse(await apol("approve", "--key", key, "--as", as, "--id", review, "--digest", first.digest));
const byCfo = await sign("cfo.key", "cfo");
show(JSON.stringify(byCfo));
submit(enforcer, "cfo", first.review, byCfo);
submit(enforcer, "cfo's approval, sent again", first.review, byCfo);
submit(enforcer, "intern", first.review, await sign("intern.key", "intern"));
submit(enforcer, "mallory", first.review, await sign("intern.key", "mallory"));
submit(enforcer, "intern posing as controller", first.review, await sign("intern.key", "controller"));
submit(enforcer, "controller", first.review, await sign("controller.key", "controller"));
const outcome = await waiting;
console.log(`  the wait ends: review ${outcome.status}, approved by ${outcome.approvers.join(", ")}`);

console.log("\n3. the agent asks again: the released call runs, once");
const released = enforcer.decide(transfer);
console.log(`  ${released.effect} by ${released.rule}: ${released.reason}`);
console.log(`  approved: review ${released.approved.review} by ${released.approved.by.join(", ")}`);
console.log(`  send_money runs; review ${first.review} is now ${enforcer.review(first.review).status}`);

console.log("\n4. the agent tries the same transfer again: held again, under a new review");
const again = enforcer.decide(transfer);
const second = again.approvals;
console.log(`  ${again.effect} by ${again.rule}: review ${second.review}, same digest: ${second.digest === first.digest}`);
shellVariable("REVIEW2", second.review);
submit(enforcer, "cfo's first approval, replayed", second.review, byCfo);
submit(enforcer, "the same with its review id rewritten", second.review, { ...byCfo, review: second.review });
const late = await waitForReview(enforcer, second.review, { timeoutMs: 300 });
console.log(`  the wait ends: review ${late.status} after 300 ms, so the harness rejects it`);
const rejected = enforcer.reject(second.review, { by: "agent-harness", reason: "no approval within 300 ms" });
console.log(`  ${rejected.status}: ${rejected.reason}`);
submit(enforcer, "controller, too late", second.review, await sign("controller.key", "controller", second.review));

console.log("\n5. the decision log");
log.close();
const file = segmentName(path, 1);
const lines = readFileSync(file, "utf8").trimEnd().split("\n");
const events = lines.map((line) => JSON.parse(line)).map((r) => (r.kind === "entry" ? r.data.event : r.kind));
console.log(`  ${lines.length} records: ${[...new Set(events)].map((e) => `${events.filter((x) => x === e).length} ${e}`).join(", ")}`);
const call = lines.findIndex((line) => JSON.parse(line).kind === "entry");
console.log(`  record ${call} holds the call with the recipient masked: ${JSON.stringify(JSON.parse(lines[call]).data.args)}`);
show(await apol("audit", "verify", "decisions.log", "--key", "log.pub"));
const allowed = lines.findIndex((line) => JSON.parse(line).data?.decision?.effect === "allow");
console.log(`  a copy with one byte edited: record ${allowed}, the transfer that ran, says "amount":500 instead of 900`);
lines[allowed] = lines[allowed].replace('"amount":900', '"amount":500');
writeFileSync(join(work, "tampered.log"), `${lines.join("\n")}\n`);
show(await apol("audit", "verify", "tampered.log", "--key", "log.pub"));
console.log(`  the edit shows where record ${allowed + 1}'s \`prev\`, the hash of the record before it, no longer matches`);
