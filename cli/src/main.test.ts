import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import type { Command } from "./command.js";
import { commandHelp } from "./help.js";
import { commands, main, parseArgs } from "./main.js";
import { memoryIo } from "./memory-io.js";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const demo: Command = {
  name: "demo",
  summary: "a command for these tests",
  usage: "FILE...",
  description: ["Does nothing."],
  options: [
    { name: "check", description: "only check" },
    { name: "format", description: "output format", value: { name: "FORMAT", choices: ["text", "json"], default: "text" } },
    { name: "out", short: "o", description: "output file", value: { name: "FILE" } },
  ],
  run: () => 0,
};

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe("parseArgs", () => {
  it("separates operands, flags and values, and fills in defaults", () => {
    const parsed = parseArgs(["a.apol", "--check", "--out", "o.js", "b.apol"], demo);
    expect(parsed).toEqual({
      positionals: ["a.apol", "b.apol"],
      flags: new Set(["check"]),
      values: new Map([
        ["out", "o.js"],
        ["format", "text"],
      ]),
    });
  });

  it("accepts `--name=value`, `-h`, a lone `-`, and operands after `--`", () => {
    expect(parseArgs(["--format=json", "-h", "-", "--", "--check", "-x"], demo)).toEqual({
      positionals: ["-", "--check", "-x"],
      flags: new Set(["help"]),
      values: new Map([["format", "json"]]),
    });
  });

  it("accepts short aliases, with their value in the next argument", () => {
    expect(parseArgs(["-o", "x.js", "a.apol", "-h"], demo)).toEqual({
      positionals: ["a.apol"],
      flags: new Set(["help"]),
      values: new Map([
        ["out", "x.js"],
        ["format", "text"],
      ]),
    });
    expect(parseArgs(["-o"], demo)).toBe("`--out` needs a value");
    expect(parseArgs(["-o=x.js"], demo)).toBe("unknown option `-o=x.js`; run `apol help demo` to list the options");
  });

  it("keeps the last value of a repeated option", () => {
    expect(parseArgs(["--format", "json", "--format", "text"], demo)).toMatchObject({ values: new Map([["format", "text"]]) });
  });

  it("explains every malformed option in one line", () => {
    expect(parseArgs(["--chek"], demo)).toBe("unknown option `--chek`; did you mean `--check`?");
    expect(parseArgs(["--formt=json"], demo)).toBe("unknown option `--formt`; did you mean `--format`?");
    expect(parseArgs(["--zzz"], demo)).toBe("unknown option `--zzz`; run `apol help demo` to list the options");
    expect(parseArgs(["-x"], demo)).toBe("unknown option `-x`; run `apol help demo` to list the options");
    expect(parseArgs(["--check=yes"], demo)).toBe("`--check` takes no value");
    expect(parseArgs(["--format"], demo)).toBe("`--format` needs a value: `text` or `json`");
    expect(parseArgs(["--out"], demo)).toBe("`--out` needs a value");
    expect(parseArgs(["--format", "jsn"], demo)).toBe("invalid value `jsn` for `--format`; did you mean `json`?");
    expect(parseArgs(["--format", "yaml"], demo)).toBe("invalid value `yaml` for `--format`; expected: `text` or `json`");
  });
});

