import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { format } from "@apol/compiler";
import { applyPatch } from "diff";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-fmt-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const messy = "policy p\ntool a()\nrule r {   allow a }\n";
const tidy = format(messy).text;
const broken = "policy p\nrule r { allow a when 1 = 1 }\n";

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function fmt(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(["fmt", ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

describe("apol fmt", () => {
  it("formats with a text the formatter changes, so these tests can tell", () => {
    expect(tidy).not.toBe(messy);
    expect(format(tidy)).toMatchObject({ text: tidy, changed: false });
  });

  it("prints the formatted text of one file and changes nothing", async () => {
    const path = file("print.apol", messy);
    expect(await fmt(path)).toEqual({ code: 0, out: tidy, err: "" });
    expect(readFileSync(path, "utf8")).toBe(messy);
  });

  it("lists the files `--check` would change and fails if there are any", async () => {
    const a = file("check-messy.apol", messy);
    const b = file("check-tidy.apol", tidy);
    expect(await fmt("--check", a, b)).toEqual({ code: 1, out: `${a}\n`, err: "1 of 2 files would be reformatted\n" });
    expect(readFileSync(a, "utf8")).toBe(messy);
    expect(await fmt("--check", b)).toEqual({ code: 0, out: "", err: "0 of 1 file would be reformatted\n" });
  });

  it("prints the changes `--diff` would make as a unified diff that applies, and fails if there are any", async () => {
    const a = file("diff-messy.apol", messy);
    const b = file("diff-tidy.apol", tidy);
    const { code, out, err } = await fmt("--diff", a, b);
    expect([code, err]).toEqual([1, "1 of 2 files would be reformatted\n"]);
    expect(out.split("\n").slice(0, 3)).toEqual([`--- ${a}`, `+++ ${a}`, "@@ -1,3 +1,7 @@"]);
    expect(out).toContain("-rule r {   allow a }\n+\n+rule r {\n+  allow a\n+}\n");
    expect(applyPatch(messy, out)).toBe(tidy);
    expect(readFileSync(a, "utf8")).toBe(messy);
    expect(await fmt("--diff", "--write", a)).toMatchObject({ code: 2, err: expect.stringContaining("`--diff` and `--write` cannot be used together") });
  });

  it("rewrites only the files that change with `--write` and lists them", async () => {
    const a = file("write-messy.apol", messy);
    const b = file("write-tidy.apol", tidy);
    expect(await fmt("--write", a, b)).toEqual({ code: 0, out: `${a}\n`, err: "reformatted 1 of 2 files\n" });
    expect(readFileSync(a, "utf8")).toBe(tidy);
    expect(await fmt("--write", a, b)).toEqual({ code: 0, out: "", err: "reformatted 0 of 2 files\n" });
  });

  it("leaves a file with syntax errors alone, prints its errors on stderr and fails", async () => {
    const path = file("broken.apol", broken);
    const printed = await fmt(path);
    expect(printed.code).toBe(1);
    expect(printed.out).toBe("");
    expect(printed.err).toMatch(/^error\[apol\/syntax-error\]: [^\n]+\n --> [^\n]*broken\.apol:2:\d+\n/);
    const written = await fmt("--write", path, file("ok.apol", tidy));
    expect(written).toEqual({ code: 1, out: "", err: `${printed.err}reformatted 0 of 1 file; syntax errors in 1 file\n` });
    expect(readFileSync(path, "utf8")).toBe(broken);
  });

  it("reports an unreadable file in one line and exits 2", async () => {
    const missing = join(dir, "missing.apol");
    expect(await fmt("--check", missing)).toEqual({
      code: 2,
      out: "",
      err: `apol: cannot read \`${missing}\`: no such file\n0 of 0 files would be reformatted; 1 file could not be read\n`,
    });
  });

  it("rejects contradictory or missing arguments", async () => {
    expect(await fmt("--check", "--write", "a.apol")).toEqual({ code: 2, out: "", err: "apol fmt: `--check` and `--write` cannot be used together\n" });
    expect(await fmt()).toEqual({ code: 2, out: "", err: "apol fmt: no files given; usage: apol fmt FILE... [--check | --diff | --write]\n" });
    expect(await fmt("a.apol", "b.apol")).toEqual({
      code: 2,
      out: "",
      err: "apol fmt: without `--check` or `--write`, apol fmt prints one file; use `--write` to format several\n",
    });
  });
});
