import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSource, writeSource } from "./files.js";

const dir = mkdtempSync(join(tmpdir(), "apol-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readSource", () => {
  it("reads UTF-8 text and drops a leading byte order mark, as editors do", () => {
    const path = join(dir, "bom.apol");
    writeFileSync(path, Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from("policy é\n")]));
    expect(readSource(path)).toEqual({ ok: true, text: "policy é\n" });
  });

  it("names the file and the reason in one line", () => {
    const latin1 = join(dir, "latin1.apol");
    writeFileSync(latin1, Buffer.from([0x70, 0xe9, 0x0a]));
    expect(readSource(join(dir, "missing.apol"))).toEqual({ ok: false, message: `cannot read \`${join(dir, "missing.apol")}\`: no such file` });
    expect(readSource(join(latin1, "child.apol"))).toEqual({ ok: false, message: `cannot read \`${join(latin1, "child.apol")}\`: no such file` });
    expect(readSource(dir)).toEqual({ ok: false, message: `cannot read \`${dir}\`: it is a folder` });
    expect(readSource(latin1)).toEqual({ ok: false, message: `cannot read \`${latin1}\`: not valid UTF-8 at line 1, column 2 (byte 1); save it as UTF-8` });
  });
});

describe("writeSource", () => {
  it("replaces the file's text, or says why it could not", () => {
    const path = join(dir, "out.apol");
    expect(writeSource(path, "policy p\n")).toBeUndefined();
    expect(readFileSync(path, "utf8")).toBe("policy p\n");
    expect(writeSource(dir, "x")).toBe(`cannot write \`${dir}\`: it is a folder`);
    expect(writeSource(join(dir, "no", "such.apol"), "x")).toBe(`cannot write \`${join(dir, "no", "such.apol")}\`: no such file`);
  });
});
