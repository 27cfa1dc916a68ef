// The decision logs' writer thread: chains, hashes, writes and syncs each open log's full batches, so the deciding thread only serializes entries.
import { parentPort, workerData } from "node:worker_threads";
import { ChainWriter } from "./chain-writer.js";
import { DONE, FAILED, writeFailure, type Batch, type LogStart } from "./protocol.js";

if (parentPort === null) throw new Error("the decision log's writer thread runs as a worker, started by `AuditLog`");
parentPort.on("message", open);
// The process waits for this before its first log opens, so a thread that cannot start fails there.
const started = workerData as Int32Array;
Atomics.store(started, 0, 1);
Atomics.notify(started, 0);

function open({ port, counters, ...start }: LogStart): void {
  let writer: ChainWriter | undefined;
  const fail = (error: unknown): void => {
    // The failure is on the port before the flag: whoever sees the flag finds it there.
    port.postMessage(writeFailure(error));
    Atomics.store(counters, FAILED, 1);
    if (writer) closeQuietly(writer);
    writer = undefined;
  };
  try {
    writer = new ChainWriter(start);
  } catch (error) {
    fail(error);
  }
  port.on("message", (batch: Batch) => {
    try {
      writer?.write(batch);
    } catch (error) {
      fail(error);
    }
    if (batch.then === "close") port.close();
    Atomics.add(counters, DONE, 1);
    Atomics.notify(counters, DONE);
  });
}

/** After a failure the log's own error is the one to report; a second one from closing its file would hide it. */
function closeQuietly(writer: ChainWriter): void {
  try {
    writer.close();
  } catch {
    // Reported already: the write that failed.
  }
}
