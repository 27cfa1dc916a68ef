import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { generateKeys } from "./keys.js";
import type { LogRecord } from "./record.js";
import { verifyLog } from "./verify.js";
import { AuditLog, segmentName, segments } from "./writer.js";

const keys = generateKeys();
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "apol-writer-"));
  dirs.push(dir);
  return join(dir, "decisions.log");
}

const read = (path: string): { name: string; text: string }[] => segments(path).map((name) => ({ name, text: readFileSync(name, "utf8") }));
const entries = (path: string): unknown[] =>
  read(path)
    .flatMap((f) => f.text.split("\n").slice(0, -1))
    .map((line) => JSON.parse(line) as LogRecord)
    .flatMap((r) => (r.kind === "entry" ? [r.data] : []));

describe("the log writer and its thread", () => {
  it("has written everything appended when flush returns, and keeps the data as it was when appended", () => {
    const path = logPath();
    const log = new AuditLog({ path, privateKey: keys.privateKey, batchSize: 1000, checkpointEvery: 1000, sync: false });
    const decision = { id: "d-1", effect: "allow", args: { amount: 5 } };
    log.append(decision);
    decision.args.amount = 5000;
    log.append({ id: "d-2", text: "ünïcödé \u2028 \ud83d\ude00" });
    expect(entries(path)).toEqual([]);
    log.flush();
    expect(entries(path)).toEqual([
      { id: "d-1", effect: "allow", args: { amount: 5 } },
      { id: "d-2", text: "ünïcödé \u2028 \ud83d\ude00" },
    ]);
    log.close();
    // The opening checkpoint, the two entries and the final checkpoint.
    expect(verifyLog(read(path), keys.publicKey)).toEqual({ logId: log.id, records: 4, checkpoints: 2, unsignedTail: 0, closed: true });
  });

  it("refuses data with no JSON form, and goes on", () => {
    const path = logPath();
    const log = new AuditLog({ path, privateKey: keys.privateKey, sync: false });
    expect(() => log.append(undefined)).toThrow(new TypeError("a log entry must be JSON data, not `undefined`, a function or a symbol"));
    expect(() => log.append(() => 1)).toThrow(TypeError);
    expect(() => log.append({ n: 1n })).toThrow(TypeError);
    log.append({ id: "d-1" });
    log.close();
    expect(entries(path)).toEqual([{ id: "d-1" }]);
    expect(verifyLog(read(path), keys.publicKey)).toMatchObject({ records: 3, closed: true });
    expect(() => log.append({ id: "d-2" })).toThrow("the log is closed");
  });

  it("rotates exactly where the byte counts say, keeping the chain, with many batches on their way", () => {
    const path = logPath();
    const log = new AuditLog({ path, privateKey: keys.privateKey, batchSize: 7, checkpointEvery: 50, maxBytes: 4000, sync: false });
    const appended = Array.from({ length: 600 }, (_, i) => ({ id: `d-${i}`, note: "é".repeat(i % 13), amount: i * 1.5 }));
    for (const data of appended) log.append(data);
    log.close();
    const files = read(path);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files.slice(0, -1)) {
      // A file is full once it holds maxBytes: each ends with the checkpoint added to the batch that filled it.
      expect(Buffer.byteLength(file.text)).toBeGreaterThanOrEqual(4000);
      const last = JSON.parse(file.text.split("\n").at(-2)!) as LogRecord;
      expect(last).toMatchObject({ kind: "checkpoint", final: false });
    }
    expect(entries(path)).toEqual(appended);
    expect(verifyLog(files, keys.publicKey)).toEqual({ logId: log.id, records: 623, checkpoints: 23, unsignedTail: 0, closed: true });
  });

  it("keeps one chain through batches the thread writes and flushes written in place, across files", () => {
    const path = logPath();
    const log = new AuditLog({ path, privateKey: keys.privateKey, batchSize: 5, checkpointEvery: 9, maxBytes: 2000, sync: false });
    const appended = Array.from({ length: 300 }, (_, i) => ({ id: `d-${i}` }));
    for (const [i, data] of appended.entries()) {
      log.append(data);
      if (i % 7 === 0) log.flush();
      if (i % 7 === 0) expect(entries(path)).toEqual(appended.slice(0, i + 1));
    }
    log.close();
    const files = read(path);
    expect(files.length).toBeGreaterThan(10);
    expect(entries(path)).toEqual(appended);
    const report = verifyLog(files, keys.publicKey);
    expect([report.problem, report.closed, report.unsignedTail, report.records - report.checkpoints]).toEqual([undefined, true, 0, 300]);
  });

  it("reports a failed write at the next flush, append and close, without hanging", () => {
    const path = logPath();
    // The opening checkpoint and the first two entries fit in the file; the third fills it.
    const log = new AuditLog({ path, privateKey: keys.privateKey, batchSize: 1, maxBytes: 700, sync: false });
    log.append({ id: "d-0" });
    // The second entry hands the first to the thread, and the flush waits for it: the thread has its file open.
    log.append({ id: "d-1" });
    log.flush();
    log.append({ id: "d-2", pad: "x".repeat(400) });
    // This entry fills the file: the thread writes it, then cannot open the next file in a directory that is gone.
    rmSync(dirname(path), { recursive: true, force: true });
    const failure = `the decision log could not be written: ENOENT: no such file or directory, open '${segmentName(path, 2)}'`;
    expect(() => log.flush()).toThrow(failure);
    expect(() => log.append({ id: "d-3" })).toThrow(failure);
    expect(() => log.flush()).toThrow(failure);
    let error: unknown;
    try {
      log.close();
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ message: failure, code: "ENOENT" });
    expect(() => log.close()).not.toThrow();
  });

  it("reports a write that fails in place, in a flush, the same way", () => {
    const path = logPath();
    const log = new AuditLog({ path, privateKey: keys.privateKey, batchSize: 1, maxBytes: 700, sync: false });
    log.append({ id: "d-0", pad: "x".repeat(500) });
    // The second entry hands the first to the thread, which fills the file with it and begins the next one.
    log.append({ id: "d-1" });
    while (!existsSync(segmentName(path, 2))) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    rmSync(dirname(path), { recursive: true, force: true });
    // The flush writes the last entry in place, in the file the thread began, which is gone.
    const failure = `the decision log could not be written: ENOENT: no such file or directory, open '${segmentName(path, 2)}'`;
    expect(() => log.flush()).toThrow(failure);
    expect(() => log.append({ id: "d-1" })).toThrow(failure);
    expect(() => log.close()).toThrow(failure);
  });

  it("writes what an unclosed log holds when the process exits", () => {
    const path = logPath();
    const script = join(dirname(path), "unclosed.mts");
    writeFileSync(
      script,
      [
        `import { AuditLog } from ${JSON.stringify(pathToFileURL(join(root, "audit", "src", "writer.ts")).href)};`,
        `const log = new AuditLog({ path: ${JSON.stringify(path)}, privateKey: ${JSON.stringify(keys.privateKey)}, batchSize: 10, checkpointEvery: 1000 });`,
        `for (let i = 0; i < 25; i++) log.append({ id: "d-" + i });`,
        `if (process.argv[2] === "exit") process.exit(3);`,
      ].join("\n"),
    );
    for (const how of ["end", "exit"]) {
      mkdirSync(dirname(path), { recursive: true });
      const child = spawnSync(process.execPath, ["--import", "tsx", script, how], { cwd: root, encoding: "utf8" });
      expect([child.status, child.stderr]).toEqual([how === "exit" ? 3 : 0, ""]);
      expect(entries(path)).toEqual(Array.from({ length: 25 }, (_, i) => ({ id: `d-${i}` })));
      expect(verifyLog(read(path), keys.publicKey)).toMatchObject({ records: 26, checkpoints: 1, unsignedTail: 25, closed: false });
      for (const file of segments(path)) rmSync(file);
    }
  });
});
