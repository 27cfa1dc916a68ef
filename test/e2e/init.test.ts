// End-to-end tests of `apol init`: the scaffold it writes checks, tests, replays and evaluates as the printed next commands say.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-init-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("apol init", () => {
  it("writes a policy, its tests, a trace and an npm script that all pass, and prints the next commands", () => {
    const result = apol(["init", "start"], work);
    expect(result).toEqual({
      code: 0,
      out: [
        "wrote start/assistant.apol, start/assistant.test.apol, start/assistant.trace.jsonl and the npm script `test:policy` in start/package.json",
        "next:",
        "  npx apol test start/assistant.apol",
        "  npx apol replay start/assistant.apol start/assistant.trace.jsonl",
        `  echo '{"tool": "read_file", "args": {"path": "/etc/passwd"}}' | npx apol eval start/assistant.apol --explain --format text`,
        "",
      ].join("\n"),
      err: "",
    });
    const dir = join(work, "start");
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toEqual({
      name: "assistant-policy",
      private: true,
      scripts: { "test:policy": "apol check assistant.apol && apol test assistant.apol" },
    });
    expect(apol(["check", "assistant.apol"], dir)).toEqual({ code: 0, out: "", err: "no errors in 2 files\n" });
    expect(apol(["test", "assistant.apol"], dir)).toMatchObject({ code: 0, out: expect.stringContaining("2 tests: 2 passed, 0 failed") });
    expect(apol(["replay", "assistant.apol", "assistant.trace.jsonl"], dir)).toMatchObject({
      code: 0,
      out: expect.stringContaining("3 steps: 2 allow, 0 review, 1 deny"),
    });
    const evaluated = apol(["eval", "assistant.apol", "--explain", "--format", "text"], dir, '{"tool": "read_file", "args": {"path": "/etc/passwd"}}');
    expect(evaluated.out.split("\n")[0]).toBe("deny  read_file  $default  no rule allows `read_file`");
  });

  it("adds its script to an existing package.json and overwrites nothing", () => {
    const dir = join(work, "existing");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "mine", scripts: { build: "tsc" } }));
    expect(apol(["init"], dir).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toEqual({
      name: "mine",
      scripts: { build: "tsc", "test:policy": "apol check assistant.apol && apol test assistant.apol" },
    });
    writeFileSync(join(dir, "assistant.apol"), "// mine\n");
    expect(apol(["init"], dir)).toEqual({
      code: 2,
      out: "",
      err: "apol init: `assistant.apol`, `assistant.test.apol`, `assistant.trace.jsonl` already exist; nothing was written\n",
    });
    expect(readFileSync(join(dir, "assistant.apol"), "utf8")).toBe("// mine\n");
  });
});
