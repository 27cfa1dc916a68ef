// The log writer: spells and batches entries on the deciding thread and hands full batches to the writer thread, which chains, writes and signs them.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { closeSync, fstatSync, openSync } from "node:fs";
import { MessageChannel, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { BatchBuffer } from "./batch-buffer.js";
import { ChainHead } from "./chain-head.js";
import { ChainWriter } from "./chain-writer.js";
import { DONE, FAILED, writeError, writeFailure, type Batch, type ChainStart, type LogStart, type WriteFailure } from "./protocol.js";
import { chainEnd } from "./chain-end.js";
import { checkpointBytes, dataJson, envelopeBytes, GENESIS, newLogId } from "./record.js";
import { segmentName, segments } from "./segments.js";
import { closed, opened, writerThread, type OpenLog } from "./writer-thread.js";

export { segmentName, segments } from "./segments.js";

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
  /** Records handed to the writer thread together and written with one `write` (default 64); `fsync` after every write unless `sync` is false. */
  readonly batchSize?: number;
  readonly sync?: boolean;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
}

/** Batches handed to the writer thread and not yet written, at most: a slow disk holds the deciding thread back rather than let memory grow. */
const IN_FLIGHT = 4;
/** Buffers a log fills in turn: one for each batch in flight, and the one being filled. */
const BUFFERS = IN_FLIGHT + 1;

/**
 * An open decision log. Not safe to share between processes: one writer per log.
 *
 * `append` spells the entry at once (later changes to the data do not reach the log) and
 * returns before it is written: a full batch goes to a writer thread shared by the process's
 * logs when the next entry comes, and the thread chains, hashes, writes and syncs it while
 * the caller goes on deciding. `flush` returns once everything appended is written (and
 * synced), writing the last batch itself when the thread has nothing of the log's to write,
 * and `close` once the final checkpoint is. A failed write is thrown by the next `append`,
 * `flush` or `close`.
 */
export class AuditLog {
  /** The log's id: drawn at random when the log was created, named by every checkpoint; `apol audit verify --log-id` checks it. */
  readonly id: string;
  private readonly every: number;
  private readonly maxBytes: number;
  private readonly batchSize: number;
  private readonly clock: () => number;
  private readonly port: MessagePort;
  /** The thread's counters for this log, indexed by `DONE` and `FAILED`. */
  private readonly counters: Int32Array;
  /** The buffers batches are filled in, made as they are first needed, and which one is being filled. */
  private readonly buffers: BatchBuffer[] = [];
  private filling = 0;
  private batch: BatchBuffer;
  /** Where the chain begins, for writing on this thread; the file it is in now, and this thread's writer, once it wrote. */
  private readonly chain: ChainStart;
  private segment: number;
  private here: ChainWriter | undefined;
  /** The next record's `seq`, and the size the current file will have once the buffered records are written. */
  private seq: number;
  private size: number;
  private sinceCheckpoint = 0;
  /** Batches handed to the thread, a 32-bit count that wraps around like `DONE`. */
  private sent = 0;
  private closed = false;
  private failure: Error | undefined;
  /** Whether the writer thread is gone, taking the log's file with it. */
  private lost = false;
  /** What the process does with this log while it is open. */
  private readonly handle: OpenLog = { finish: () => this.finish(), lose: (error) => this.lose(error) };

