// End-to-end tests of what `check`, `lint` and `compile` accept: folders (recursing), `NAME.test.apol` beside its policy, and `-` for stdin.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-operands-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const shop = `policy shop
tool buy(item: string, price: number)
rule cheap { allow buy when args.price <= 10 }
`;
mkdirSync(join(work, "policies", "nested"), { recursive: true });
mkdirSync(join(work, "policies", "node_modules"));
writeFileSync(join(work, "policies", "shop.apol"), shop);
writeFileSync(join(work, "policies", "shop.test.apol"), 'test "a pen" {\n  call buy(item: "pen", price: 2)\n  expect allow by cheap\n}\n');
writeFileSync(join(work, "policies", "nested", "cafe.apol"), shop.replace("policy shop", "policy cafe"));
writeFileSync(join(work, "policies", "node_modules", "skipped.apol"), "not a policy");

describe("check, lint and compile operands", () => {
  it("check a folder recursively, each policy with its test file, skipping node_modules", () => {
    expect(apol(["check", "policies"], work)).toEqual({ code: 0, out: "", err: "no errors in 3 files\n" });
    expect(apol(["lint", "policies"], work)).toEqual({ code: 0, out: "", err: "no findings in 3 files\n" });
  });

  it("check a test file with its policy, and report a test file's error in the test file", () => {
    expect(apol(["check", "policies/shop.test.apol"], work)).toEqual({ code: 0, out: "", err: "no errors in 2 files\n" });
    writeFileSync(join(work, "policies", "nested", "cafe.test.apol"), 'test "tea" {\n  call sell(item: "tea")\n  expect allow\n}\n');
    const result = apol(["check", "policies/nested/cafe.apol"], work);
    rmSync(join(work, "policies", "nested", "cafe.test.apol"));
    expect(result.code).toBe(1);
    expect(result.out).toContain("error[apol/unknown-tool]: unknown tool `sell`\n --> policies/nested/cafe.test.apol:2:8\n");
  });

  it("check and lint stdin with `-`", () => {
    expect(apol(["check", "-"], work, shop)).toEqual({ code: 0, out: "", err: "no errors in 1 file\n" });
    const bad = apol(["check", "-"], work, "policy p\nrule r { allow nope }\n");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(" --> <stdin>:2:16\n");
  });

  it("compile a folder, and a test file to its policy's module, refusing `-`", () => {
    const result = apol(["compile", "policies", "-o", "out"], work);
    expect(result).toEqual({ code: 0, out: ["out/cafe.js", "out/cafe.d.ts", "out/shop.js", "out/shop.d.ts", ""].join("\n"), err: "compiled 2 policies\n" });
    expect(readFileSync(join(work, "out", "shop.js"), "utf8")).not.toContain("a pen");
    expect(apol(["compile", "policies/shop.test.apol", "-o", "out2"], work)).toMatchObject({ code: 0, err: "compiled 1 policy\n" });
    expect(apol(["compile", "-"], work, shop)).toEqual({
      code: 2,
      out: "",
      err: "apol compile: `-` is not accepted: the policy's file name names its output\n",
    });
  });
});
