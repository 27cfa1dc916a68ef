// `apol audit verify` exit codes through the CLI: a log passes only when it ends in its signed final checkpoint (or, with
// `--allow-open`, is still being written); truncation, substitution, a wrong key, a hand-made chain and a byte that is not UTF-8 all fail.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, generateKeys, GENESIS, hashLine, segmentName, segments } from "@apol/audit";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-cli-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const keys = generateKeys();
const pub = join(dir, "log.pub");
writeFileSync(pub, keys.publicKey);
const otherPub = join(dir, "other.pub");
writeFileSync(otherPub, generateKeys().publicKey);
let logs = 0;

async function verify(log: string, ...options: string[]) {
  const io = memoryIo();
  const code = await main(["audit", "verify", log, "--key", pub, ...options], io);
  return { code, out: io.out(), err: io.err() };
}

/** A log of `count` entries, closed unless `open`, rotated every `maxBytes`; its base path and id. */
function writeLog(count: number, options: { maxBytes?: number; open?: boolean; data?: (i: number) => unknown } = {}): { path: string; id: string } {
  const path = join(dir, `log-${++logs}`);
  let t = Date.UTC(2026, 10, 21, 9, 0, 0);
  const log = new AuditLog({
    path,
    privateKey: keys.privateKey,
    checkpointEvery: 4,
    batchSize: 3,
    maxBytes: options.maxBytes ?? 1 << 20,
    sync: false,
    clock: () => t++,
  });
  for (let i = 0; i < count; i++) log.append(options.data?.(i) ?? { id: `d-${i}`, effect: "deny", tool: "send_money" });
  if (options.open) log.flush();
  else log.close();
  return { path, id: log.id };
}

const lines = (file: string): string[] => readFileSync(file, "utf8").split("\n").slice(0, -1);
const writeLines = (file: string, kept: readonly string[]): void => writeFileSync(file, kept.map((l) => `${l}\n`).join(""));
const notClosed =
  "the log is not closed: it does not end with its final checkpoint: it is still being written, or records were cut from its end unseen (`--allow-open` verifies a log still being written)\n";

