// The decision log's cost, standalone (`node --import tsx test/bench/log.ts [--quick]`): decisions/s with the log off,
// buffered with an fsync per batch, and with an fsync per decision; then verification speed in records/s on a large log.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { AuditLog, generateKeys, segments, verifyLog } from "../../audit/src/index.js";
import { loadPolicy } from "../../compiler/src/load.js";
import { createEnforcer } from "../../runtime/src/enforcer.js";

const quick = process.argv.includes("--quick");
const decisions = quick ? 20_000 : 200_000;
const perDecisionSync = quick ? 500 : 2_000;
const verifyRecords = quick ? 100_000 : 1_000_000;

const source = `policy bench
tool send_money(recipient: string, amount: number)
rule small { allow send_money when args.amount <= 1000 }
rule big { deny send_money when args.amount > 5000 }
`;
const loaded = await loadPolicy(source, "bench.apol");
if (!loaded.ok) throw new Error("the bench policy does not compile");
const keys = generateKeys();
const dir = mkdtempSync(join(tmpdir(), "apol-log-bench-"));
const requests = Array.from({ length: 1000 }, (_, i) => ({ tool: "send_money", args: { recipient: `DE${i}`, amount: (i * 37) % 7000 } }));

/** Decisions per second over `count` decisions, each handed to `sink`. */
function rate(count: number, sink: (decision: unknown) => void): number {
  const enforcer = createEnforcer(loaded.ok ? loaded.module : (undefined as never));
  const start = performance.now();
  for (let i = 0; i < count; i++) sink(enforcer.decide(requests[i % requests.length]));
  return count / ((performance.now() - start) / 1000);
}

function logged(name: string, count: number, batchSize: number, sync = true): number {
  const log = new AuditLog({ path: join(dir, name), privateKey: keys.privateKey, batchSize, checkpointEvery: 1000, sync });
  const r = rate(count, (d) => log.append(d));
  log.close();
  return r;
}

try {
  rate(decisions, () => {}); // warm-up
  const off = rate(decisions, () => {});
  const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
  const cost = (r: number): string => `${(off / r).toFixed(2)}x the time of deciding alone`;
  console.log(`decisions/s, log off:                   ${fmt(off)}`);
  for (const [label, r] of [
    ["log on, no fsync", logged("unsynced.log", decisions, 256, false)],
    ["log on, fsync per 256", logged("batched.log", decisions, 256)],
    ["log on, fsync per 4096", logged("batched-big.log", decisions, 4096)],
    ["log on, fsync per decision", logged("synced.log", perDecisionSync, 1)],
  ] as const) {
    console.log(`decisions/s, ${`${label}:`.padEnd(27)}${fmt(r).padStart(9)}  (${cost(r)})`);
  }

  const big = join(dir, "big.log");
  const log = new AuditLog({ path: big, privateKey: keys.privateKey, batchSize: 4096, checkpointEvery: 1000, sync: false, maxBytes: 256 * 1024 * 1024 });
  const enforcer = createEnforcer(loaded.module);
  for (let i = 0; i < verifyRecords; i++) log.append(enforcer.decide(requests[i % requests.length]));
  log.close();
  const files = segments(big).map((name) => ({ name, text: readFileSync(name, "utf8") }));
  const start = performance.now();
  const report = verifyLog(files, keys.publicKey);
  const seconds = (performance.now() - start) / 1000;
  if (report.problem || !report.closed) throw new Error(`the bench log does not verify: ${JSON.stringify(report)}`);
  console.log(`verify: ${fmt(report.records)} records in ${seconds.toFixed(2)} s = ${fmt(report.records / seconds)} records/s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
