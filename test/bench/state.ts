// `node --import tsx test/bench/state.ts [--quick] [--no-redis]`: session state. With the memory store: decision latency in
// sessions of 10, 100 and 1,000 recorded calls with 1 KB outputs, `record` latency, bytes per session. With Redis: decisions
// per second with 1 and 4 worker processes, and round trips per decision. Prints a Markdown report; builds the packages first.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg, cpus } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Enforcer, PolicyModule } from "@apol/runtime";
import { seeded, type Random } from "./prng.js";
import { quantile } from "./stats.js";
import type { Target } from "./results.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const quick = process.argv.includes("--quick");
const withRedis = !process.argv.includes("--no-redis");
const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** A rate limit, a daily sum, a sequence rule and a taint rule. */
const policy = `policy bench_state
tool fetch(url: string) returns untrusted
tool read_file(path: string) returns internal
tool send_email(to: string, subject: string, body: string) tags external
tool send_money(recipient: string, amount: number) tags money
rule ok { allow * }
rule mail_rate { deny send_email when count(send_email, 1h) >= 1000 reason "mail rate" }
rule daily_cap { deny send_money when sum(send_money.amount, 24h) + args.amount > 1000000000 reason "daily cap" }
rule no_exfiltration { deny tagged external when seen(read_file where it.args.path like "/secret/**", session) reason "secrets were read" }
rule planted { deny send_money when tainted(args.recipient) reason "payee from untrusted text" }
`;

function build(): void {
  log("building (tsc -b)...");
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-b"], { cwd: root, encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc -b failed:\n${tsc.stdout}${tsc.stderr}`);
}

/** Compiles the policy with the built compiler into the repository's cache, so its `@apol/runtime/ops` import resolves to the built runtime. */
async function compile(): Promise<PolicyModule> {
  const { runPipeline } = await import("@apol/compiler");
  const js = runPipeline(policy, "bench_state.apol").outputs.emit?.js;
  if (!js) throw new Error("the benchmark policy does not compile");
  const dir = `${root}node_modules/.cache/apol-bench/`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}state.mjs`, js);
  return (await import(pathToFileURL(`${dir}state.mjs`).href)) as PolicyModule;
}

const words = "the invoice for order was sent to our finance team please review attached report before friday meeting notes account balance transfer".split(
  " ",
);

/** About 1 KB of text with an IBAN, an address and a URL in it, different for each `i`. */
function output(random: Random, i: number): string {
  let text = `#${i} `;
  while (text.length < 1000) {
    text += `${random.pick(words)} `;
    if (random.chance(0.02)) text += `DE${String(random.int(10, 99))}${String(random.int(1e9, 9e9))}${String(random.int(1e9, 9e9))} `;
    if (random.chance(0.02)) text += `user${random.int(1, 9999)}@mail${random.int(1, 99)}.example `;
    if (random.chance(0.02)) text += `https://site${random.int(1, 999)}.example/p/${random.int(1, 1e6)} `;
  }
  return text.slice(0, 1024);
}

const T0 = Date.parse("2026-11-21T00:00:00Z");
const HOUR = 3_600_000;

/** A turn of the event loop: where an agent waits for its model between calls, and the runtime indexes recorded content. */
const idle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Fills session `s` with `n` allowed calls spread over 20 hours, each with a 1 KB output recorded and an idle turn
 * after it; returns the time after them.
 */
async function fill(enforcer: Enforcer, n: number, random: Random): Promise<number> {
  const step = (20 * HOUR) / n;
  for (let i = 0; i < n; i++) {
    const now = T0 + Math.round(i * step);
    const roll = random.next();
    const request =
      roll < 0.4
        ? { tool: "fetch", args: { url: `https://site${i}.example/` } }
        : roll < 0.7
          ? { tool: "read_file", args: { path: `/docs/${i}.txt` } }
          : roll < 0.9
            ? { tool: "send_email", args: { to: `ann${i}@acme.example`, subject: "notes", body: "see attached" } }
            : { tool: "send_money", args: { recipient: `GB${i}BUKB20201555555555`, amount: 10 } };
    const decision = enforcer.decide({ ...request, session: "s", now });
    if (decision.effect !== "allow") throw new Error(`filling the session: ${decision.rule}`);
    enforcer.record(decision, output(random, i));
    await idle();
  }
  return T0 + 20 * HOUR;
}

interface Latency {
  readonly samples: number;
  readonly medianNs: number;
  readonly p99Ns: number;
}

const hrtime = process.hrtime.bigint;

function summarise(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  return { samples: sorted.length, medianNs: quantile(sorted, 0.5), p99Ns: quantile(sorted, 0.99) };
}

