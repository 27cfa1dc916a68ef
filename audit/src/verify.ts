// Verifies a decision log: the chain across files, every checkpoint's signature, the log's id, and whether the end is signed.
import { createPublicKey, verify as verifySignature, type KeyObject } from "node:crypto";
import { decodeLog } from "./log-text.js";
import { GENESIS, hashLine, LOG_ID, serialize, signedBytes, type LogRecord } from "./record.js";

/** One file of a log, in order: its bytes as read (decoded strictly), or its text. */
export type LogFile = { readonly name: string; readonly text: string } | { readonly name: string; readonly bytes: Uint8Array };

/** What kind of problem a verification found. */
export type ProblemKind =
  /** A record was edited, removed, inserted, reordered or duplicated, or a line is not a record. */
  | "tampered"
  /** The last line is cut short (a write interrupted by a crash): the records before it hold. */
  | "torn"
  /** No checkpoint is signed by the key given: the key is not the log's (or every signature was replaced). */
  | "wrong-key"
  /** The log is another log than the one expected (`logId`): another of the key's logs was put in its place. */
  | "other-log"
  /** The files hold no record at all, not even the log's signed opening checkpoint. */
  | "empty";

/** Where the first problem shows: the file, its 1-based line, and what is wrong. */
export interface LogProblem {
  readonly kind: ProblemKind;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** How many records from the start still hold: fewer than were read when the problem may be the record before it. */
  readonly intact: number;
}

/** The outcome of a verification. */
export interface VerifyReport {
  /** The log's id, from its signed opening checkpoint; absent when that did not verify. */
  readonly logId?: string;
  /** Records read before the first problem (all, when there is none). */
  readonly records: number;
  readonly checkpoints: number;
  /** The first problem: an edit, deletion, insertion, reordering, duplication, torn line, bad signature, wrong key or other log. */
  readonly problem?: LogProblem;
  /** Records after the last checkpoint: chained, but nothing signed vouches that none were removed after them. */
  readonly unsignedTail: number;
  /** Whether the log ends with a final checkpoint: otherwise records at its end may have been removed unseen. */
  readonly closed: boolean;
}

