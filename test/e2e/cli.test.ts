// End-to-end tests of the `apol` executable: the built CLI run as a child process, as users and CI run it.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { format } from "../../compiler/src/format/format.js";
import { apol as run, bin, buildOnce, root } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-e2e-"));

beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `apol` in `cwd` (the scratch folder unless given). */
function apol(args: readonly string[], cwd = work): ReturnType<typeof run> {
  return run(args, cwd);
}

function file(name: string, content: string | Uint8Array): string {
  writeFileSync(join(work, name), content);
  return name;
}

// The example from the README's tour of `apol check`.
const policy = file("policy.apol", "policy p\ntool send_money(amount: number)\nrule ok { allow send_money }\nrule typo {\n  allow send_mony\n}\n");
const clean = file("clean.apol", "policy p\ntool a()\nrule r { allow a }\n");

describe("apol check", () => {
  it("renders an error with its caret, sums up on stderr and exits 1", () => {
    expect(apol(["check", policy])).toEqual({
      code: 1,
      out: [
        "error[apol/unknown-tool]: unknown tool `send_mony`",
        " --> policy.apol:5:9",
        "  |",
        "5 |   allow send_mony",
        "  |         ^^^^^^^^^",
        "  |",
        "  = help: did you mean `send_money`?",
        "  = fix: replace with `send_money`",
        "",
        "",
      ].join("\n"),
      err: "1 error in 1 file\n",
    });
  });

  it("puts the caret of the error after an unterminated string on the token found, not at the end of the string's line", () => {
    const open = file("open-string.apol", 'policy p\ntool send(to: string)\nrule r {\n  allow send\n  when args.to in ["ann", "bob]\n  reason "known"\n}\n');
    const result = apol(["check", open]);
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      ["error[apol/syntax-error]: expected `]` but found `reason`", " --> open-string.apol:6:3", "  |", '6 |   reason "known"', "  |   ^^^^^^"].join("\n"),
    );
    expect(result.err).toBe("2 errors in 1 file\n");
  });

  it("exits 0 for a clean file", () => {
    expect(apol(["check", clean])).toEqual({ code: 0, out: "", err: "no errors in 1 file\n" });
  });

  it("prints lint findings as warnings on a file without errors and exits 0; `--no-lint` skips them", () => {
    const repeated = file("repeated.apol", "policy p\ntool a()\nrule r { allow a }\nrule again { allow a }\n");
    expect(apol(["check", repeated])).toEqual({
      code: 0,
      out: [
        "warning[apol/duplicate-rule]: rule `again` repeats rule `r`, which always decides first",
        " --> repeated.apol:4:6",
        "  |",
        "4 | rule again { allow a }",
        "  |      ^^^^^",
        "  |",
        "  = note: the earlier rule at repeated.apol:3:6",
        "  = help: remove `again`",
        "",
        "",
      ].join("\n"),
      err: "1 warning in 1 file\n",
    });
    expect(apol(["check", "--no-lint", repeated])).toEqual({ code: 0, out: "", err: "no errors in 1 file\n" });
  });

  it("prints JSON with 1-based ranges and the fix", () => {
    const result = apol(["check", "--format", "json", policy, clean]);
    expect(result.code).toBe(1);
    expect(result.err).toBe("");
    expect(JSON.parse(result.out)).toEqual([
      {
        code: "apol/unknown-tool",
        severity: "error",
        message: "unknown tool `send_mony`",
        help: "did you mean `send_money`?",
        file: "policy.apol",
        range: { start: { line: 5, column: 9 }, end: { line: 5, column: 18 } },
        fix: {
          title: "replace with `send_money`",
          edits: [{ range: { start: { line: 5, column: 9 }, end: { line: 5, column: 18 } }, newText: "send_money" }],
        },
      },
    ]);
  });

  it("says in one line why a file cannot be read, without a stack trace, and exits 2", () => {
    file("latin1.apol", Uint8Array.from([0x70, 0x6f, 0x6c, 0x69, 0x63, 0x79, 0x20, 0xe9, 0x0a]));
    mkdirSync(join(work, "folder.apol"), { recursive: true });
    expect(apol(["check", "missing.apol", "folder.apol", "latin1.apol", clean])).toEqual({
      code: 2,
      out: "",
      err: [
        "apol: no `.apol` files in the folder `folder.apol`",
        "apol: cannot read `missing.apol`: no such file",
        "apol: cannot read `latin1.apol`: not valid UTF-8 at line 1, column 8 (byte 7); save it as UTF-8",
        "no errors in 1 file; 3 files could not be read",
        "",
      ].join("\n"),
    });
  });
});

