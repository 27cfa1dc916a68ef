// The one writer thread the decision logs of a process share, started with the first log, and the logs to finish when the process exits.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { threadCode } from "./thread-code.js";

/** How long the first log waits for the thread to start before it gives up. */
const STARTUP_MS = 30_000;

/** What the process does with an open log: finish writing it at exit, or tell it that it can no longer be written. */
export interface OpenLog {
  /** Writes what the log holds and waits for it, unless the log failed before. */
  finish(): void;
  lose(error: Error): void;
}

const open = new Set<OpenLog>();
let thread: Worker | undefined;

/** The writer thread, started (and waited for) on first use. */
export function writerThread(): Worker {
  if (thread) return thread;
  const started = new Int32Array(new SharedArrayBuffer(4));
  // Plain JavaScript importing only Node: the process's flags (`--import tsx`, `--input-type`) would only slow it or stop it.
  const options = { workerData: started, execArgv: [] };
  // A packed package carries the thread as a string, which works bundled; the workspace runs the built file beside dist/,
  // also from the TypeScript sources (tests, benchmarks), since Node 20 cannot run TypeScript in a worker.
  const worker = threadCode === undefined ? new Worker(threadFile(), options) : new Worker(threadCode, { ...options, eval: true });
  // Like an open file, the thread must not keep the process alive; logs still open are finished on exit instead.
  worker.unref();
  worker.on("error", lost);
  worker.on("exit", (code) => lost(new Error(`the decision log's writer thread stopped (exit code ${code})`)));
  if (Atomics.wait(started, 0, 0, STARTUP_MS) === "timed-out") {
    void worker.terminate();
    throw new Error(`the decision log's writer thread did not start within ${STARTUP_MS / 1000} s (is \`@apol/audit\` built?)`);
  }
  process.on("exit", finishOpenLogs);
  thread = worker;
  return worker;
}

/** The built thread module of the workspace; a missing one would only show as the thread never starting. */
function threadFile(): URL {
  const file = new URL("../dist/thread.js", import.meta.url);
  if (!existsSync(fileURLToPath(file)))
    throw new Error(`the decision log's writer thread \`${fileURLToPath(file)}\` is missing: build \`@apol/audit\` (\`npx tsc -b\`)`);
  return file;
}

/** Counts `log` as open until `closed(log)`. */
export function opened(log: OpenLog): void {
  open.add(log);
}

/** `log` is closed: nothing is left to finish at exit. */
export function closed(log: OpenLog): void {
  open.delete(log);
}

/** Writes what open logs still hold, as a process that exits without closing a log would otherwise lose the batches on their way to disk. */
function finishOpenLogs(): void {
  const errors: unknown[] = [];
  for (const log of open) {
    try {
      log.finish();
    } catch (error) {
      errors.push(error);
    }
  }
  // Thrown here, a failure shows on stderr and in the exit code; the other logs were finished first.
  if (errors.length > 0) throw errors[0];
}

function lost(error: Error): void {
  if (thread === undefined) return;
  thread = undefined;
  process.off("exit", finishOpenLogs);
  for (const log of open) log.lose(error);
  open.clear();
}
