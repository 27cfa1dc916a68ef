// End-to-end tests of `apol lint`: the built executable on the examples and on a policy with dead rules.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce, root } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-lint-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("apol lint", () => {
  it("finds nothing in the examples", () => {
    const examples = readdirSync(join(root, "examples"))
      .filter((f) => f.endsWith(".apol"))
      .map((f) => join("examples", f));
    expect(apol(["lint", ...examples], root)).toEqual({ code: 0, out: "", err: `no findings in ${examples.length} files\n` });
  });

  it("reports a shadowed and an unsatisfiable rule, and so a tool every call to which is denied, with their spans and exits 1", () => {
    writeFileSync(
      join(work, "pay.apol"),
      "policy pay\ntool pay(amount: number)\nrule big { allow pay when args.amount >= 5000 }\nrule cap { deny pay when args.amount > 1000 }\nrule odd { allow pay when args.amount > 5 and args.amount < 3 }\n",
    );
    const result = apol(["lint", "pay.apol", "--format", "json"], work);
    expect(result.code).toBe(1);
    const found = JSON.parse(result.out) as { code: string; message: string; range: { start: { line: number; column: number } } }[];
    expect(found.map((d) => [d.code, d.range.start.line, d.range.start.column, d.message])).toEqual([
      ["apol/dead-tool", 2, 6, "no `allow` or `review` rule of tool `pay` ever decides, so every call to it is denied"],
      ["apol/shadowed-rule", 3, 6, "rule `big` never decides: rule `cap` denies every call it matches"],
      ["apol/unsatisfiable-condition", 5, 27, "the condition of rule `odd` is never true, so the rule never matches"],
    ]);
  });
});
