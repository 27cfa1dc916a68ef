// The human-review example the README and docs/approvals.md show: compiled and run as a user would, its transcript pinned, and the README's excerpt of it checked.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { apol, buildOnce, root } from "../e2e/apol-process.js";

beforeAll(buildOnce);

/** The transcript with what differs between runs (review ids, times, signatures, the policy's digest) replaced by stable names. */
function normalized(transcript: string): string {
  const reviews = [...new Set(transcript.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])];
  let text = transcript;
  reviews.forEach((id, i) => (text = text.replaceAll(id, `<review-${i + 1}>`)));
  return text
    .replace(/sha256:[0-9a-f]{64}/g, "sha256:<digest>")
    .replace(/\blog [0-9a-f]{32}:/g, "log <log-id>:")
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>")
    .replace(/"signature":"[A-Za-z0-9+/]{86}=="/g, '"signature":"<signature>"');
}

/** The ` ```text ` block the README shows after the command that runs the example. */
function readmeSample(): string[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const match = /^node examples\/review\/approve-transfer\.mjs\n```\n\n```text\n([\s\S]*?)^```$/m.exec(readme);
  if (match === null) throw new Error("the README no longer shows the output of examples/review/approve-transfer.mjs");
  return normalized(match[1]!).trimEnd().split("\n");
}

/** Whether every line of `sample` but its `...` elisions appears in `lines`, in order. */
function inOrder(lines: readonly string[], sample: readonly string[]): boolean {
  let at = 0;
  for (const line of sample.filter((l) => l.trim() !== "...")) {
    at = lines.indexOf(line, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

it("compares the README's sample line by line, in order, skipping its elisions", () => {
  expect(inOrder(["a", "b", "c"], ["a", "...", "c"])).toBe(true);
  expect(inOrder(["a", "b", "c"], ["c", "a"])).toBe(false);
  expect(inOrder(["a", "b"], ["a", "x"])).toBe(false);
});

it("examples/review/approve-transfer.mjs holds, releases once, refuses bad approvals and catches an edited log", () => {
  expect(apol(["compile", "examples/banking.apol", "-o", "examples/review/build"], root)).toMatchObject({ code: 0 });
  const run = spawnSync(process.execPath, [join(root, "examples", "review", "approve-transfer.mjs")], { cwd: root, encoding: "utf8" });
  expect([run.status, run.stderr]).toEqual([0, ""]);
  const lines = normalized(run.stdout).split("\n");
  expect(inOrder(lines, readmeSample()), `the README's sample is not what the example prints:\n${lines.join("\n")}`).toBe(true);
  expect(lines).toEqual([
    "keys: each approver keeps a .key; the enforcer gets only the .pub files; log.key signs the log's checkpoints",
    "  $ apol keys generate --out cfo",
    "    wrote cfo.key (private) and cfo.pub (public)",
    "  $ apol keys generate --out controller",
    "    wrote controller.key (private) and controller.pub (public)",
    "  $ apol keys generate --out intern",
    "    wrote intern.key (private) and intern.pub (public)",
    "  $ apol keys generate --out log",
    "    wrote log.key (private) and log.pub (public)",
    "",
    "1. the agent asks to send 900",
    "  review by large_transfers: transfers above 500 need two finance approvals",
    "  review <review-1> needs 2 of cfo, controller, treasurer before <time>",
    "  $ REVIEW=<review-1>",
    "  $ DIGEST=sha256:<digest>",
    "",
    "2. the harness waits for the review while approvers sign",
    "  $ apol approve --key cfo.key --as cfo --id $REVIEW --digest $DIGEST",
    '    {"review":"<review-1>","digest":"sha256:<digest>","approver":"cfo","signature":"<signature>"}',
    "  cfo: accepted: approved by `cfo`: 1 of 2",
    "  cfo's approval, sent again: refused: `cfo` approved review `<review-1>` already",
    "  $ apol approve --key intern.key --as intern --id $REVIEW --digest $DIGEST",
    "  intern: refused: `intern` may not approve rule `large_transfers`: its approvers are `cfo`, `controller`, `treasurer`",
    "  $ apol approve --key intern.key --as mallory --id $REVIEW --digest $DIGEST",
    "  mallory: refused: unknown approver `mallory`: no public key is registered under that name",
    "  $ apol approve --key intern.key --as controller --id $REVIEW --digest $DIGEST",
    "  intern posing as controller: refused: bad signature: `controller`'s key did not sign this review and digest",
    "  $ apol approve --key controller.key --as controller --id $REVIEW --digest $DIGEST",
    "  controller: accepted: released: approved by cfo, controller",
    "  the wait ends: review released, approved by cfo, controller",
    "",
    "3. the agent asks again: the released call runs, once",
    "  allow by large_transfers: transfers above 500 need two finance approvals (approved by cfo, controller)",
    "  approved: review <review-1> by cfo, controller",
    "  send_money runs; review <review-1> is now used",
    "",
    "4. the agent tries the same transfer again: held again, under a new review",
    "  review by large_transfers: review <review-2>, same digest: true",
    "  $ REVIEW2=<review-2>",
    "  cfo's first approval, replayed: refused: malformed approval: the approval is for review `<review-1>`, not `<review-2>`",
    "  the same with its review id rewritten: refused: bad signature: `cfo`'s key did not sign this review and digest",
    "  the wait ends: review pending after 300 ms, so the harness rejects it",
    "  rejected: rejected by `agent-harness`: no approval within 300 ms",
    "  $ apol approve --key controller.key --as controller --id $REVIEW2 --digest $DIGEST",
    "  controller, too late: refused: review `<review-2>` was rejected by `agent-harness`: no approval within 300 ms",
    "",
    "5. the decision log",
    "  16 records: 2 checkpoint, 3 decision, 9 approval, 1 release, 1 rejection",
    '  record 1 holds the call with the recipient masked: {"recipient":"[redacted]","amount":900,"subject":"invoice 7","date":"2026-11-21"}',
    "  $ apol audit verify decisions.log --key log.pub",
    "    log <log-id>: 16 records chained, 2 checkpoints signed, closed by its final checkpoint",
    '  a copy with one byte edited: record 9, the transfer that ran, says "amount":500 instead of 900',
    "  $ apol audit verify tampered.log --key log.pub",
    "    tampered.log:11: record 10 does not follow record 9: record 9 was altered, or records were removed or inserted between them",
    "    the log is not intact: only the first 9 records hold",
    "  the edit shows where record 10's `prev`, the hash of the record before it, no longer matches",
    "",
  ]);
}, 180_000);

