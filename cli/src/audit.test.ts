import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, segmentName } from "@apol/audit";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-cli-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("apol keys, apol audit", () => {
  const prefix = join(dir, "log");
  const path = join(dir, "decisions.log");

  it("generates a key pair, refusing to overwrite it", async () => {
    expect(await run("keys", "generate", "--out", prefix)).toEqual({ code: 0, out: `wrote ${prefix}.key (private) and ${prefix}.pub (public)\n`, err: "" });
    expect(readFileSync(`${prefix}.key`, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(`${prefix}.pub`, "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(statSync(`${prefix}.key`).mode & 0o777).toBe(0o600);
    const again = await run("keys", "generate", "--out", prefix);
    expect([again.code, again.err]).toEqual([2, expect.stringMatching(/^apol keys: `.*log.key` and `.*log.pub` already exist; keys are never overwritten/)]);
  });

  it("verifies a log, then finds the record a tamperer edited", async () => {
    let t = Date.UTC(2026, 10, 21, 9, 0, 0);
    const log = new AuditLog({ path, privateKey: readFileSync(`${prefix}.key`, "utf8"), checkpointEvery: 2, sync: false, clock: () => t++ });
    log.append({ id: "a-1", effect: "allow", tool: "send_money", rule: "small", session: "s1", reason: "allowed by rule `small`" });
    log.append({ id: "a-2", effect: "review", tool: "send_money", rule: "large", session: "s1", reason: "held for review by rule `large`" });
    log.append({ id: "a-3", effect: "deny", tool: "delete_repo", rule: "no_deletes", session: "s2", reason: "never" });
    log.close();
    // The opening checkpoint (at 09:00:00.000), a-1, a-2, a checkpoint, a-3 and the final checkpoint.
    expect(await run("audit", "verify", path, "--key", `${prefix}.pub`)).toEqual({
      code: 0,
      out: `log ${log.id}: 6 records chained, 3 checkpoints signed, closed by its final checkpoint\n`,
      err: "",
    });

    const shown = await run("audit", "show", path, "--session", "s1", "--effect", "review");
    expect(shown.out).toBe("#2 2026-11-21T09:00:00.002Z review send_money by large session s1: held for review by rule `large`\n");

    const late = await run("audit", "show", path, "--since", "2026-11-21T09:00:00.003Z", "--format", "json");
    expect(late.out).toBe(
      '{"seq":4,"time":"2026-11-21T09:00:00.004Z","id":"a-3","effect":"deny","tool":"delete_repo","rule":"no_deletes","session":"s2","reason":"never"}\n',
    );
    expect((await run("audit", "show", path, "--until", "1")).out).toBe("");
    expect((await run("audit", "show", path, "--since", "yesterday")).err).toBe("apol audit: `--since` must be an ISO 8601 time or milliseconds\n");

    const file = segmentName(path, 1);
    writeFileSync(file, readFileSync(file, "utf8").replace('"effect":"deny"', '"effect":"allw"'));
    const tampered = await run("audit", "verify", path, "--key", `${prefix}.pub`);
    expect(tampered).toEqual({
      code: 1,
      out: `${file}:6: record 5 does not follow record 4: record 4 was altered, or records were removed or inserted between them\nthe log is not intact: only the first 4 records hold\n`,
      err: "",
    });
  });

  it("shows an enforcer's entries: decisions with what was masked, approvals, rejections and releases", async () => {
    const entries = join(dir, "entries.log");
    let t = Date.UTC(2026, 10, 21, 9, 0, 0);
    const log = new AuditLog({ path: entries, privateKey: readFileSync(`${prefix}.key`, "utf8"), sync: false, clock: () => t++ });
    const decision = { id: "a-1", effect: "review", tool: "send_money", rule: "large", session: "s1", reason: "two approvals" };
    log.append({ event: "decision", decision, args: { recipient: "[redacted]" }, masked: ["args.recipient"] });
    log.append({
      event: "approval",
      review: "r1",
      approver: "cfo",
      digest: "sha256:00",
      signature: "c2ln",
      state: { ok: true, reason: "approved by `cfo`: 1 of 2" },
    });
    log.append({ event: "rejection", review: "r2", by: "ops", reason: "no", state: { ok: true, reason: "rejected by `ops`: no" } });
    log.append({ event: "release", review: "r1", digest: "sha256:00", by: ["cfo", "controller"], decisionId: "a-2" });
    log.close();
    expect((await run("audit", "show", entries)).out).toBe(
      [
        "#1 2026-11-21T09:00:00.001Z review send_money by large session s1: two approvals (masked args.recipient)",
        "#2 2026-11-21T09:00:00.002Z approval of review r1 by cfo: approved by `cfo`: 1 of 2",
        "#3 2026-11-21T09:00:00.003Z rejection of review r2 by ops: rejected by `ops`: no",
        "#4 2026-11-21T09:00:00.004Z release of review r1 approved by cfo, controller: decision a-2",
        "",
      ].join("\n"),
    );
    expect((await run("audit", "show", entries, "--effect", "review")).out).toBe(
      "#1 2026-11-21T09:00:00.001Z review send_money by large session s1: two approvals (masked args.recipient)\n",
    );
  });

  it("says when there is no log", async () => {
    expect((await run("audit", "verify", join(dir, "none.log"), "--key", `${prefix}.pub`)).err).toBe(`apol audit: no log at \`${join(dir, "none.log")}\`\n`);
  });
});
