// The decision log's record format: one canonical JSON line per record, chained by the SHA-256 of the line before.
import * as crypto from "node:crypto";

/** The `prev` of the first record of a log. */
export const GENESIS = "0".repeat(64);

/** An appended entry (a decision, an approval, anything JSON) or a signed checkpoint. */
export type LogRecord =
  | { readonly seq: number; readonly time: number; readonly prev: string; readonly kind: "entry"; readonly data: unknown }
  | {
      readonly seq: number;
      readonly time: number;
      readonly prev: string;
      readonly kind: "checkpoint";
      readonly log: string;
      readonly final: boolean;
      readonly sig: string;
    };

/** A checkpoint without its signature: what the signature covers. */
export interface UnsignedCheckpoint {
  readonly seq: number;
  readonly time: number;
  readonly prev: string;
  /** The log's id, drawn at random when it was created: every checkpoint names the log it belongs to. */
  readonly log: string;
  readonly final: boolean;
}

/** A log id: 128 random bits in hex, drawn when the log is created. */
export const LOG_ID = /^[0-9a-f]{32}$/;

/** A fresh log id. */
export function newLogId(): string {
  return crypto.randomBytes(16).toString("hex");
}

// One-shot `crypto.hash` (Node 20.12+) is several times faster than a `createHash` object per line; older Nodes fall back.
const sha256: (line: string | Uint8Array) => string =
  typeof crypto.hash === "function" ? (line) => crypto.hash("sha256", line, "hex") : (line) => crypto.createHash("sha256").update(line).digest("hex");

/** The SHA-256 of a line (without its newline; text, or its UTF-8 bytes), in hex. */
export function hashLine(line: string | Uint8Array): string {
  return sha256(line);
}

/**
 * The JSON of an entry's data, spelled as it is inside the record. Undefined when the data has
 * no JSON form (`undefined`, a function, a symbol): such an entry could never verify.
 */
export function dataJson(data: unknown): string | undefined {
  // Stringified alone, data spells as it does inside the record, unless a `toJSON` method reads its key (`data` there).
  if (typeof (data as { toJSON?: unknown } | null | undefined)?.toJSON !== "function") return JSON.stringify(data);
  const wrapped = JSON.stringify({ data });
  return wrapped === "{}" ? undefined : wrapped.slice('{"data":'.length, -1);
}

/**
 * An entry's line from its envelope and `dataJson(data)`. The writer spells a line once per
 * record and the verifier once more, so the envelope is joined by hand rather than
 * stringified from an object: the same characters, without building and walking the record.
 */
export function entryLine(seq: number, time: number, prev: string, json: string): string {
  return `${entryHead(seq, time, prev)}${json}}`;
}

/**
 * An entry's line up to its data: the line is this, the data's JSON and `}`. `seq` is a safe
 * integer and `prev` 64 hex digits, as in every record, so neither needs escaping.
 */
export function entryHead(seq: number, time: number, prev: string): string {
  return `{"seq":${seq},"time":${Number.isFinite(time) ? time : "null"},"prev":"${prev}","kind":"entry","data":`;
}

/** The UTF-8 bytes of an entry's line with its newline, but for its data's JSON: for sizing files without spelling lines. */
export function envelopeBytes(seq: number, time: number): number {
  return ENVELOPE + numberLength(seq) + numberLength(time);
}

/** The length of `JSON.stringify(n)`, counted without spelling the number for the integers of `seq` and `time`. */
function numberLength(n: number): number {
  if (!(Number.isInteger(n) && n >= 0 && n < 1e21)) return JSON.stringify(n).length;
  let digits = 1;
  for (let power = 10; power <= n; power *= 10) digits++;
  return digits;
}

/** The UTF-8 bytes of a checkpoint's line with its newline. */
export function checkpointBytes(seq: number, time: number, final: boolean): number {
  return serialize({ seq, time, prev: GENESIS, kind: "checkpoint", log: "0".repeat(32), final, sig: "0".repeat(128) }).length + 1;
}

// Everything but the two numbers and the data, with the newline; `prev` is always 64 hex digits.
const ENVELOPE = entryLine(0, 0, GENESIS, "\n").length - 2;

/**
 * The one spelling of a record: keys in a fixed order, no spaces. The verifier
 * rejects any line that is not spelled so, so two lines never mean the same record.
 */
export function serialize(record: LogRecord): string {
  if (record.kind === "entry") {
    const json = dataJson(record.data);
    // Without a JSON form the data drops out of the line, as `JSON.stringify` drops it; no such line verifies.
    if (json === undefined) return JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: record.kind });
    return entryLine(record.seq, record.time, record.prev, json);
  }
  return JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: record.kind, log: record.log, final: record.final, sig: record.sig });
}

/**
 * What a checkpoint's signature covers: the checkpoint without its signature, which names the
 * hash of everything before it and the log's id (so no other log signed with the key can stand in for it).
 */
export function signedBytes(record: UnsignedCheckpoint): Buffer {
  return Buffer.from(
    JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: "checkpoint", log: record.log, final: record.final }),
    "utf8",
  );
}
