// The log writer: appends hash-chained records in batches, signs a checkpoint every N records, and rotates files by size.
import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readdirSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import { GENESIS, hashLine, serialize, signedBytes, type LogRecord } from "./record.js";

/** How a log is written. */
export interface LogOptions {
  /** The log's base path: files are `PATH.000001`, `PATH.000002`, ... in order. */
  readonly path: string;
  /** The Ed25519 private key (PEM or a key object) that signs checkpoints. */
  readonly privateKey: string | KeyObject;
  /** Records between signed checkpoints (default 1000). */
  readonly checkpointEvery?: number;
  /** A file larger than this many bytes is closed with a checkpoint and the next one begun (default 64 MiB). */
  readonly maxBytes?: number;
  /** Records buffered before a write (default 64); `fsync` after every write unless `sync` is false. */
  readonly batchSize?: number;
  readonly sync?: boolean;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
}

/** The name of the `n`-th file of a log. */
export function segmentName(path: string, n: number): string {
  return `${path}.${String(n).padStart(6, "0")}`;
}

/** The files of a log, in order. */
export function segments(path: string): string[] {
  const dir = dirname(path);
  const prefix = `${basename(path)}.`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(prefix) && /^\d{6}$/.test(f.slice(prefix.length)))
    .sort()
    .map((f) => join(dir, f));
}

/** An open decision log. Not safe to share between processes: one writer per log. */
export class AuditLog {
  private readonly key: KeyObject;
  private readonly every: number;
  private readonly maxBytes: number;
  private readonly batchSize: number;
  private readonly sync: boolean;
  private readonly clock: () => number;
  private fd: number;
  private segment: number;
  private size: number;
  private seq: number;
  private prev: string;
  private sinceCheckpoint = 0;
  private pending: string[] = [];
  private closed = false;

  /**
   * Opens (or creates) the log at `options.path`, continuing its chain. Throws when
   * the last file ends in a torn line (a write cut short by a crash): verify and repair it first.
   */
  constructor(private readonly options: LogOptions) {
    this.key = typeof options.privateKey === "string" ? createPrivateKey(options.privateKey) : options.privateKey;
    this.every = options.checkpointEvery ?? 1000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.batchSize = options.batchSize ?? 64;
    this.sync = options.sync ?? true;
    this.clock = options.clock ?? Date.now;
    const files = segments(options.path);
    this.seq = 0;
    this.prev = GENESIS;
    this.segment = files.length === 0 ? 1 : files.length;
    // The chain continues from the last line of the last file that has one: a rotation leaves the newest file empty.
    for (const file of [...files].reverse()) {
      const text = readFileSync(file, "utf8");
      if (text.length === 0) continue;
      if (!text.endsWith("\n")) throw new Error(`\`${file}\` ends in a torn line: run \`apol audit verify\` before appending`);
      const line = text.slice(text.lastIndexOf("\n", text.length - 2) + 1, -1);
      const record = JSON.parse(line) as LogRecord;
      if (record.kind === "checkpoint" && record.final) throw new Error(`the log at \`${options.path}\` was closed: start a new one`);
      this.seq = record.seq + 1;
      this.prev = hashLine(line);
      break;
    }
    this.fd = openSync(segmentName(options.path, this.segment), "a");
    this.size = fstatSync(this.fd).size;
  }

  /** Appends one record holding `data` (a decision, an approval, ...); written with the next batch. */
  append(data: unknown): void {
    if (this.closed) throw new Error("the log is closed");
    this.push({ seq: this.seq, time: this.clock(), prev: this.prev, kind: "entry", data });
    if (++this.sinceCheckpoint >= this.every) this.checkpoint(false);
    if (this.pending.length >= this.batchSize) this.flush();
  }

  /** Writes the buffered records in one write, then syncs them to disk. */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    writeSync(this.fd, bytes);
    if (this.sync) fsyncSync(this.fd);
    this.size += bytes.length;
    if (this.size >= this.maxBytes && !this.closed) this.rotate();
  }

  /** Signs a final checkpoint, writes everything and closes the file: a verifier then knows nothing is missing at the end. */
  close(): void {
    if (this.closed) return;
    this.checkpoint(true);
    this.closed = true;
    this.flush();
    closeSync(this.fd);
  }

  private push(record: LogRecord): void {
    const line = serialize(record);
    this.pending.push(`${line}\n`);
    this.prev = hashLine(line);
    this.seq = record.seq + 1;
  }

  private checkpoint(final: boolean): void {
    const unsigned = { seq: this.seq, time: this.clock(), prev: this.prev, final };
    const sig = sign(null, signedBytes(unsigned), this.key).toString("hex");
    this.push({ ...unsigned, kind: "checkpoint", sig });
    this.sinceCheckpoint = 0;
  }

  /** Ends the file with a checkpoint (so each file is signed to its end) and continues the chain in the next. */
  private rotate(): void {
    this.checkpoint(false);
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    writeSync(this.fd, bytes);
    if (this.sync) fsyncSync(this.fd);
    closeSync(this.fd);
    this.segment++;
    this.fd = openSync(segmentName(this.options.path, this.segment), "a");
    this.size = 0;
  }
}