describe("main", () => {
  it("prints the general help on `--help` and `-h`, listing every command", async () => {
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.err).toBe("");
    expect(help.out.split("\n")[0]).toBe(`apol ${version}: compiled, deny-by-default policies for AI agents' tool calls`);
    const rows = help.out.split("\n").map((line) => line.trim().split(/ {2,}/));
    for (const command of commands) expect(rows).toContainEqual([command.name, command.summary]);
    expect(await run("-h")).toEqual(help);
  });

  it("prints the general help on stderr and fails as a usage error when no command is given", async () => {
    const bare = await run();
    expect(bare.code).toBe(2);
    expect(bare.out).toBe("");
    expect(bare.err).toBe((await run("--help")).out);
  });

  it("prints the version from the compiler's package.json", async () => {
    expect(await run("--version")).toEqual({ code: 0, out: `apol ${version}\n`, err: "" });
  });

  it("rejects unknown commands and global options in one line with a suggestion", async () => {
    expect(await run("chek", "a.apol")).toEqual({ code: 2, out: "", err: "apol: unknown command `chek`; did you mean `check`?\n" });
    expect(await run("frobnicate")).toEqual({
      code: 2,
      out: "",
      err: "apol: unknown command `frobnicate`; run `apol --help` to list the commands\n",
    });
    expect(await run("--verison")).toEqual({ code: 2, out: "", err: "apol: unknown option `--verison`; did you mean `--version`?\n" });
    expect(await run("check", "--formt", "json", "a.apol")).toEqual({
      code: 2,
      out: "",
      err: "apol check: unknown option `--formt`; did you mean `--format`?\n",
    });
  });

  it("shows a command's help for `apol <command> --help` and `apol help <command>`, before looking at files", async () => {
    const viaFlag = await run("check", "missing.apol", "--help");
    expect(viaFlag).toEqual({ code: 0, out: commandHelp(commands.find((c) => c.name === "check")!), err: "" });
    expect(await run("help", "check")).toEqual(viaFlag);
    expect(viaFlag.out).toBe(
      [
        "usage: apol check FILE|DIR|-... [--format text|json|github|sarif] [--no-lint] [--fix]",
        "",
        "A folder stands for every `*.apol` file under it (recursively), `-` for stdin. A policy is checked with its",
        "`NAME.test.apol` appended, as `apol test` does, and naming either file checks both.",
        "Runs every compiler stage on each FILE and prints what it finds, with the source line and a caret under the problem.",
        "A file without errors is also linted: the findings of `apol lint` are printed as warnings.",
        "Exits with 1 if any file has an error; warnings are printed but do not fail.",
        "With `--format json`, prints one JSON array of all diagnostics (1-based lines, UTF-16 columns); with `github`,",
        "one GitHub Actions annotation a diagnostic (shown on the pull request); with `sarif`, a SARIF 2.1.0 log for code scanning.",
        "With `--fix`, first applies every fix the diagnostics carry (the quick fixes an editor offers: did-you-mean names,",
        "missing quotes, ...) to the files, lists each on stderr, then reports what is left. Review the change before committing it.",
        "",
        "options:",
        "  --format text|json|github|sarif  how to print diagnostics (default: text)",
        "  --no-lint                        skip the lints; report only what the compiler finds",
        "  --fix                            apply every fix the diagnostics carry to the files, then report the rest",
        "  -h, --help                       show this help",
        "",
      ].join("\n"),
    );
  });

  it("makes `apol help` print the general help and reject unknown or extra names", async () => {
    expect(await run("help")).toEqual(await run("--help"));
    expect(await run("help", "chek")).toEqual({ code: 2, out: "", err: "apol: unknown command `chek`; did you mean `check`?\n" });
    expect(await run("help", "check", "fmt")).toEqual({ code: 2, out: "", err: "apol help: expected one command name, got 2\n" });
  });

  it("gives every command a unique name", () => {
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });

  it("reports an internal error in one line with the version and where to report it, and the stack only with --verbose", async () => {
    const fmt = commands.find((c) => c.name === "fmt")!;
    const spy = vi.spyOn(fmt, "run").mockImplementation(() => {
      throw new Error("boom");
    });
    try {
      const plain = memoryIo();
      expect(await main(["fmt", "x.apol"], plain)).toBe(2);
      expect(plain.err()).toBe(
        `apol: internal error in \`apol fmt\` (apol ${version}): boom\nplease report it with the command and its input at https://github.com/apol-lang/apol/issues (\`--verbose\` adds the stack trace)\n`,
      );
      const verbose = memoryIo();
      expect(await main(["fmt", "x.apol", "--verbose"], verbose)).toBe(2);
      expect(verbose.err()).toMatch(/^apol: internal error in `apol fmt` \(apol .+\): boom\nError: boom\n {4}at /);
    } finally {
      spy.mockRestore();
    }
  });
});