/** The decisions timed: a mail (rate limit, sequence rule) and a payment (daily sum, taint rule). */
const timedCalls = {
  send_email: (now: number) => ({ tool: "send_email", session: "s", now, args: { to: "bob@acme.example", subject: "status", body: "all good" } }),
  send_money: (now: number) => ({ tool: "send_money", session: "s", now, args: { recipient: "GB33BUKB20201555555555", amount: 25 } }),
};

interface SizeResult {
  readonly calls: number;
  readonly decide: Record<keyof typeof timedCalls, Latency>;
  readonly record: Latency;
  /** A `send_money` decided right after a `record`, with no idle turn between: it indexes that output first. */
  readonly afterRecord: Latency;
  readonly bytesPerSession: number;
  readonly contentBytesPerSession: number;
}

/**
 * Decision and record latency in sessions of `n` calls, an idle turn after each recorded output (as an agent waits for
 * its model), and a payment decided with no turn between. Allowed decisions enter the session, so each round starts
 * from a freshly filled session and times few decisions in it: the session grows by at most a tenth (or 12 calls).
 */
async function benchSize(module: PolicyModule, n: number): Promise<SizeResult> {
  const { createEnforcer, MemoryStore } = await import("@apol/runtime");
  const memory = await measureMemory(module, n, seeded(n + 1), createEnforcer, MemoryStore);
  const perRound = Math.max(3, Math.round(n / 40));
  const rounds = Math.ceil((quick ? 1000 : 6000) / perRound);
  const random = seeded(n);
  const decide: Record<string, number[]> = { send_email: [], send_money: [] };
  const record: number[] = [];
  const afterRecord: number[] = [];
  const timed = (enforcer: Enforcer, request: { readonly tool: string } & Parameters<Enforcer["decide"]>[0], into: number[] | undefined): void => {
    const start = hrtime();
    const decision = enforcer.decide(request);
    const end = hrtime();
    if (decision.effect !== "allow") throw new Error(`the timed ${request.tool} call was decided ${decision.rule}`);
    into?.push(Number(end - start));
  };
  for (let round = 0; round < rounds; round++) {
    const enforcer = createEnforcer(module, { store: new MemoryStore(), idPrefix: "b" });
    let now = await fill(enforcer, n, random);
    for (let i = 0; i < perRound; i++) {
      for (const [tool, call] of Object.entries(timedCalls)) timed(enforcer, call(++now), round > 0 ? decide[tool] : undefined);
      const fetched = enforcer.decide({ tool: "fetch", session: "s", now: ++now, args: { url: "https://x.example/" } });
      const text = output(random, n + i);
      const start = hrtime();
      enforcer.record(fetched, text);
      const end = hrtime();
      if (round > 0) record.push(Number(end - start));
      timed(enforcer, timedCalls.send_money(++now), round > 0 ? afterRecord : undefined);
      await idle();
    }
  }
  return {
    calls: n,
    decide: { send_email: summarise(decide["send_email"]!), send_money: summarise(decide["send_money"]!) },
    record: summarise(record),
    afterRecord: summarise(afterRecord),
    ...memory,
  };
}

/** Bytes a session of `n` recorded calls holds: heap growth over `count` sessions, after garbage collection. */
async function measureMemory(
  module: PolicyModule,
  n: number,
  random: Random,
  createEnforcer: typeof import("@apol/runtime").createEnforcer,
  MemoryStore: typeof import("@apol/runtime").MemoryStore,
): Promise<{ bytesPerSession: number; contentBytesPerSession: number }> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const count = Math.max(8, Math.round(4000 / n));
  const stores: InstanceType<typeof MemoryStore>[] = [];
  // The content index lives in typed arrays, outside the JavaScript heap: count both.
  const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().external;
  for (let i = 0; i < count; i++) {
    const store = new MemoryStore();
    await fill(createEnforcer(module, { store, idPrefix: "m" }), n, random);
    stores.push(store);
  }
  const content = stores.reduce((total, s) => total + s.contentBytes, 0);
  // What the sessions retain: the memory in use with them, less what is in use once they are dropped. Each reading
  // follows a turn (queued indexing done) and two full collections (typed arrays' memory is released a collection late).
  const settled = async (): Promise<number> => {
    await idle();
    gc();
    gc();
    return used();
  };
  const held = await settled();
  stores.length = 0;
  const released = await settled();
  return { bytesPerSession: (held - released) / count, contentBytesPerSession: content / count };
}

/** A 100-character argument that shares nothing whole with the outputs (the common case: every part is looked up). */
const argument100 = "Hi Ann, the report for order 4711 is attached; please pay it by friday to ann.lee@acme.example. Bye!";

