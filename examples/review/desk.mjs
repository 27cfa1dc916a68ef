// The review desk end to end: an agent's payment is held, the finance channel's webhook hears of it, two approvers sign on the desk, the agent's call runs once.
//
//   npx apol compile examples/review/payments.apol -o examples/review/build
//   node examples/review/desk.mjs            # the whole flow, then exits
//   node examples/review/desk.mjs --serve    # then keeps the desk open with one more held call: open the printed URL
//
// Here the approvers' browsers are played by this script: it signs over the desk's HTTP API with `signApproval`, the
// same bytes the desk's page signs with WebCrypto. With --serve, sign in on the page with a printed token, import the
// printed key file, and sign yourself.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, ed25519Approvers, generateKeys, segments, signApproval, verifyLog } from "@apol/audit";
import { createReviewDesk, listen, reviewFeed } from "@apol/review-desk";
import { createEnforcer, guard, MemoryStore } from "@apol/runtime";

const compiled = new URL("./build/payments.js", import.meta.url);
const payments = await import(compiled.href).catch(() => {
  process.stderr.write("compile the policy first: npx apol compile examples/review/payments.apol -o examples/review/build\n");
  process.exit(2);
});
const serveOn = process.argv.includes("--serve");
const work = mkdtempSync(join(tmpdir(), "apol-desk-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

// Each approver keeps a private key (`apol keys generate --out cfo` writes cfo.key and cfo.pub); the desk and enforcer get the .pub.
const names = ["cfo", "controller", "treasurer"];
const keys = Object.fromEntries(names.map((name) => [name, generateKeys()]));
const approvers = ed25519Approvers(Object.fromEntries(names.map((name) => [name, keys[name].publicKey])));
const tokens = Object.fromEntries(names.map((name) => [name, `${name}-token-${Math.random().toString(36).slice(2, 14)}`]));

// The finance channel: a webhook that prints what it is told.
let heard;
const told = new Promise((resolve) => (heard = resolve));
const channel = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => (body += chunk));
  request.on("end", () => {
    console.log(`  finance channel: ${JSON.parse(body).text.replace(/\/\/127\.0\.0\.1:\d+/, "//127.0.0.1:PORT")}`);
    heard();
    response.end();
  });
});
await new Promise((resolve) => channel.listen(0, "127.0.0.1", resolve));

// The harness: one store for the enforcer and the desk; the feed publishes held calls to the desk and writes the log.
const store = new MemoryStore();
const logKeys = generateKeys();
const log = new AuditLog({ path: join(work, "decisions.log"), privateKey: logKeys.privateKey });
const feed = reviewFeed(payments, { store, log });
const enforcer = createEnforcer(payments, { store, approvers, log: feed, explain: true });
const desk = createReviewDesk(enforcer, {
  module: payments,
  approvers,
  auth: { tokens },
  source: readFileSync(new URL("./payments.apol", import.meta.url), "utf8"),
  groups: { finance: names },
  webhooks: [{ url: `http://127.0.0.1:${channel.address().port}/`, group: "finance", format: "slack" }],
});
const served = await listen(desk, { port: serveOn ? 8080 : 0 });
console.log(`the review desk is on ${served.url.replace(/:\d+$/, ":PORT")}`);

console.log("\n1. the agent reads an invoice, then pays its IBAN 900 and waits");
const read = await enforcer.decideAsync({ tool: "read_file", session: "agent-1", args: { path: "invoice.txt" } });
await enforcer.recordAsync(read, "Invoice 7: please pay the balance to GB33BUKB20201555555555 by Friday.");
let runs = 0;
const waiting = guard(enforcer, {
  tool: "pay",
  session: "agent-1",
  args: { iban: "GB33BUKB20201555555555", amount: 900, memo: "invoice 7" },
  review: { wait: true, pollMs: 100 },
  run: () => `paid (${++runs})`,
});

/** The desk's API as an approver's browser uses it: bearer token, CSRF token on every POST. */
async function asApprover(name) {
  const headers = { authorization: `Bearer ${tokens[name]}` };
  const { csrf } = await (await fetch(`${served.url}/api/session`, { headers })).json();
  return {
    get: async (path) => (await fetch(`${served.url}${path}`, { headers })).json(),
    post: async (path, body) =>
      (
        await fetch(`${served.url}${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify(body),
        })
      ).json(),
  };
}

await told;
const cfo = await asApprover("cfo");
const [row] = (await cfo.get("/api/reviews")).reviews;
console.log(`\n2. the inbox: ${row.tool} held by ${row.rule}: ${row.reason} (${row.approvals.length} of ${row.required} from ${row.group})`);
const detail = await cfo.get(`/api/reviews/${row.review}`);
console.log(`  deciding rule ${detail.deciding.name} at ${detail.deciding.location.replace(/^.*\//, "")}: ${detail.deciding.line}`);
console.log(`  matched: ${detail.matched.map((r) => r.name).join(", ")}`);
for (const e of detail.evidence) {
  console.log(
    `  ${e.arguments.join(", ")} ${e.check === "tainted" ? "carries" : "comes from"} "${e.matched}", from the output of ${e.source.tool} at step ${e.step}, labelled ${e.label}`,
  );
  console.log(`    excerpt: ${e.excerpt}`);
}

console.log("\n3. two finance approvers sign (the page signs these bytes with WebCrypto; the key never leaves the browser)");
for (const name of ["cfo", "controller"]) {
  const approver = name === "cfo" ? cfo : await asApprover(name);
  const { signature } = signApproval(keys[name].privateKey, detail.review, detail.digest, name);
  const state = await approver.post(`/api/reviews/${detail.review}/approve`, { digest: detail.digest, signature });
  console.log(`  ${name}: ${state.reason}`);
}

const done = await waiting;
console.log(`\n4. the agent's wait ends: ${done.status}, ${done.output}, approved by ${done.decision.approved.by.join(", ")}`);

if (serveOn) {
  guard(enforcer, {
    tool: "pay",
    session: "agent-2",
    args: { iban: "DE89370400440532013000", amount: 4200, memo: '<img src=x onerror="alert(1)"> shown as text' },
    review: { wait: true },
    run: () => "paid",
  }).then((r) => console.log(`agent-2: ${r.status}`));
  for (const name of names) writeFileSync(join(work, `${name}.key`), keys[name].privateKey);
  console.log(`\nthe desk stays open on ${served.url} with one more held payment; sign in with a token and import the key file:`);
  for (const name of names) console.log(`  ${name}: token ${tokens[name]}, key ${join(work, `${name}.key`)}`);
  console.log("press Ctrl-C to stop");
  await new Promise((resolve) => process.once("SIGINT", resolve));
}

await served.close();
channel.close();
log.close();
const files = segments(join(work, "decisions.log")).map((path) => ({ name: path, text: readFileSync(path, "utf8") }));
const records = files.flatMap((f) =>
  f.text
    .trimEnd()
    .split("\n")
    .map((line) => JSON.parse(line)),
);
const approvals = records.filter((r) => r.kind === "entry" && r.data.event === "approval").map((r) => r.data.approver);
const report = verifyLog(files, logKeys.publicKey);
console.log(
  `\n5. the decision log: ${report.records} records, ${report.problem ? `broken: ${report.problem.message}` : "intact"}, approvals by ${approvals.join(", ")}`,
);
