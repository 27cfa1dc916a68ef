// The decision log's record format: one canonical JSON line per record, chained by the SHA-256 of the line before.
import * as crypto from "node:crypto";

/** The `prev` of the first record of a log. */
export const GENESIS = "0".repeat(64);

/** An appended entry (a decision, an approval, anything JSON) or a signed checkpoint. */
export type LogRecord =
  | { readonly seq: number; readonly time: number; readonly prev: string; readonly kind: "entry"; readonly data: unknown }
  | { readonly seq: number; readonly time: number; readonly prev: string; readonly kind: "checkpoint"; readonly final: boolean; readonly sig: string };

// One-shot `crypto.hash` (Node 20.12+) is several times faster than a `createHash` object per line; older Nodes fall back.
const sha256: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

/** The SHA-256 of a line (without its newline), in hex. */
export function hashLine(line: string): string {
  return sha256(line);
}

/**
 * The one spelling of a record: keys in a fixed order, no spaces. The verifier
 * rejects any line that is not spelled so, so two lines never mean the same record.
 */
export function serialize(record: LogRecord): string {
  if (record.kind === "entry") return JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: record.kind, data: record.data });
  return JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: record.kind, final: record.final, sig: record.sig });
}

/** What a checkpoint's signature covers: the checkpoint without its signature, which names the hash of everything before it. */
export function signedBytes(record: { readonly seq: number; readonly time: number; readonly prev: string; readonly final: boolean }): Buffer {
  return Buffer.from(JSON.stringify({ seq: record.seq, time: record.time, prev: record.prev, kind: "checkpoint", final: record.final }), "utf8");
}