/**
 * The provenance checks alone on a 100-character argument, in a session of `n` 1 KB outputs (40% untrusted, the rest
 * from the user or unlabelled): `tainted` (identifier and run lookups) and `from` (the word index of the user's content).
 */
interface CheckResult {
  readonly calls: number;
  readonly tainted: Latency;
  readonly from: Latency;
}

async function benchChecks(n: number): Promise<CheckResult> {
  const { indexState } = await import("@apol/runtime");
  const random = seeded(7 * n);
  const contents = Array.from({ length: n }, (_, i) => ({
    text: output(random, i),
    labels: [random.chance(0.4) ? "untrusted" : random.chance(0.5) ? "user" : "!untrusted"],
  }));
  const index = indexState({ contents }).contents!;
  const time = (check: () => boolean): Latency => {
    const samples: number[] = [];
    for (let i = 0; i < (quick ? 2000 : 20_000); i++) {
      const start = hrtime();
      check();
      const end = hrtime();
      samples.push(Number(end - start));
    }
    return summarise(samples.slice(samples.length / 10));
  };
  return { calls: n, tainted: time(() => index.tainted(argument100)), from: time(() => index.cameFrom(argument100, "user")) };
}

interface FleetResult {
  readonly label: string;
  readonly decisions: number;
  readonly perSecond: number;
  readonly roundTripsPerDecision: number;
  readonly conflicts: number;
}

async function benchRedis(): Promise<FleetResult[] | string> {
  const { findRedisServer, RedisServer } = await import("../redis/server.js");
  const { runFleet } = await import("../redis/fleet.js");
  const binary = findRedisServer();
  if (!binary) return "redis-server is not installed: skipped";
  const server = await RedisServer.start(binary);
  try {
    const calls = quick ? 2000 : 10_000;
    const plans = [
      { label: "1 worker, 1 lane (one call at a time)", workers: 1, concurrency: 1, spread: true },
      { label: "1 worker, 16 lanes, each its own session", workers: 1, concurrency: 16, spread: true },
      { label: "4 workers, 16 lanes each, each lane its own session", workers: 4, concurrency: 16, spread: true },
      {
        label: "4 workers, 4 lanes each, all in ONE session, every call allowed (worst-case contention)",
        workers: 4,
        concurrency: 4,
        spread: false,
        busy: true,
      },
    ];
    const results: FleetResult[] = [];
    for (const [i, plan] of plans.entries()) {
      log(`redis: ${plan.label}...`);
      const tallies = await runFleet({ url: server.url, session: `bench${i}`, calls: plan.spread ? calls : calls / 4, now: T0, ...plan });
      const decisions = tallies.reduce((n, t) => n + t.stats.transactions, 0);
      const trips = tallies.reduce((n, t) => n + t.stats.roundTrips, 0);
      const ms = Math.max(...tallies.map((t) => t.ms));
      results.push({
        label: plan.label,
        decisions,
        perSecond: (decisions / ms) * 1000,
        roundTripsPerDecision: trips / decisions,
        conflicts: tallies.reduce((n, t) => n + t.stats.conflicts, 0),
      });
    }
    return results;
  } finally {
    await server.stop();
  }
}

const us = (ns: number): string => `${(ns / 1000).toFixed(2)} µs`;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

/** What one run of this benchmark measured. */
export interface StateReport {
  readonly quick: boolean;
  /** The 1-minute load average at the start, and the run's length. */
  readonly load: number;
  readonly seconds: number;
  readonly sizes: readonly SizeResult[];
  readonly checks: readonly CheckResult[];
  readonly redis: readonly FleetResult[] | string;
}

