// `kill -9` durability of the decision log writer: a child process appends and flushes decisions and is killed with SIGKILL at
// random points; what it reported flushed verifies (`apol audit verify --allow-open`), nothing torn passes as intact, and the
// next writer opened on the log resumes its chain, or refuses with a message that says what to do.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generateKeys } from "../../audit/src/keys.js";
import type { LogRecord } from "../../audit/src/record.js";
import { verifyLog, type LogFile } from "../../audit/src/verify.js";
import { AuditLog, segmentName, segments } from "../../audit/src/writer.js";
import { main } from "../../cli/src/main.js";
import { memoryIo } from "../../cli/src/memory-io.js";

const root = join(import.meta.dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "apol-audit-kill-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const keys = generateKeys();
const pub = join(work, "log.pub");
writeFileSync(pub, keys.publicKey);

/** The child's `i`-th entry: every 23rd large (a batch holding one takes many pages to write), the others small. */
const entry = (i: number): { id: string; pad: string } => ({ id: `d-${i}`, pad: "é".repeat(i % 23 === 0 ? 30_000 : i % 40) });
/** Appended in `huge` mode after the first flush: an entry whose write takes long enough to be killed in the middle of. */
const HUGE = 64 * 1024 * 1024;

// Appends entries and flushes every third, then prints its number: a number printed is on disk. In `huge` mode, the
// second entry is 64 MiB of padding, flushed on the deciding thread: the parent kills the child while that write runs.
const child = join(work, "child.mts");
writeFileSync(
  child,
  [
    `import { writeSync } from "node:fs";`,
    `import { AuditLog } from ${JSON.stringify(pathToFileURL(join(root, "audit", "src", "writer.ts")).href)};`,
    `const entry = ${entry.toString()};`,
    `const [path, mode] = process.argv.slice(2);`,
    `const log = new AuditLog({ path, privateKey: ${JSON.stringify(keys.privateKey)}, batchSize: 8, checkpointEvery: 5, maxBytes: 64 * 1024, sync: false });`,
    `writeSync(1, "id " + log.id + "\\n");`,
    `const huge = mode === "huge" ? "x".repeat(${HUGE}) : "";`,
    `for (let i = 0; ; i++) {`,
    `  log.append(mode === "huge" && i === 1 ? { id: "huge", pad: huge } : entry(i));`,
    `  if (i % 3 === 0 || mode === "huge") { log.flush(); writeSync(1, i + "\\n"); }`,
    `}`,
  ].join("\n"),
);

interface Killed {
  readonly id: string;
  /** The last entry the child printed as flushed. */
  readonly flushed: number;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Runs the child on the log at `path` and kills it with SIGKILL: `delay` ms after its first flush, or in
 * `huge` mode as soon as the log's file grows after it (in the middle of writing the huge entry).
 */
function killed(path: string, mode: "stream" | "huge", delay: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, path, mode], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let armed = false;
    const kill = (): boolean => proc.kill("SIGKILL");
    proc.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (armed || !/\n0\n/.test(out)) return;
      armed = true;
      if (mode === "stream") {
        setTimeout(kill, delay);
        return;
      }
      const file = segmentName(path, 1);
      const flushed = statSync(file).size;
      const poll = (): void => void (statSync(file).size > flushed ? kill() : setImmediate(poll));
      poll();
    });
    proc.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
    proc.on("error", reject);
    proc.on("close", (_, signal) => {
      // Every number printed, even one still in the pipe at the kill, was flushed before it was printed.
      const numbers = out
        .split("\n")
        .filter((l) => /^\d+$/.test(l))
        .map(Number);
      const id = /^id ([0-9a-f]{32})$/m.exec(out)?.[1];
      if (id === undefined || numbers.length === 0) reject(new Error(`the child flushed nothing: ${out.slice(0, 200)} ${err}`));
      else resolve({ id, flushed: Math.max(...numbers), signal });
    });
  });
}

const files = (path: string): LogFile[] => segments(path).map((name) => ({ name, bytes: readFileSync(name) }));
/** The records of a log's whole lines, in order: a torn last line has no newline. */
const records = (path: string): LogRecord[] =>
  segments(path)
    .flatMap((name) => readFileSync(name, "utf8").split("\n").slice(0, -1))
    .map((line) => JSON.parse(line) as LogRecord);
