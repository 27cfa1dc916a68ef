// Runs the scope assertion files in grammar/tests/ with vscode-tmgrammar-test, which tokenizes through VS Code's engine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const runner = require.resolve("vscode-tmgrammar-test/dist/unit.js");

function runAssertions(files: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [runner, "-g", "grammar/apol.tmLanguage.json", files], {
    cwd: repo,
    encoding: "utf8",
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("grammar/tests/*.apol", () => {
  const files = readdirSync(join(repo, "grammar", "tests")).filter((f) => f.endsWith(".apol"));

  it("are syntax tests for source.apol", () => {
    expect(files.sort()).toEqual(["declarations.apol", "expressions.apol", "lexical.apol", "rules.apol", "tests.apol"]);
    for (const file of files) {
      expect(readFileSync(join(repo, "grammar", "tests", file), "utf8")).toMatch(/^\/\/ SYNTAX TEST "source\.apol" "[^"]+"\n/);
    }
  });

  it("hold under the generated grammar", () => {
    const { status, output } = runAssertions("grammar/tests/*.apol");
    expect(output).not.toContain("failed");
    for (const file of files) expect(output).toContain(`✓ grammar/tests/${file} run successfuly.`);
    expect(status).toBe(0);
  });

  it("fail when a scope is wrong", () => {
    const dir = mkdtempSync(join(tmpdir(), "apol-grammar-"));
    const file = join(dir, "wrong.apol");
    writeFileSync(file, '// SYNTAX TEST "source.apol" "a wrong expectation"\npolicy p\n// <------ keyword.control.effect.apol\n');
    const { status, output } = runAssertions(file);
    expect(output).toContain("missing required scopes: keyword.control.effect.apol");
    expect(status).not.toBe(0);
  });
});
