// End-to-end tests of `apol replay --against` and `--fail-on`: the built executable comparing two policies on a trace.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-replay-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const policy = (limit: number) => `policy shop
tool buy(price: number)
rule cheap { allow buy when args.price <= ${limit} }
rule rate { deny buy when count(buy, 1h) >= 2 }
`;
writeFileSync(join(work, "old.apol"), policy(10));
writeFileSync(join(work, "new.apol"), policy(5));
const steps = [3, 8, 9, 4, 2].map((price, i) => JSON.stringify({ session: "s", now: `2026-11-21T10:0${i}:00Z`, tool: "buy", args: { price } }));
writeFileSync(join(work, "trace.jsonl"), `${steps.join("\n")}\n`);

describe("apol replay --against", () => {
  it("lists the steps whose decision changed, each policy keeping its own session history", () => {
    // old: 3 allow, 8 allow, 9 deny(rate), 4 deny(rate), 2 deny(rate); new: 3 allow, 8 deny($default), 9 deny($default), 4 allow, 2 deny(rate)
    const result = apol(["replay", "new.apol", "trace.jsonl", "--against", "old.apol"], work);
    expect(result).toEqual({
      code: 0,
      out: [
        "5 steps, 3 changed",
        "",
        "allow → deny by $default: 1 step",
        "  line 2  s  buy  was allow by cheap",
        "",
        "deny → allow by cheap: 1 step",
        "  line 4  s  buy  was deny by rate",
        "",
        "deny → deny by $default: 1 step",
        "  line 3  s  buy  was deny by rate",
        "",
      ].join("\n"),
      err: "",
    });
  });

  it("fails the gate on changed steps only", () => {
    const result = apol(["replay", "new.apol", "trace.jsonl", "--against", "old.apol", "--fail-on", "deny", "--format", "json"], work);
    expect(result.code).toBe(1);
    const printed = result.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { line?: number; summary?: unknown });
    expect(printed.map((p) => p.line)).toEqual([2, 3, 4, undefined]);
    expect(printed.at(-1)).toEqual({
      summary: {
        steps: 5,
        changed: 3,
        groups: [
          { from: "allow", to: "deny", rule: "$default", count: 1, lines: [2] },
          { from: "deny", to: "allow", rule: "cheap", count: 1, lines: [4] },
          { from: "deny", to: "deny", rule: "$default", count: 1, lines: [3] },
        ],
      },
    });
    expect(result.err).toBe("apol: `--fail-on deny`: 2 changed steps denied\n");
  });

  it("fails the gate on any step without --against", () => {
    const result = apol(["replay", "old.apol", "trace.jsonl", "--fail-on", "review"], work);
    expect(result.code).toBe(1);
    expect(result.err).toBe("apol: `--fail-on review`: 3 steps denied or held for review\n");
  });
});
