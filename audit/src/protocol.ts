// What a decision log's writer and the writer thread tell each other: where a log continues, its batches, and two shared counters.
import type { KeyObject } from "node:crypto";
import type { MessagePort } from "node:worker_threads";

/** Records handed to the thread in one message, in log order, read where the deciding thread wrote them (`BatchBuffer`). */
export interface Batch {
  /**
   * In the first `length` bytes: the UTF-8 of each item and a newline after each but the last. An
   * item is an entry's `dataJson`, or nothing for a checkpoint to sign: JSON text is never empty, and holds no raw newline.
   */
  readonly items: SharedArrayBuffer;
  readonly length: number;
  /** In the first `count` doubles: the time of each item. */
  readonly times: SharedArrayBuffer;
  readonly count: number;
  /**
   * What follows the batch: `rotate` when its last item is the checkpoint that ends a full file
   * and the chain goes on in the next one; `close` when its last item is the final checkpoint.
   */
  readonly then?: "rotate" | "close";
}

/** Where a log's chain continues, in which file. */
export interface ChainStart {
  readonly path: string;
  /** The file the chain goes on in: the `segment`-th of the log. */
  readonly segment: number;
  /** The memory of the log's `ChainHead`. */
  readonly head: SharedArrayBuffer;
  readonly key: KeyObject;
  /** The log's id, which every checkpoint names. */
  readonly log: string;
  readonly sync: boolean;
}

/** Sent to the thread once per log: the chain, the port the log's batches come on, and the log's counters. */
export interface LogStart extends ChainStart {
  readonly port: MessagePort;
  /** `Int32Array` over shared memory, indexed by `DONE` and `FAILED`. */
  readonly counters: Int32Array;
}

/** Batches the thread has finished with: written, or dropped because an earlier one failed. */
export const DONE = 0;
/** 1 once a batch failed to be written; the `WriteFailure` is on the port before this is set. */
export const FAILED = 1;

/** Why a batch was not written, sent back on the log's port. */
export interface WriteFailure {
  readonly message: string;
  readonly code?: string;
}

/** The message and code of what a write threw. */
export function writeFailure(error: unknown): WriteFailure {
  const code = (error as { code?: unknown } | null)?.code;
  return { message: error instanceof Error ? error.message : String(error), ...(typeof code === "string" ? { code } : {}) };
}

/** The error the log throws for a failed write, with the code of the one that failed (`ENOSPC`, ...). */
export function writeError(failure: WriteFailure | undefined): Error {
  const error = new Error(`the decision log could not be written: ${failure?.message ?? "the writer thread failed"}`);
  if (failure?.code !== undefined) Object.assign(error, { code: failure.code });
  return error;
}
