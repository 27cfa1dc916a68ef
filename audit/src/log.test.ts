import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateKeys } from "./keys.js";
import { verifyLog } from "./verify.js";
import { AuditLog, segmentName, segments } from "./writer.js";

const keys = generateKeys();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function logPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "apol-audit-"));
  dirs.push(dir);
  return join(dir, "decisions.log");
}

const read = (path: string): { name: string; text: string }[] => segments(path).map((name) => ({ name, text: readFileSync(name, "utf8") }));

/** Writes `count` entries to the log at `path` and returns its id. */
function writeLog(path: string, count: number, options: { every?: number; maxBytes?: number; close?: boolean } = {}): string {
  let t = 1_700_000_000_000;
  const log = new AuditLog({
    path,
    privateKey: keys.privateKey,
    checkpointEvery: options.every ?? 4,
    maxBytes: options.maxBytes ?? 1 << 20,
    batchSize: 3,
    sync: false,
    clock: () => t++,
  });
  for (let i = 0; i < count; i++) log.append({ id: `d-${i}`, effect: i % 3 === 0 ? "deny" : "allow", tool: "send_money" });
  if (options.close ?? true) log.close();
  else log.flush();
  return log.id;
}

describe("the decision log", () => {
  it("verifies a closed log: every record chained, every checkpoint signed", () => {
    const path = logPath();
    const logId = writeLog(path, 10);
    // The opening checkpoint, 10 entries, checkpoints after 4 and 8, and the final one.
    expect(verifyLog(read(path), keys.publicKey)).toEqual({ logId, records: 14, checkpoints: 4, unsignedTail: 0, closed: true });
  });

  it("reports the records after the last checkpoint of an open log as an unsigned tail", () => {
    const path = logPath();
    const logId = writeLog(path, 6, { close: false });
    expect(verifyLog(read(path), keys.publicKey)).toEqual({ logId, records: 8, checkpoints: 2, unsignedTail: 2, closed: false });
  });

  it("continues the chain when reopened, and refuses to append after a torn line", () => {
    const path = logPath();
    const first = writeLog(path, 3, { close: false });
    // The second writer takes up the log's id from its opening checkpoint.
    expect(writeLog(path, 3)).toBe(first);
    const report = verifyLog(read(path), keys.publicKey);
    // The opening checkpoint, six entries and the final checkpoint (each writer counts its own records towards the next checkpoint).
    expect([report.problem, report.closed, report.records, report.logId]).toEqual([undefined, true, 8, first]);

    const open = logPath();
    writeLog(open, 2, { close: false });
    appendFileSync(segmentName(open, 1), '{"seq":3,"ti');
    expect(verifyLog(read(open), keys.publicKey).problem).toEqual({
      kind: "torn",
      file: segmentName(open, 1),
      line: 4,
      message: "the last line is torn (a write cut short): it is not a whole record",
      intact: 3,
    });
    expect(() => new AuditLog({ path: open, privateKey: keys.privateKey })).toThrow("ends in a torn line");
  });

  it("rotates by size and keeps the chain across files; a missing middle file shows", () => {
    const path = logPath();
    writeLog(path, 40, { maxBytes: 1000 });
    const files = read(path);
    expect(files.length).toBeGreaterThan(3);
    expect(verifyLog(files, keys.publicKey)).toMatchObject({ closed: true, unsignedTail: 0 });
    expect(verifyLog(files, keys.publicKey).problem).toBeUndefined();
    const without = [...files.slice(0, 1), ...files.slice(2)];
    expect(verifyLog(without, keys.publicKey).problem).toMatchObject({ file: files[2]!.name, line: 1 });
    expect(verifyLog(without, keys.publicKey).problem?.message).toMatch(/^expected record \d+, found record \d+/);
    // Reopened after a rotation (the newest file empty), the chain continues from the file before.
    const open = logPath();
    writeLog(open, 20, { maxBytes: 1000, close: false });
    expect(readFileSync(segments(open).at(-1)!, "utf8")).toBe("");
    writeLog(open, 3);
    expect(verifyLog(read(open), keys.publicKey)).toMatchObject({ closed: true, unsignedTail: 0 });
    expect(verifyLog(read(open), keys.publicKey).problem).toBeUndefined();
    // Without its last files, the log does not end with the final checkpoint: the loss shows as an open end.
    expect(verifyLog(files.slice(0, 2), keys.publicKey)).toMatchObject({ closed: false, unsignedTail: 0 });
  });

  it("reports a key no checkpoint is signed by as the wrong key, and a checkpoint signed by another key after good ones as tampering", () => {
    const path = logPath();
    writeLog(path, 5);
    const report = verifyLog(read(path), generateKeys().publicKey);
    expect(report.problem).toEqual({
      kind: "wrong-key",
      file: segmentName(path, 1),
      line: 1,
      message: "no checkpoint is signed by this key: the log is signed by another key, or every signature was replaced",
      intact: 0,
    });
    expect(report.logId).toBeUndefined();
    // The final checkpoint's signature replaced: the checkpoints before it are the key's.
    const [file] = read(path);
    const lines = file!.text.split("\n");
    lines[lines.length - 2] = lines.at(-2)!.replace(/"sig":"[0-9a-f]{128}"/, `"sig":"${"ab".repeat(64)}"`);
    expect(verifyLog([{ name: file!.name, text: lines.join("\n") }], keys.publicKey).problem).toEqual({
      kind: "tampered",
      file: file!.name,
      line: 8,
      message: "the signature of checkpoint 7 is not the log key's",
      intact: 7,
    });
  });

  it("refuses to continue a log it cannot read: bytes that are not UTF-8, a last line that is not a record, no opening checkpoint", () => {
    const path = logPath();
    writeLog(path, 3, { close: false });
    const file = segmentName(path, 1);
    const text = readFileSync(file);
    writeFileSync(file, Buffer.concat([text, Buffer.from([0xff, 0x0a])]));
    expect(() => new AuditLog({ path, privateKey: keys.privateKey })).toThrow(
      `\`${file}\` holds bytes that are not UTF-8 (line 5): run \`apol audit verify\` before appending`,
    );
    writeFileSync(file, Buffer.concat([text, Buffer.from("[1]\n")]));
    expect(() => new AuditLog({ path, privateKey: keys.privateKey })).toThrow(`the last line of \`${file}\` is not a record`);
    // Without its opening checkpoint (record 0 cut), the log's id is unknown: the writer does not make one up.
    writeFileSync(file, text.subarray(text.indexOf(0x0a) + 1));
    expect(() => new AuditLog({ path, privateKey: keys.privateKey })).toThrow(`the log at \`${path}\` does not begin with its signed opening checkpoint`);
  });

  it("refuses to append to a closed log", () => {
    const path = logPath();
    writeLog(path, 1);
    expect(() => new AuditLog({ path, privateKey: keys.privateKey })).toThrow("was closed: start a new one");
  });
});