it("examples/review/desk.mjs holds a payment, notifies the finance channel, shows its provenance, and releases it once after two signatures on the desk", () => {
  expect(apol(["compile", "examples/review/payments.apol", "-o", "examples/review/build"], root)).toMatchObject({ code: 0 });
  const run = spawnSync(process.execPath, [join(root, "examples", "review", "desk.mjs")], { cwd: root, encoding: "utf8" });
  expect([run.status, run.stderr]).toEqual([0, ""]);
  expect(normalized(run.stdout).split("\n")).toEqual([
    "the review desk is on http://127.0.0.1:PORT",
    "",
    "1. the agent reads an invoice, then pays its IBAN 900 and waits",
    "  finance channel: apol: `pay` is held by rule `large_payments`: payments above 100 need two finance approvals (needs 2 of finance, expires <time>) <http://127.0.0.1:PORT/#/review/<review-1>|open in the review desk>",
    "",
    "2. the inbox: pay held by large_payments: payments above 100 need two finance approvals (0 of 2 from finance)",
    "  deciding rule large_payments at payments.apol:19:1: rule large_payments {",
    "  matched: large_payments, payee_from_a_document",
    '  args.iban carries "gb33bukb20201555555555", from the output of read_file at step 1, labelled untrusted',
    "    excerpt: invoice 7: please pay the balance to gb33bukb20201555555555 by friday.",
    "",
    "3. two finance approvers sign (the page signs these bytes with WebCrypto; the key never leaves the browser)",
    "  cfo: approved by `cfo`: 1 of 2",
    "  controller: released: approved by cfo, controller",
    "",
    "4. the agent's wait ends: ok, paid (1), approved by cfo, controller",
    "",
    "5. the decision log: 8 records, intact, approvals by cfo, controller",
    "",
  ]);
}, 180_000);
