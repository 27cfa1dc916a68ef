// End-to-end tests of `apol replay --log`: the built executable writes a signed decision log that `apol audit verify` accepts, and a tampered copy fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce, root } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-replay-log-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const policy = join(root, "examples", "banking.apol");
const trace = join(root, "examples", "banking.trace.jsonl");

interface Entry {
  readonly seq: number;
  readonly time: number;
  readonly kind: string;
  readonly log?: string;
  readonly data?: { readonly event: string; readonly decision: Record<string, unknown> };
}

describe("apol replay --log", () => {
  it("logs every decision, timed by the trace, in a log that verifies; a tampered copy does not", () => {
    expect(apol(["keys", "generate", "--out", "replay"], work).code).toBe(0);
    const replay = apol(["replay", policy, trace, "--format", "json", "--log", "decisions.log", "--log-key", "replay.key"], work);
    expect(replay.code).toBe(0);
    expect(replay.err).toBe("");
    const decisions = replay.out
      .trim()
      .split("\n")
      .slice(0, -1)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(decisions).toHaveLength(9);

    const text = readFileSync(join(work, "decisions.log.000001"), "utf8");
    const records = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Entry);
    const entries = records.filter((r) => r.kind === "entry");
    expect(entries.map((e) => e.data!.event)).toEqual(Array(9).fill("decision"));
    expect(entries.map((e) => e.data!.decision)).toEqual(decisions);
    // Each record carries its step's time: the trace's steps are a minute apart from 09:00.
    expect(entries.map((e) => new Date(e.time).toISOString().slice(11, 16))).toEqual([
      "09:00",
      "09:01",
      "09:02",
      "09:03",
      "09:04",
      "09:05",
      "09:06",
      "09:07",
      "09:08",
    ]);
    expect(records.at(-1)).toMatchObject({ kind: "checkpoint", final: true });

    // The log's signed opening checkpoint names its id.
    expect(records[0]).toMatchObject({ seq: 0, kind: "checkpoint", final: false });
    const id = records[0]!.log;
    expect(apol(["audit", "verify", "decisions.log", "--key", "replay.pub"], work)).toEqual({
      code: 0,
      out: `log ${id}: 11 records chained, 2 checkpoints signed, closed by its final checkpoint\n`,
      err: "",
    });

    // A denial turned into an allowance after the fact.
    const lines = text.split("\n");
    expect(lines[4]).toContain('"effect":"deny"');
    lines[4] = lines[4]!.replace('"effect":"deny"', '"effect":"allow"');
    writeFileSync(join(work, "tampered.log"), lines.join("\n"));
    expect(apol(["audit", "verify", "tampered.log", "--key", "replay.pub"], work)).toEqual({
      code: 1,
      out: "tampered.log:6: record 5 does not follow record 4: record 4 was altered, or records were removed or inserted between them\nthe log is not intact: only the first 4 records hold\n",
      err: "",
    });
  });

  it("needs both the log and its key, and refuses a log that was closed", () => {
    expect(apol(["replay", policy, trace, "--log", "other.log"], work)).toEqual({
      code: 2,
      out: "",
      err: "apol replay: `--log` and `--log-key` go together: the log's checkpoints are signed\n",
    });
    expect(apol(["replay", policy, trace, "--log", "other.log", "--log-key", "missing.key"], work)).toEqual({
      code: 2,
      out: "",
      err: "apol replay: cannot read the key `missing.key`\n",
    });
    expect(apol(["keys", "generate", "--out", "again"], work).code).toBe(0);
    expect(apol(["replay", policy, trace, "--summary", "--log", "closed.log", "--log-key", "again.key"], work).code).toBe(0);
    expect(apol(["replay", policy, trace, "--summary", "--log", "closed.log", "--log-key", "again.key"], work)).toEqual({
      code: 2,
      out: "",
      err: "apol replay: cannot open the log `closed.log`: the log at `closed.log` was closed: start a new one\n",
    });
  });

  it("exports the log as a trace that replays to the same decisions, held calls answered by their approvals", () => {
    expect(apol(["keys", "generate", "--out", "export"], work).code).toBe(0);
    // The banking trace plus two finance approvals of its held transfer: the released call counts toward the daily cap.
    const approved = `${readFileSync(trace, "utf8").trimEnd()}\n{"session":"s-1","now":"2026-11-21T09:30:00Z","approve":["cfo","controller"]}\n`;
    writeFileSync(join(work, "approved.jsonl"), approved);
    const first = apol(["replay", policy, "approved.jsonl", "--format", "json", "--log", "export.log", "--log-key", "export.key"], work);
    expect([first.code, first.err]).toEqual([0, ""]);
    const exported = apol(["audit", "export", "export.log", "--trace"], work);
    expect([exported.code, exported.err]).toEqual([0, ""]);
    const steps = exported.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // The held transfer's release is an `approve` step (in the held call's session), not a second call.
    expect(steps.filter((s) => "approve" in s)).toEqual([
      { session: "s-1", now: "2026-11-21T09:30:00.000Z", approve: "cfo" },
      { session: "s-1", now: "2026-11-21T09:30:00.000Z", approve: "controller" },
    ]);
    expect(steps[0]).toEqual({
      session: "s-1",
      now: "2026-11-21T09:00:00Z",
      agent: { id: "bank-bot", trust: 0.9 },
      user: { id: "u1", role: "teller", department: "retail" },
      tool: "get_balance",
      args: {},
    });
    writeFileSync(join(work, "exported.jsonl"), exported.out);
    const again = apol(["replay", policy, "exported.jsonl", "--format", "json"], work);
    expect(again.code).toBe(0);
    const decided = (out: string) =>
      out
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { effect?: string; rule?: string })
        .map((d) => `${d.effect} ${d.rule}`);
    expect(decided(first.out)).toContain("allow large_transfers");
    expect(decided(again.out)).toEqual(decided(first.out));
    expect(apol(["audit", "export", "export.log"], work)).toMatchObject({ code: 2, err: expect.stringContaining("`export` writes a trace: give `--trace`") });
  });
});
