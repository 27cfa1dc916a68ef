// Tamper evidence of the decision log: any single-byte edit, record deletion, duplication, swap or truncation of a
// random log, or a U+FFFD's three bytes replaced with one invalid byte, is reported as a problem by `verifyLog`
// (which reads the bytes strictly), or shows as an end no final checkpoint vouches for.
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

/** A closed log of random decisions, written by the real writer; its bytes. */
const arbLog = fc
  .record({
    entries: fc.array(
      fc.record({
        id: fc.string({ maxLength: 6 }),
        effect: fc.constantFrom("allow", "deny", "review"),
        n: fc.integer(),
        note: fc.option(fc.oneof(fc.string({ maxLength: 8 }), fc.constant("caf\ufffd"))),
      }),
      { minLength: 1, maxLength: 12 },
    ),
    every: fc.integer({ min: 1, max: 5 }),
  })
  .map(({ entries, every }) => {
    const path = join(dir, `log-${++logs}`);
    let t = 1_700_000_000_000;
    const log = new AuditLog({ path, privateKey: keys.privateKey, checkpointEvery: every, batchSize: 4, sync: false, clock: () => t++ });
    for (const entry of entries) log.append(entry);
    log.close();
    return readFileSync(segmentName(path, 1));
  });

type Mutation =
  | { kind: "edit"; at: number; byte: number }
  | { kind: "delete" | "duplicate"; line: number }
  | { kind: "swap"; line: number; other: number }
  | { kind: "truncate"; at: number }
  | { kind: "replacement"; at: number; byte: number };

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("edit" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), line: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("replacement" as const), at: fc.nat(), byte: fc.integer({ min: 0x80, max: 0xff }) }),
);

const REPLACEMENT = Buffer.from("\ufffd", "utf8");

/** The bytes after the mutation; undefined when it would change nothing. */
function mutate(bytes: Buffer, m: Mutation): Buffer | undefined {
  const lines = bytes.toString("utf8").split("\n").slice(0, -1);
  const joined = (ls: readonly string[]): Buffer => Buffer.from(ls.map((l) => `${l}\n`).join(""), "utf8");
  switch (m.kind) {
    case "edit": {
      const at = m.at % bytes.length;
      if (bytes[at] === m.byte) return undefined;
      const copy = Buffer.from(bytes);
      copy[at] = m.byte;
      return copy;
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
      return bytes.subarray(0, m.at % bytes.length);
    case "replacement": {
      // A lenient reader would decode the invalid byte back to the U+FFFD it replaced.
      const at = bytes.indexOf(REPLACEMENT, m.at % bytes.length);
      if (at < 0) return undefined;
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([m.byte]), bytes.subarray(at + REPLACEMENT.length)]);
    }
  }
}

const caught = (r: VerifyReport): boolean => r.problem !== undefined || r.unsignedTail > 0 || !r.closed;

describe("the decision log is tamper-evident", () => {
  it("a clean random log verifies", () => {
    fc.assert(
      fc.property(arbLog, (bytes) => {
        expect(verifyLog([{ name: "log", bytes }], keys.publicKey)).toMatchObject({ closed: true, unsignedTail: 0 });
      }),
      { numRuns: 50 },
    );
  });

  it("any single-byte edit, deletion, duplication, swap, truncation or U+FFFD replaced by an invalid byte is reported, or leaves an end no checkpoint vouches for", () => {
    let problems = 0;
    fc.assert(
      fc.property(arbLog, arbMutation, (bytes, mutation) => {
        const changed = mutate(bytes, mutation);
        fc.pre(changed !== undefined && !changed.equals(bytes));
        const report = verifyLog([{ name: "log", bytes: changed! }], keys.publicKey);
        expect(caught(report), `${mutation.kind}: ${JSON.stringify(report)}`).toBe(true);
        if (report.problem) problems++;
      }),
      { numRuns: 1000 },
    );
    // Most tampering is a reported problem, not merely an open end.
    expect(problems).toBeGreaterThan(700);
  });
});