  /**
   * Opens (or creates) the log at `options.path`, continuing its chain. A new log gets a random
   * id and begins with a signed opening checkpoint that names it, written before the constructor
   * returns. Throws when the log was closed, when its last file ends in a torn line (a write cut
   * short by a crash: verify and repair it first), or when its first record is not its opening checkpoint.
   */
  constructor(options: LogOptions) {
    const key = typeof options.privateKey === "string" ? createPrivateKey(options.privateKey) : options.privateKey;
    this.every = options.checkpointEvery ?? 1000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.batchSize = options.batchSize ?? 64;
    this.clock = options.clock ?? Date.now;
    const files = segments(options.path);
    const segment = files.length === 0 ? 1 : files.length;
    const { seq, prev, log } = chainEnd(options.path, files) ?? { seq: 0, prev: GENESIS, log: newLogId() };
    this.id = log;
    this.seq = seq;
    // Opened here too, so that a file that cannot be written fails the constructor; the thread opens its own.
    const fd = openSync(segmentName(options.path, segment), "a");
    try {
      this.size = fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
    this.chain = { path: options.path, segment, head: ChainHead.at(seq, prev).memory, key, log, sync: options.sync ?? true };
    this.segment = segment;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.counters = new Int32Array(new SharedArrayBuffer(8));
    const start: LogStart = { ...this.chain, port: port2, counters: this.counters };
    writerThread().postMessage(start, [port2]);
    this.batch = this.buffer(0);
    opened(this.handle);
    if (seq > 0) return;
    // A new log begins with a signed checkpoint naming its id, on disk before any entry: a log is never without a signed start.
    this.checkpoint(false);
    this.flush();
  }

  /**
   * Appends one record holding `data` (a decision, an approval, anything JSON), spelled now and
   * written with its batch. Throws for data with no JSON form, and once the log has failed.
   */
  append(data: unknown): void {
    if (this.closed) throw new Error("the log is closed");
    if (this.failure) throw this.failure;
    const json = dataJson(data);
    if (json === undefined) throw new TypeError("a log entry must be JSON data, not `undefined`, a function or a symbol");
    // A full batch leaves when the next entry comes, so that a flush right after an append can write it on this thread.
    if (this.batch.count >= this.batchSize) {
      this.send(false);
      this.check();
    }
    const time = this.clock();
    this.size += envelopeBytes(this.seq++, time) + this.batch.entry(json, time);
    if (++this.sinceCheckpoint >= this.every) this.checkpoint(false);
  }

  /**
   * Returns once everything appended is written and synced to disk. The batches on their way are
   * the thread's to write; the last one, when it does not fill the file, this thread writes itself
   * (so a flush costs no round trip to the thread).
   */
  flush(): void {
    if (this.closed) return;
    if (this.failure) throw this.failure;
    this.waitFor(this.sent);
    this.check();
    if (this.batch.count === 0) return;
    if (this.full) {
      this.send(false);
      this.waitFor(this.sent);
      this.check();
      return;
    }
    if (this.here?.segment !== this.segment) {
      this.here?.close();
      this.here = undefined;
    }
    try {
      this.here ??= new ChainWriter({ ...this.chain, segment: this.segment });
      this.here.write(this.batch.message(undefined));
    } catch (error) {
      // The records are dropped with the log: none of them may follow a line the failed write may have cut.
      this.batch.clear();
      throw (this.failure = writeError(writeFailure(error)));
    }
    this.batch.clear();
  }

  /** Signs a final checkpoint, writes everything and closes the file: a verifier then knows nothing is missing at the end. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closed(this.handle);
    if (!this.lost) {
      // A failed log is not signed as complete; its file is still closed.
      if (!this.failure) this.checkpoint(true);
      this.send(true);
      this.waitFor(this.sent);
    }
    this.port.close();
    this.here?.close();
    this.check();
  }

  /** At process exit: writes what an unclosed log holds, unless it failed (and said so) before. */
  private finish(): void {
    if (!this.failure) this.flush();
  }

  /** The writer thread is gone: nothing more can be written. */
  private lose(error: Error): void {
    this.lost = true;
    this.failure ??= new Error(`the decision log can no longer be written: ${error.message}`);
  }

  private checkpoint(final: boolean): void {
    const time = this.clock();
    this.batch.checkpoint(time);
    this.size += checkpointBytes(this.seq++, time, final);
    this.sinceCheckpoint = 0;
  }

  /**
   * Hands the buffered records to the thread. A file that will be full after them ends with a
   * checkpoint (so each file is signed to its end) and the chain goes on in the next.
   */
  private send(close: boolean): void {
    if (this.batch.count === 0 && !close) return;
    let then: Batch["then"] = close ? "close" : undefined;
    if (!close && this.full) {
      this.checkpoint(false);
      this.size = 0;
      this.segment++;
      then = "rotate";
    }
    this.port.postMessage(this.batch.message(then));
    this.sent = (this.sent + 1) | 0;
    if (close) return;
    // The next batch is filled in the buffer of the one `BUFFERS` before it, once the thread is done with that.
    this.waitFor((this.sent - IN_FLIGHT) | 0);
    this.filling = (this.filling + 1) % BUFFERS;
    this.batch = this.buffer(this.filling);
    this.batch.clear();
  }

  /** Whether the file is full once the buffered records are written: then it ends with them and a checkpoint, on the writer thread. */
  private get full(): boolean {
    return this.size >= this.maxBytes;
  }

  private buffer(i: number): BatchBuffer {
    return (this.buffers[i] ??= new BatchBuffer());
  }

  /** Blocks until the thread has finished batch number `target` (counted with wraparound). */
  private waitFor(target: number): void {
    for (let done = Atomics.load(this.counters, DONE); ((target - done) | 0) > 0; done = Atomics.load(this.counters, DONE)) {
      Atomics.wait(this.counters, DONE, done);
    }
  }

  /** Throws the thread's failure, once it has reported one. */
  private check(): void {
    if (this.failure) throw this.failure;
    if (Atomics.load(this.counters, FAILED) === 0) return;
    throw (this.failure = writeError(receiveMessageOnPort(this.port)?.message as WriteFailure | undefined));
  }
}