describe("apol fmt", () => {
  const messy = "policy p\ntool a()\nrule r {   allow a }\n";
  const tidy = format(messy).text;

  it("lists the files `--check` would change, touches nothing and exits 1; `--write` fixes them", () => {
    file("messy.apol", messy);
    file("tidy.apol", tidy);
    expect(tidy).not.toBe(messy);
    expect(apol(["fmt", "--check", "messy.apol", "tidy.apol"])).toEqual({
      code: 1,
      out: "messy.apol\n",
      err: "1 of 2 files would be reformatted\n",
    });
    expect(readFileSync(join(work, "messy.apol"), "utf8")).toBe(messy);
    expect(apol(["fmt", "--write", "messy.apol", "tidy.apol"])).toEqual({ code: 0, out: "messy.apol\n", err: "reformatted 1 of 2 files\n" });
    expect(readFileSync(join(work, "messy.apol"), "utf8")).toBe(tidy);
    expect(apol(["fmt", "--check", "messy.apol", "tidy.apol"])).toEqual({ code: 0, out: "", err: "0 of 2 files would be reformatted\n" });
  });

  it("prints one formatted file on stdout", () => {
    file("print.apol", messy);
    expect(apol(["fmt", "print.apol"])).toEqual({ code: 0, out: tidy, err: "" });
  });

  it("refuses a file with syntax errors, printing its diagnostics, and exits 1", () => {
    file("broken.apol", "policy p\ntool a(\n");
    expect(apol(["fmt", "--write", "broken.apol"])).toEqual({
      code: 1,
      out: "",
      err: [
        "error[apol/syntax-error]: expected `)` but found the end of the file",
        " --> broken.apol:2:8",
        "  |",
        "2 | tool a(",
        "  |        ^",
        "  |",
        "  = help: close the parenthesis with `)`",
        "",
        "reformatted 0 of 0 files; syntax errors in 1 file",
        "",
      ].join("\n"),
    });
    expect(readFileSync(join(work, "broken.apol"), "utf8")).toBe("policy p\ntool a(\n");
  });

  it("says in one line why a file cannot be read", () => {
    expect(apol(["fmt", "nowhere.apol"])).toEqual({ code: 2, out: "", err: "apol: cannot read `nowhere.apol`: no such file\n" });
  });
});

describe("apol's command line", () => {
  it("suggests the closest command or option in one line and exits 2", () => {
    expect(apol(["chek", policy])).toEqual({ code: 2, out: "", err: "apol: unknown command `chek`; did you mean `check`?\n" });
    expect(apol(["check", "--fromat", "json", policy])).toEqual({
      code: 2,
      out: "",
      err: "apol check: unknown option `--fromat`; did you mean `--format`?\n",
    });
  });

  it("prints help and the version on stdout", () => {
    const help = apol(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("\nusage: apol <command> [options] [FILE...]\n");
    expect(apol(["help", "check"])).toEqual({ code: 0, out: apol(["check", "--help"]).out, err: "" });
    expect(apol(["--version"]).out).toMatch(/^apol \d+\.\d+\.\d+\n$/);
  });

  it("asks for a build instead of crashing when `dist/` is missing", () => {
    const unbuilt = join(work, "unbuilt", "bin");
    mkdirSync(unbuilt, { recursive: true });
    copyFileSync(bin, join(unbuilt, "apol.js"));
    const result = spawnSync(process.execPath, [join(unbuilt, "apol.js"), "--help"], { encoding: "utf8" });
    expect({ code: result.status, out: result.stdout, err: result.stderr }).toEqual({
      code: 2,
      out: "",
      err: "apol: the CLI is not built; run `npm run build` at the repository root\n",
    });
  });
});

describe("the examples", () => {
  const examples = readdirSync(join(root, "examples"))
    .filter((name) => name.endsWith(".apol"))
    .map((name) => join("examples", name));

  it("include the README's quick-start policy", () => {
    expect(examples).toContain(join("examples", "banking.apol"));
  });

  it("are formatted", () => {
    expect(apol(["fmt", "--check", ...examples], root)).toMatchObject({ code: 0, out: "" });
  });

  it("check without errors", () => {
    const result = apol(["check", ...examples], root);
    const errors = result.out.split("\n\n").filter((block) => block.startsWith("error"));
    expect({ code: result.code, errors }).toEqual({ code: 0, errors: [] });
  });
});
