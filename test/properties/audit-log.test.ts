// Tamper evidence of the decision log: any single-byte edit, record deletion, duplication, swap or truncation of a
// random log is reported as a problem by `verifyLog`, or shows as an end no final checkpoint vouches for.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { generateKeys } from "../../audit/src/keys.js";
import { verifyLog, type VerifyReport } from "../../audit/src/verify.js";
import { AuditLog, segmentName } from "../../audit/src/writer.js";

const keys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), "apol-audit-prop-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let logs = 0;

/** A closed log of random decisions, written by the real writer; its text. */
const arbLog = fc
  .record({
    entries: fc.array(fc.record({ id: fc.string({ maxLength: 6 }), effect: fc.constantFrom("allow", "deny", "review"), n: fc.integer(), note: fc.option(fc.string({ maxLength: 8 })) }), { minLength: 1, maxLength: 12 }),
    every: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ entries, every }) => {
    const path = join(dir, `log-${++logs}`);
    let t = 1_700_000_000_000;
    const log = new AuditLog({ path, privateKey: keys.privateKey, checkpointEvery: every, batchSize: 4, sync: false, clock: () => t++ });
    for (const entry of entries) log.append(entry);
    log.close();
    return readFileSync(segmentName(path, 1), "utf8");
  });

type Mutation =
  | { kind: "edit"; at: number; byte: number }
  | { kind: "delete" | "duplicate"; line: number }
  | { kind: "swap"; line: number; other: number }
  | { kind: "truncate"; at: number };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

/** The text after the mutation; undefined when it would change nothing. */
function mutate(text: string, m: Mutation): string | undefined {
  const bytes = Buffer.from(text, "utf8");
  const lines = text.split("\n").slice(0, -1);
  const joined = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join("");
  switch (m.kind) {
    case "edit": {
      const at = m.at % bytes.length;
      if (bytes[at] === m.byte) return undefined;
      const copy = Buffer.from(bytes);
      copy[at] = m.byte;
      return copy.toString("utf8");
    }
    case "delete":
      return joined(lines.filter((_, i) => i !== m.line % lines.length));
    case "duplicate": {
      const i = m.line % lines.length;
      return joined([...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)]);
    }
    case "swap": {
      const i = m.line % lines.length;
      const j = m.other % lines.length;
      if (i === j) return undefined;
      const copy = [...lines];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return joined(copy);
    }
    case "truncate":
      return bytes.subarray(0, m.at % bytes.length).toString("utf8");
  }
}

const caught = (r: VerifyReport): boolean => r.problem !== undefined || r.unsignedTail > 0 || !r.closed;

describe("the decision log is tamper-evident", () => {
  it("a clean random log verifies", () => {
    fc.assert(
      fc.property(arbLog, (text) => {
        expect(verifyLog([{ name: "log", text }], keys.publicKey)).toMatchObject({ closed: true, unsignedTail: 0 });
      }),
      { numRuns: 50 },
    );
  });

  it("any single-byte edit, deletion, duplication, swap or truncation is reported, or leaves an end no checkpoint vouches for", () => {
    let problems = 0;
    fc.assert(
      fc.property(arbLog, arbMutation, (text, mutation) => {
        const changed = mutate(text, mutation);
        fc.pre(changed !== undefined && changed !== text);
        const report = verifyLog([{ name: "log", text: changed! }], keys.publicKey);
        expect(caught(report), `${mutation.kind}: ${JSON.stringify(report)}`).toBe(true);
        if (report.problem) problems++;
      }),
      { numRuns: 1000 },
    );
    // Most tampering is a reported problem, not merely an open end.
    expect(problems).toBeGreaterThan(700);
  });
});