/** What a verification checks besides the chain and the signatures. */
export interface VerifyOptions {
  /** The id the log must have (its opening checkpoint's `log`): a log that names another is reported as `other-log`. */
  readonly logId?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const SIG = /^[0-9a-f]{128}$/;

/**
 * Checks the files of one log, in order, against the log's public key (PEM or a key object).
 * A log begins with its signed opening checkpoint (record 0, which names the log's id); a log
 * whose records all hold but that does not end with its final checkpoint is reported with
 * `closed: false`: it is still being written, or records were cut from its end.
 */
export function verifyLog(files: readonly LogFile[], publicKey: string | KeyObject, options: VerifyOptions = {}): VerifyReport {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const texts: string[] = [];
  let seq = 0;
  let prev = GENESIS;
  let records = 0;
  let checkpoints = 0;
  let tail = 0;
  let closed = false;
  let logId: string | undefined;
  const report = (problem: LogProblem): VerifyReport => ({
    ...(logId === undefined ? {} : { logId }),
    records,
    checkpoints,
    problem,
    unsignedTail: tail,
    closed: false,
  });
  for (const [index, file] of files.entries()) {
    const decoded = "text" in file ? { text: file.text } : decodeLog(file.bytes);
    if (!("text" in decoded)) {
      // The lines before the bad byte are checked first, so that the problem reported is the first one.
      const lines = lossy(file)
        .split("\n")
        .slice(0, decoded.badLine - 1);
      return report(
        verifyLines(lines, index) ?? {
          kind: "tampered",
          file: file.name,
          line: decoded.badLine,
          message: "the line is not valid UTF-8: its bytes were altered",
          intact: records,
        },
      );
    }
    const text = decoded.text;
    texts.push(text);
    if (text.length > 0 && !text.endsWith("\n")) {
      const lines = text.split("\n");
      // The torn line is reported only if everything before it holds; check those first.
      const whole = verifyLines(lines.slice(0, -1), index);
      if (whole) return report(whole);
      return report({
        kind: "torn",
        file: file.name,
        line: lines.length,
        message: "the last line is torn (a write cut short): it is not a whole record",
        intact: records,
      });
    }
    const problem = verifyLines(text.split("\n").slice(0, -1), index);
    if (problem) return report(problem);
  }
  if (records === 0)
    return report({
      kind: "empty",
      file: files[0]?.name ?? "",
      line: 1,
      message: "the log holds no records, not even its signed opening checkpoint: its records were removed",
      intact: 0,
    });
  return { ...(logId === undefined ? {} : { logId }), records, checkpoints, unsignedTail: tail, closed };

  function verifyLines(lines: readonly string[], index: number): LogProblem | undefined {
    const name = files[index]!.name;
    for (const [i, line] of lines.entries()) {
      const at = (message: string, intact = records, kind: ProblemKind = "tampered"): LogProblem => ({ kind, file: name, line: i + 1, message, intact });
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
      if (record.prev !== prev)
        return at(
          `record ${seq} does not follow record ${seq - 1}: record ${seq - 1} was altered, or records were removed or inserted between them`,
          records - 1,
        );
      if (seq === 0 && record.kind !== "checkpoint")
        return at("record 0 is not the log's signed opening checkpoint: the log was not written by an apol log writer, or its start was altered");
      if (record.kind === "checkpoint") {
        if (!verifySignature(null, signedBytes(record), key, Buffer.from(record.sig, "hex"))) {
          // No checkpoint that holds yet: unless a later one is the key's, the key is not this log's.
          if (checkpoints === 0 && !laterSignedByKey(index, i + 1)) {
            return at("no checkpoint is signed by this key: the log is signed by another key, or every signature was replaced", 0, "wrong-key");
          }
          return at(`the signature of checkpoint ${seq} is not the log key's`);
        }
        if (seq === 0) {
          logId = record.log;
          if (options.logId !== undefined && record.log !== options.logId)
            return at(`the log is \`${record.log}\`, not the expected \`${options.logId}\`: another log was put in its place`, 0, "other-log");
        } else if (record.log !== logId) {
          return at(`checkpoint ${seq} names the log \`${record.log}\`, not this log's \`${logId}\``);
        }
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

  /** Whether any checkpoint from line `from` (0-based) of file `index` on is signed by `key`: then the key is the log's, and a bad signature before it an edit. */
  function laterSignedByKey(index: number, from: number): boolean {
    for (let f = index; f < files.length; f++) {
      const file = files[f]!;
      const text = texts[f] ?? lossy(file);
      for (const line of text.split("\n").slice(f === index ? from : 0)) {
        if (!line.includes('"kind":"checkpoint"')) continue;
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          continue;
        }
        if (wellFormed(record, "") && record.kind === "checkpoint" && verifySignature(null, signedBytes(record), key, Buffer.from(record.sig, "hex")))
          return true;
      }
    }
    return false;
  }
}

/** A file's text, a byte that is not UTF-8 read as U+FFFD: for looking, never for verifying. */
function lossy(file: LogFile): string {
  return "text" in file ? file.text : new TextDecoder("utf-8", { ignoreBOM: true }).decode(file.bytes);
}

/** Whether `record` has the fields of a record; `expected` is the `prev` it should have, which needs no second look. */
function wellFormed(record: unknown, expected: string): record is LogRecord {
  if (typeof record !== "object" || record === null) return false;
  const r = record as Record<string, unknown>;
  if (!Number.isSafeInteger(r["seq"]) || typeof r["time"] !== "number" || (r["prev"] !== expected && (typeof r["prev"] !== "string" || !HEX64.test(r["prev"]))))
    return false;
  if (r["kind"] === "entry") return Object.hasOwn(r, "data");
  return (
    r["kind"] === "checkpoint" &&
    typeof r["log"] === "string" &&
    LOG_ID.test(r["log"]) &&
    typeof r["final"] === "boolean" &&
    typeof r["sig"] === "string" &&
    SIG.test(r["sig"])
  );
}