const entries = (path: string): unknown[] => records(path).flatMap((r) => (r.kind === "entry" ? [r.data] : []));
/** What the child appended, in order, up to entry `count`. */
const appended = (mode: "stream" | "huge", count: number): unknown[] =>
  Array.from({ length: count }, (_, i) => (mode === "huge" && i === 1 ? { id: "huge", pad: "x".repeat(HUGE) } : entry(i)));

async function verify(path: string, ...options: string[]): Promise<{ code: number; out: string }> {
  const io = memoryIo();
  const code = await main(["audit", "verify", path, "--key", pub, ...options], io);
  return { code, out: io.out() };
}

/** Kills a child on a fresh log, checks what it left, and resumes the log with the next writer; whether its end was torn. */
async function killAndResume(name: string, mode: "stream" | "huge", delay: number): Promise<boolean> {
  const path = join(work, `${name}.log`);
  const { id, flushed, signal } = await killed(path, mode, delay);
  const where = `${name}: ${mode}, killed ${delay} ms after the first flush, entry ${flushed} flushed`;
  expect(signal, where).toBe("SIGKILL");

  const report = verifyLog(files(path), keys.publicKey);
  const lastFile = segments(path)
    .filter((file) => statSync(file).size > 0)
    .at(-1)!;
  const torn = readFileSync(lastFile).at(-1) !== 0x0a;
  // The only problem a kill may leave is a torn last line, and a torn line is always reported as one.
  expect([report.problem?.kind, report.problem?.file], where).toEqual(torn ? ["torn", lastFile] : [undefined, undefined]);
  expect([report.logId, report.closed, report.records], where).toEqual([id, false, records(path).length]);
  // What holds is exactly what the child appended, in order, and everything it flushed.
  const held = entries(path);
  expect(held.length, where).toBeGreaterThan(flushed);
  expect(held, where).toEqual(appended(mode, held.length));

  // The CLI: a live log verifies with `--allow-open`, and never without it; a torn one never.
  const allowed = await verify(path, "--allow-open");
  expect(allowed.code, `${where}: ${allowed.out}`).toBe(torn ? 1 : 0);
  expect(allowed.out, where).toContain(torn ? "the last line is torn (a write cut short)" : `log ${id}: `);
  expect((await verify(path)).code, where).toBe(1);

  if (torn) {
    expect(() => new AuditLog({ path, privateKey: keys.privateKey }), where).toThrow(
      /ends in a torn line \(a write cut short\): run `apol audit verify`, and remove the partial last line before appending/,
    );
    // Removing the partial line, as the message says, lets the next writer resume.
    truncateSync(lastFile, readFileSync(lastFile).lastIndexOf(0x0a) + 1);
  }
  const next = new AuditLog({ path, privateKey: keys.privateKey, sync: false });
  expect(next.id, where).toBe(id);
  next.append({ id: "resumed" });
  next.close();
  const resumed = verifyLog(files(path), keys.publicKey, { logId: id });
  expect([resumed.problem, resumed.closed], where).toEqual([undefined, true]);
  const all = entries(path);
  expect(all, where).toEqual([...appended(mode, all.length - 1), { id: "resumed" }]);
  expect((await verify(path, "--log-id", id)).code, where).toBe(0);
  return torn;
}

describe("the log writer killed with SIGKILL", () => {
  it("at random points: everything flushed verifies, and the next writer resumes the chain", async () => {
    const outcomes: string[] = [];
    for (let round = 0; round < 6; round++) {
      const torn = await killAndResume(`stream-${round}`, "stream", Math.floor(Math.random() * 150));
      outcomes.push(torn ? "torn" : "whole");
    }
    console.log(`kill -9 at random points: ${outcomes.join(", ")}`);
  });

  it("in the middle of a write: the torn line is reported, never passed as intact, and the next writer says how to go on", async () => {
    // The kill lands while the 64 MiB write runs; should the write ever finish first, the next try tears it.
    let torn = false;
    for (let attempt = 0; attempt < 3 && !torn; attempt++) torn = await killAndResume(`huge-${attempt}`, "huge", 0);
    expect(torn).toBe(true);
  });
});
