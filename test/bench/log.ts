// The decision log's cost, standalone (`npx tsc -b && node --import tsx test/bench/log.ts [--quick]`): decisions/s with the
// log off and with every decision logged as the enforcer logs it (the decision and the request's arguments), buffered
// without fsync, with an fsync per batch, and durable before each decision returns, with the CPU time it takes on the
// deciding thread and on all threads; then verification speed on a large log. Like `npm run bench`, it measures the
// packages as they ship, from dist/: run from the TypeScript sources under tsx, a decision takes about three times as
// long, which would flatter the log's share.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { AuditLog, generateKeys, segments, verifyLog } from "../../audit/dist/index.js";
import { createEnforcer } from "../../runtime/dist/enforcer/enforcer.js";
import { compiledModule } from "../harness/compiled-module.js";

const quick = process.argv.includes("--quick");
const decisions = quick ? 50_000 : 200_000;
const perDecisionSync = quick ? 500 : 2_000;
const verifyRecords = quick ? 100_000 : 1_000_000;
// Log off and log on alternate, round after round, so that a busy machine slows both alike; figures are medians over the rounds.
const rounds = quick ? 3 : 5;

const source = `policy bench
tool send_money(recipient: string, amount: number)
rule small { allow send_money when args.amount <= 1000 }
rule big { deny send_money when args.amount > 5000 }
`;
const policy = await compiledModule(source, "bench.apol");
const keys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), "apol-log-bench-"));
const requests = Array.from({ length: 1000 }, (_, i) => ({
  tool: "send_money",
  session: `s${i % 10}`,
  args: { recipient: `DE${i}`, amount: (i * 37) % 7000 },
}));

/** What a sink is handed per request: the enforcer's log entry, built only when something logs it. */
type Sink = (decision: unknown, args: unknown) => void;

/** The entry the enforcer appends for a decision: the decision with the call's arguments (`runtime/src/log/decision-log.ts`). */
const entry = (decision: unknown, args: unknown): unknown => ({ event: "decision", decision, args });

interface Measured {
  /** Decisions per second (wall clock). */
  readonly rate: number;
  /** CPU time per decision in µs: the deciding thread's (where Linux tells it), and every thread's, the log's writer thread included. */
  readonly thread: number;
  readonly cpu: number;
}

/** The calling thread's CPU time in µs, from `/proc/thread-self/schedstat` (Linux); NaN elsewhere. */
function threadCpu(): number {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1000;
  } catch {
    return Number.NaN;
  }
}

/** `count` decisions, each handed to `sink`, then `drain` (the log's flush): the log's cost includes writing what it holds. */
function measure(count: number, sink: Sink, drain: () => void = () => {}): Measured {
  const enforcer = createEnforcer(policy);
  const cpuStart = process.cpuUsage();
  const threadStart = threadCpu();
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const request = requests[i % requests.length]!;
    sink(enforcer.decide(request), request.args);
  }
  drain();
  const seconds = (performance.now() - start) / 1000;
  const thread = threadCpu() - threadStart;
  const cpu = process.cpuUsage(cpuStart);
  return { rate: count / seconds, thread: thread / count, cpu: (cpu.user + cpu.system) / count };
}

let logs = 0;
function logged(count: number, batchSize: number, sync: boolean, durable = false): Measured {
  const log = new AuditLog({ path: join(dir, `log-${++logs}`), privateKey: keys.privateKey, batchSize, checkpointEvery: 1000, sync });
  const sink: Sink = durable
    ? (decision, args) => {
        log.append(entry(decision, args));
        log.flush();
      }
    : (decision, args) => log.append(entry(decision, args));
  const measured = measure(count, sink, () => log.flush());
  log.close();
  return measured;
}

const modes: readonly (readonly [string, () => Measured])[] = [
  ["log on, no fsync (batches of 256)", () => logged(decisions, 256, false)],
  ["log on, fsync every 256 records", () => logged(decisions, 256, true)],
  ["log on, fsync every 4096 records", () => logged(decisions, 4096, true)],
  ["log on, fsync per decision (flush after each)", () => logged(perDecisionSync, 1, true, true)],
];

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const us = (n: number): string => (Number.isNaN(n) ? "n/a" : `${n.toFixed(2)} µs`);
const times = (n: number): string => (Number.isNaN(n) ? "n/a" : `${n.toFixed(2)}x`);

try {
  // Warm-up: every path once, so the rounds measure optimised code.
  measure(decisions, () => {});
  for (const [, run] of modes) run();

  const off: Measured[] = [];
  const on = modes.map(() => ({ measured: [] as Measured[], wall: [] as number[], thread: [] as number[], added: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, [, run]] of modes.entries()) {
      const alone = measure(decisions, () => {});
      const withLog = run();
      off.push(alone);
      on[i]!.measured.push(withLog);
      on[i]!.wall.push(alone.rate / withLog.rate);
      on[i]!.thread.push(withLog.thread / alone.thread);
      on[i]!.added.push(1e6 / withLog.rate - 1e6 / alone.rate);
    }
  }
  console.log(`Medians of ${rounds} rounds; each log-on run is compared with the log-off run just before it.\n`);
  console.log(
    "| mode | decisions/s | time per decision vs deciding alone | added per decision | deciding thread's CPU per decision | vs deciding alone | CPU per decision, all threads |",
  );
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  const row = (label: string, ms: readonly Measured[], wall: string, added: string, thread: string): void => {
    const cpu = (f: (m: Measured) => number): string => us(median(ms.map(f)));
    console.log(`| ${label} | ${fmt(median(ms.map((m) => m.rate)))} | ${wall} | ${added} | ${cpu((m) => m.thread)} | ${thread} | ${cpu((m) => m.cpu)} |`);
  };
  row("log off", off, "1x", "", "1x");
  for (const [i, [label]] of modes.entries()) {
    const { measured, wall, thread, added } = on[i]!;
    row(label, measured, times(median(wall)), `+${us(median(added))}`, times(median(thread)));
  }

  const big = join(dir, "big.log");
  const log = new AuditLog({ path: big, privateKey: keys.privateKey, batchSize: 4096, checkpointEvery: 1000, sync: false, maxBytes: 256 * 1024 * 1024 });
  const enforcer = createEnforcer(policy);
  for (let i = 0; i < verifyRecords; i++) {
    const request = requests[i % requests.length]!;
    log.append(entry(enforcer.decide(request), request.args));
  }
  log.close();
  // Bytes, as `apol audit verify` reads them: decoding strictly is part of the cost.
  const files = segments(big).map((name) => ({ name, bytes: readFileSync(name) }));
  const verifyTimes: number[] = [];
  let records = 0;
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const report = verifyLog(files, keys.publicKey);
    verifyTimes.push((performance.now() - start) / 1000);
    if (report.problem || !report.closed) throw new Error(`the bench log does not verify: ${JSON.stringify(report)}`);
    records = report.records;
  }
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const seconds = median(verifyTimes);
  console.log(
    `\nverify: ${fmt(records)} records (${(bytes / records).toFixed(0)} bytes each) in ${seconds.toFixed(2)} s = ${fmt(records / seconds)} records/s`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