describe("apol audit verify: truncation", () => {
  it("exits 0 on a closed log, printing its id", async () => {
    const { path, id } = writeLog(6);
    expect(await verify(path)).toEqual({ code: 0, out: `log ${id}: 9 records chained, 3 checkpoints signed, closed by its final checkpoint\n`, err: "" });
    expect(await verify(path, "--allow-open")).toMatchObject({ code: 0 });
  });

  it("exits 1 when the last files are deleted, unless --allow-open", async () => {
    const { path, id } = writeLog(40, { maxBytes: 1000 });
    const files = segments(path);
    expect(files.length).toBeGreaterThan(3);
    rmSync(files.at(-1)!);
    const cut = await verify(path);
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(new RegExp(`^log ${id}: \\d+ records chained, \\d+ checkpoints signed\\n${notClosed.replace(/[()`]/g, "\\$&")}$`));
    rmSync(files.at(-2)!);
    expect((await verify(path)).code).toBe(1);
    expect((await verify(path, "--allow-open")).code).toBe(0);
  });

  it("exits 1 when the last file is emptied", async () => {
    const { path } = writeLog(40, { maxBytes: 1000 });
    writeFileSync(segments(path).at(-1)!, "");
    expect(await verify(path)).toMatchObject({ code: 1, out: expect.stringContaining(notClosed) });
  });

  it("exits 1 when the final checkpoint is removed, reporting the unsigned tail", async () => {
    const { path, id } = writeLog(6);
    const file = segmentName(path, 1);
    writeLines(file, lines(file).slice(0, -1));
    // The opening checkpoint, four entries, a checkpoint, two entries.
    const unsigned = `log ${id}: 8 records chained, 2 checkpoints signed\nunverifiable tail: 2 records after the last checkpoint: no signature covers them\n`;
    expect(await verify(path)).toEqual({ code: 1, out: unsigned + notClosed, err: "" });
    expect(await verify(path, "--allow-open")).toEqual({
      code: 0,
      out: `${unsigned}the log is open: it does not end with its final checkpoint: it is still being written, or records were cut from its end unseen\n`,
      err: "",
    });
  });

  it("exits 1 when the log is cut back to an earlier checkpoint", async () => {
    const { path, id } = writeLog(10);
    const file = segmentName(path, 1);
    // Up to the checkpoint after the fourth entry: the opening checkpoint, 4 entries and that checkpoint.
    writeLines(file, lines(file).slice(0, 6));
    expect(await verify(path)).toEqual({ code: 1, out: `log ${id}: 6 records chained, 2 checkpoints signed\n${notClosed}`, err: "" });
  });

  it("exits 1 when every file is emptied, even with --allow-open: not even the signed opening checkpoint is left", async () => {
    const { path } = writeLog(40, { maxBytes: 1000 });
    for (const file of segments(path)) writeFileSync(file, "");
    const empty = {
      code: 1,
      out: `${segmentName(path, 1)}:1: the log holds no records, not even its signed opening checkpoint: its records were removed\nthe log is not intact from its first record\n`,
      err: "",
    };
    expect(await verify(path)).toEqual(empty);
    expect(await verify(path, "--allow-open")).toEqual(empty);
  });

  it("exits 0 with --allow-open on a log still being written", async () => {
    const { path, id } = writeLog(2, { open: true });
    expect(await verify(path, "--allow-open")).toEqual({
      code: 0,
      out: `log ${id}: 3 records chained, 1 checkpoint signed\nunverifiable tail: 2 records after the last checkpoint: no signature covers them\nthe log is open: it does not end with its final checkpoint: it is still being written, or records were cut from its end unseen\n`,
      err: "",
    });
    expect((await verify(path)).code).toBe(1);
  });
});

describe("apol audit verify: substitution", () => {
  it("exits 1 on a hand-made chain with no signed checkpoint, even with --allow-open", async () => {
    const file = join(dir, "forged.log");
    const forged: string[] = [];
    let prev = GENESIS;
    for (let seq = 0; seq < 3; seq++) {
      const line = JSON.stringify({ seq, time: 1, prev, kind: "entry", data: { effect: "allow" } });
      forged.push(line);
      prev = hashLine(line);
    }
    writeLines(file, forged);
    const refused = {
      code: 1,
      out: `${file}:1: record 0 is not the log's signed opening checkpoint: the log was not written by an apol log writer, or its start was altered\nthe log is not intact from its first record\n`,
      err: "",
    };
    expect(await verify(file)).toEqual(refused);
    expect(await verify(file, "--allow-open")).toEqual(refused);
  });

  it("reports a wrong key as a wrong key, not as tampering after some record", async () => {
    const { path } = writeLog(9);
    const io = memoryIo();
    const code = await main(["audit", "verify", path, "--key", otherPub], io);
    expect({ code, out: io.out() }).toEqual({
      code: 1,
      out: `${segmentName(path, 1)}:1: no checkpoint is signed by this key: the log is signed by another key, or every signature was replaced\nthe log cannot be verified with \`${otherPub}\`\n`,
    });
  });

  it("requires the key: the help shows `--key` as required, and a verify without it exits 2 saying so", async () => {
    const help = memoryIo();
    expect(await main(["audit", "--help"], help)).toBe(0);
    expect(help.out()).toContain("usage: apol audit verify LOG... --key PUBLIC_KEY [--log-id ID] [--allow-open] |");
    const { path } = writeLog(3);
    const io = memoryIo();
    expect({ code: await main(["audit", "verify", path], io), out: io.out(), err: io.err() }).toEqual({
      code: 2,
      out: "",
      err: "apol audit: `verify` needs `--key PUBLIC_KEY`\n",
    });
  });

  it("exits 1 when another log signed with the same key stands in for the expected one", async () => {
    const { path, id } = writeLog(5);
    const other = writeLog(5);
    expect(other.id).not.toBe(id);
    expect((await verify(path, "--log-id", id)).code).toBe(0);
    expect(await verify(other.path, "--log-id", id)).toEqual({
      code: 1,
      out: `${segmentName(other.path, 1)}:1: the log is \`${other.id}\`, not the expected \`${id}\`: another log was put in its place\nthe log is not the one expected\n`,
      err: "",
    });
    // Its files copied over the expected log's: the same.
    writeFileSync(segmentName(path, 1), readFileSync(segmentName(other.path, 1)));
    expect((await verify(path, "--log-id", id)).code).toBe(1);
    expect(await verify(path, "--log-id", "not-an-id")).toEqual({
      code: 2,
      out: "",
      err: "apol audit: `--log-id` must be a log's id, 32 hex digits (`apol audit verify` prints it), not `not-an-id`\n",
    });
  });

  it("reports a last line cut inside a character as torn, not as an edit: a kill can stop a write mid-character", async () => {
    const { path } = writeLog(3, { data: (i) => ({ id: `d-${i}`, note: "é".repeat(40) }) });
    const file = segmentName(path, 1);
    const bytes = readFileSync(file);
    // Cut after the first byte of the last `é`: the last entry ends in half a character, with no newline.
    const cut = bytes.lastIndexOf(Buffer.from("é", "utf8")) + 1;
    writeFileSync(file, bytes.subarray(0, cut));
    expect(await verify(path, "--allow-open")).toMatchObject({
      code: 1,
      out: expect.stringMatching(/: the last line is torn \(a write cut short\): it is not a whole record\n/),
    });
  });

  it("decodes strictly: a U+FFFD's three bytes replaced with one invalid byte, or a byte-order mark, is an edit", async () => {
    const { path } = writeLog(3, { data: (i) => ({ id: `d-${i}`, note: "caf\ufffd" }) });
    const file = segmentName(path, 1);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from("\ufffd", "utf8"), bytes.indexOf('"d-1"'));
    const edited = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
    // Read loosely, the invalid byte would come back as the U+FFFD it replaced.
    expect(edited.toString("utf8")).toBe(bytes.toString("utf8"));
    writeFileSync(file, edited);
    expect(await verify(path)).toEqual({
      code: 1,
      out: `${file}:3: the line is not valid UTF-8: its bytes were altered\nthe log is not intact: only the first 2 records hold\n`,
      err: "",
    });
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]));
    expect(await verify(path)).toMatchObject({ code: 1, out: expect.stringMatching(/^\S+:1: the line is not a JSON record\n/) });
  });
});
