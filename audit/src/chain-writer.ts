// Writes batches onto a log's chain: spells each record in its place, hashes it into the next, signs checkpoints, writes and syncs, rotates files.
import { sign } from "node:crypto";
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";
import { ChainHead } from "./chain-head.js";
import type { Batch, ChainStart } from "./protocol.js";
import { entryHead, hashLine, serialize, signedBytes } from "./record.js";
import { segmentName } from "./segments.js";

const NEWLINE = 0x0a;
const CLOSE_BRACE = 0x7d;
/** More than any line but its data takes: an entry's head and `}`, or a whole checkpoint, and the newline. */
const ROOM = 512;

/**
 * Writes a log's batches, in order, from where its `ChainHead` stands. Lines are put together
 * as UTF-8 bytes, so that each is encoded once, then hashed and written as it is.
 */
export class ChainWriter {
  /** The open file, or -1 once closed: a closed descriptor's number may already name another file. */
  private fd: number;
  /** Which file of the log is open. */
  segment: number;
  private readonly head: ChainHead;
  private seq = 0;
  private prev = "";
  /** The lines of the batch being written, reused from batch to batch. */
  private out = Buffer.allocUnsafe(64 * 1024);

  /** Opens the file the chain goes on in, for appending: another writer of the same log may have its own. */
  constructor(private readonly start: ChainStart) {
    this.segment = start.segment;
    this.head = new ChainHead(start.head);
    this.fd = openSync(segmentName(start.path, this.segment), "a");
  }

  /** Chains and writes a batch with one `write` (then `fsync`), and closes the file or goes on in the next as the batch says. */
  write(batch: Batch): void {
    const items = Buffer.from(batch.items, 0, batch.length);
    const times = new Float64Array(batch.times, 0, batch.count);
    const last = batch.count - 1;
    ({ seq: this.seq, prev: this.prev } = this.head.get());
    let length = 0;
    for (let i = 0, at = 0; i <= last; i++) {
      let end = items.indexOf(NEWLINE, at);
      if (end < 0) end = items.length;
      const out = this.reserve(length + (end - at) + ROOM);
      const time = times[i]!;
      const start = length;
      if (end === at) {
        // An empty item: a checkpoint to sign.
        length += out.write(this.checkpoint(time, batch.then === "close" && i === last), length, "latin1");
      } else {
        length += out.write(entryHead(this.seq, time, this.prev), length, "latin1");
        out.set(items.subarray(at, end), length);
        length += end - at;
        out[length++] = CLOSE_BRACE;
      }
      this.prev = hashLine(out.subarray(start, length));
      this.seq++;
      out[length++] = NEWLINE;
      at = end + 1;
    }
    this.put(length);
    this.head.set(this.seq, this.prev);
    if (batch.then === undefined) return;
    this.close();
    if (batch.then === "close") return;
    this.segment++;
    this.fd = openSync(segmentName(this.start.path, this.segment), "a");
  }

  /** Closes the file, if it is open. */
  close(): void {
    if (this.fd < 0) return;
    const fd = this.fd;
    this.fd = -1;
    closeSync(fd);
  }

  /** A checkpoint's line: ASCII only, like an entry's head. */
  private checkpoint(time: number, final: boolean): string {
    const unsigned = { seq: this.seq, time, prev: this.prev, log: this.start.log, final };
    const sig = sign(null, signedBytes(unsigned), this.start.key).toString("hex");
    return serialize({ ...unsigned, kind: "checkpoint", sig });
  }

  /** The output buffer, grown to hold at least `bytes`, keeping what it holds. */
  private reserve(bytes: number): Buffer {
    if (this.out.length < bytes) {
      const grown = Buffer.allocUnsafe(Math.max(bytes, 2 * this.out.length));
      this.out.copy(grown);
      this.out = grown;
    }
    return this.out;
  }

  private put(length: number): void {
    if (this.fd < 0) throw new Error("the log's file is closed");
    for (let at = 0; at < length; ) at += writeSync(this.fd, this.out, at, length - at);
    if (this.start.sync) fsyncSync(this.fd);
  }
}