/** The report's markdown section. */
export function renderState(r: StateReport): string[] {
  return [
    "## Session state",
    "",
    `${cpus()[0]?.model ?? "unknown CPU"} × ${cpus().length}, Node ${process.version}, load average ${r.load.toFixed(2)} at the start; ${r.quick ? "quick run" : "full run"} in ${r.seconds.toFixed(0)} s.`,
    "",
    "Memory store: each decision timed on its own (wall clock, timer included); the session holds N recorded calls, each with a 1 KB output, and the event loop turns once after each (an agent waits for its model), when the runtime indexes the output for provenance. The last timed column is a payment decided right after a `record`, with no turn between: the decision indexes that output first.",
    "",
    "| calls in the session | `send_email` (rate limit, sequence rule) median / p99 | `send_money` (daily sum, taint rule) median / p99 | `record` of a 1 KB output median / p99 | `send_money` right after `record` median / p99 | memory per session (measured) | content index (estimate) |",
    "|---|---|---|---|---|---|---|",
    ...r.sizes.map(
      (s) =>
        `| ${s.calls} | ${us(s.decide.send_email.medianNs)} / ${us(s.decide.send_email.p99Ns)} | ${us(s.decide.send_money.medianNs)} / ${us(s.decide.send_money.p99Ns)} | ${us(s.record.medianNs)} / ${us(s.record.p99Ns)} | ${us(s.afterRecord.medianNs)} / ${us(s.afterRecord.p99Ns)} | ${kb(s.bytesPerSession)} | ${kb(s.contentBytesPerSession)} |`,
    ),
    "",
    `Provenance checks alone on a ${argument100.length}-character argument (each timed on its own, timer included): \`tainted\` looks up the argument's identifiers and runs of words; \`from\` looks up the places of its rarest word in the user's content.`,
    "",
    "| 1 KB outputs in the session | `tainted` median / p99 | `from` median / p99 |",
    "|---|---|---|",
    ...r.checks.map((c) => `| ${c.calls} | ${us(c.tainted.medianNs)} / ${us(c.tainted.p99Ns)} | ${us(c.from.medianNs)} / ${us(c.from.p99Ns)} |`),
    "",
    "Redis store (a local redis-server; each worker a process with its own connection and replicas):",
    "",
    ...(typeof r.redis === "string"
      ? [r.redis]
      : [
          "| fleet | decisions | decisions/s | round trips per decision | conflicts (retries) |",
          "|---|---|---|---|---|",
          ...r.redis.map((r) => `| ${r.label} | ${r.decisions} | ${r.perSecond.toFixed(0)} | ${r.roundTripsPerDecision.toFixed(3)} | ${r.conflicts} |`),
        ]),
    "",
  ];
}

/** The targets of issues 14 and 19 this benchmark judges, in the largest session (1,000 calls). */
export function stateTargets(r: StateReport): Target[] {
  const size = r.sizes.at(-1)!;
  const check = r.checks.at(-1)!;
  const micro = (name: string, goalUs: number, l: Latency): Target => ({
    name: `${name}, ${size.calls} calls in the session`,
    goal: `median ≤ ${goalUs} µs`,
    measured: `median ${us(l.medianNs)}`,
    met: l.medianNs <= goalUs * 1000,
  });
  // Memory per session when the provenance issue was filed, with the same policy and session (docs/session-state.md).
  const filedKiB = 703;
  return [
    micro("`record` of a 1 KB output", 5, size.record),
    micro("`tainted` on a 100-character argument", 1, check.tainted),
    micro("`from` on a 100-character argument", 1, check.from),
    micro("stateful decision (count, sum, seen with where, tainted)", 1, size.decide.send_money),
    {
      name: `memory per session, ${size.calls} calls`,
      goal: `≤ 2× ${filedKiB} KiB`,
      measured: kb(size.bytesPerSession),
      met: size.bytesPerSession <= 2 * filedKiB * 1024,
    },
  ];
}

/** The arguments that run this benchmark with `flags` in a child with `--expose-gc`: memory is measured after full collections. */
const withGc = (flags: readonly string[]): string[] => ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url), ...flags];

/** Runs this benchmark in a child with `--expose-gc` and reads its report. */
export function benchStateInChild(quick: boolean): StateReport {
  const args = withGc(["--json", ...(quick ? ["--quick"] : [])]);
  const child = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`the session-state benchmark failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as StateReport;
}

async function main(): Promise<void> {
  // Memory is measured after full collections, which need `--expose-gc`: run again with it.
  if (typeof (globalThis as { gc?: unknown }).gc !== "function") {
    const again = spawnSync(process.execPath, withGc(process.argv.slice(2)), {
      stdio: "inherit",
    });
    process.exit(again.status ?? 1);
  }
  build();
  const module = await compile();
  const started = performance.now();
  const load = loadavg()[0]!;
  const sizes: SizeResult[] = [];
  for (const n of [10, 100, 1000]) {
    log(`memory store: sessions of ${n} calls...`);
    sizes.push(await benchSize(module, n));
  }
  const checks: CheckResult[] = [];
  for (const n of [10, 100, 1000]) checks.push(await benchChecks(n));
  const redis = withRedis ? await benchRedis() : "skipped (--no-redis)";
  const report: StateReport = { quick, load, seconds: (performance.now() - started) / 1000, sizes, checks, redis };
  if (process.argv.includes("--json")) process.stdout.write(JSON.stringify(report));
  else
    process.stdout.write(
      `${[...renderState(report), ...stateTargets(report).map((t) => `- ${t.met ? "met" : "missed"}: ${t.name}: ${t.measured} (${t.goal})`)].join("\n")}\n`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
