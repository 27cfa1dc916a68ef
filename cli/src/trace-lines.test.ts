import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lineBatches } from "./trace-lines.js";

const work = mkdtempSync(join(tmpdir(), "apol-lines-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function read(content: string | Buffer): Promise<{ lines: string[]; batches: number; bytes: number }> {
  const file = join(work, "trace.jsonl");
  writeFileSync(file, content);
  const lines: string[] = [];
  let batches = 0;
  let bytes = 0;
  for await (const batch of lineBatches(file)) {
    lines.push(...batch.lines);
    batches++;
    bytes = batch.bytesRead;
  }
  return { lines, batches, bytes };
}

describe("lineBatches", () => {
  it("splits on `\\n` and `\\r\\n`, keeps blank lines and a last line without a newline", async () => {
    expect((await read('{"a":1}\r\n\n{"b":2}\n{"c":3}')).lines).toEqual(['{"a":1}', "", '{"b":2}', '{"c":3}']);
    expect((await read("x\n")).lines).toEqual(["x"]);
    expect((await read("")).lines).toEqual([]);
  });

  it("joins lines and multi-byte characters cut by chunk boundaries, and reports the bytes read", async () => {
    // 3 MiB of lines of varying length, with a 3-byte character to fall across chunk boundaries.
    const lines = Array.from({ length: 60_000 }, (_, i) => `{"i":${i},"t":"${"€".repeat(i % 37)}"}`);
    const text = `${lines.join("\n")}\n`;
    const result = await read(text);
    expect(result.lines).toEqual(lines);
    expect(result.batches).toBeGreaterThan(2);
    expect(result.bytes).toBe(Buffer.byteLength(text));
  });

  it("rejects when the file is missing", async () => {
    await expect(lineBatches(join(work, "missing.jsonl")).next()).rejects.toMatchObject({ code: "ENOENT" });
  });
});
