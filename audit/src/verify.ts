// Verifies a decision log: the chain across files, every checkpoint's signature, and whether the end is signed.
import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { GENESIS, hashLine, serialize, signedBytes, type LogRecord } from "./record.js";

/** One file of a log, in order. */
export interface LogFile {
  readonly name: string;
  readonly text: string;
}

/** Where the first problem shows: the file, its 1-based line, and what is wrong. */
export interface LogProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** How many records from the start still hold: fewer than were read when the problem may be the record before it. */
  readonly intact: number;
}

/** The outcome of a verification. */
export interface VerifyReport {
  /** Records read before the first problem (all, when there is none). */
  readonly records: number;
  readonly checkpoints: number;
  /** The first problem: an edit, deletion, insertion, reordering, duplication, torn line or bad signature. */
  readonly problem?: LogProblem;
  /** Records after the last checkpoint: chained, but nothing signed vouches that none were removed after them. */
  readonly unsignedTail: number;
  /** Whether the log ends with a final checkpoint: otherwise records at its end may have been removed unseen. */
  readonly closed: boolean;
}

const HEX64 = /^[0-9a-f]{64}$/;
const SIG = /^[0-9a-f]{128}$/;

/** Checks the files of one log, in order, against the log's public key (PEM or a key object). */
export function verifyLog(files: readonly LogFile[], publicKey: string | KeyObject): VerifyReport {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  let seq = 0;
  let prev = GENESIS;
  let records = 0;
  let checkpoints = 0;
  let tail = 0;
  let closed = false;
  const report = (problem: LogProblem): VerifyReport => ({ records, checkpoints, problem, unsignedTail: tail, closed: false });
  for (const file of files) {
    if (file.text.length > 0 && !file.text.endsWith("\n")) {
      const lines = file.text.split("\n");
      // The torn line is reported only if everything before it holds; check those first.
      const whole = verifyLines(lines.slice(0, -1), file.name);
      if (whole) return report(whole);
      return report({ file: file.name, line: lines.length, message: "the last line is torn (a write cut short): it is not a whole record", intact: records });
    }
    const problem = verifyLines(file.text.split("\n").slice(0, -1), file.name);
    if (problem) return report(problem);
  }
  return { records, checkpoints, unsignedTail: tail, closed };

  function verifyLines(lines: readonly string[], name: string): LogProblem | undefined {
    for (const [i, line] of lines.entries()) {
      const at = (message: string, intact = records): LogProblem => ({ file: name, line: i + 1, message, intact });
      if (closed) return at(`a record follows the final checkpoint (seq ${seq - 1})`);
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        return at("the line is not a JSON record");
      }
      if (!wellFormed(record, prev) || serialize(record) !== line) return at("the record was altered: it is not spelled as the writer spells records");
      if (record.seq !== seq) return at(`expected record ${seq}, found record ${record.seq}: records were removed, inserted, duplicated or reordered`);
      if (record.prev !== prev && seq === 0) return at("record 0 does not start the chain: it was altered, or records were removed before it");
      // A broken link means the record before it changed as likely as anything between them.
      if (record.prev !== prev) return at(`record ${seq} does not follow record ${seq - 1}: record ${seq - 1} was altered, or records were removed or inserted between them`, records - 1);
      if (record.kind === "checkpoint") {
        if (!verifySignature(null, signedBytes(record), key, Buffer.from(record.sig, "hex"))) return at(`the signature of checkpoint ${seq} is not the log key's`);
        checkpoints++;
        tail = 0;
        closed = record.final;
      } else {
        tail++;
      }
      records++;
      seq++;
      prev = hashLine(line);
    }
    return undefined;
  }
}

/** Whether `record` has the fields of a record; `expected` is the `prev` it should have, which needs no second look. */
function wellFormed(record: unknown, expected: string): record is LogRecord {
  if (typeof record !== "object" || record === null) return false;
  const r = record as Record<string, unknown>;
  if (!Number.isSafeInteger(r["seq"]) || typeof r["time"] !== "number" || (r["prev"] !== expected && (typeof r["prev"] !== "string" || !HEX64.test(r["prev"])))) return false;
  if (r["kind"] === "entry") return Object.hasOwn(r, "data");
  return r["kind"] === "checkpoint" && typeof r["final"] === "boolean" && typeof r["sig"] === "string" && SIG.test(r["sig"]);
}
