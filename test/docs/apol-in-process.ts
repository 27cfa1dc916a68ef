// Runs a documented `apol` command inside the test's own process, as bash would run it: the docs hold dozens of commands,
// and loading the CLI (its parser, the MCP SDK) once instead of once per command is most of the time they take.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../cli/src/main.js";
import type { Io } from "../../cli/src/command.js";

/**
 * `apol …` or `npx apol …` with plain words (quotes and globs are bash's to expand) and at most a trailing `> file`; a command
 * with a pipe, `;`, `<`, `2>` or a background `&` is not matched, and runs in bash.
 */
const simple = /^(?:npx\s+)?apol\s([^|;&<>`]*?)(?:\s>\s*([^\s|;&<>`]+))?$/;

/** A command's exit code and what it printed, stderr and stdout interleaved as `2>&1` would (a redirected stdout aside). */
export interface Ran {
  readonly status: number;
  readonly printed: string;
}

/** Runs `command` in `cwd` through the CLI's `main`, or returns undefined when it is not a simple `apol` command. */
export async function apolInProcess(command: string, cwd: string): Promise<Ran | undefined> {
  const match = simple.exec(command);
  if (match === null) return undefined;
  const [, words = "", stdoutFile] = match;
  // bash itself splits the words, removes quotes and expands globs, so that they mean what they mean in the docs.
  const expanded = spawnSync("bash", ["-c", `printf '%s\\0' ${words}`], { cwd, encoding: "utf8" });
  if (expanded.status !== 0) throw new Error(`bash could not expand \`${words}\`: ${expanded.stderr}`);
  const argv = expanded.stdout.split("\0").slice(0, -1);
  let printed = "";
  let redirected = "";
  const io: Io = {
    stdout: { write: (text) => void (stdoutFile === undefined ? (printed += text) : (redirected += text)), color: false },
    stderr: { write: (text) => void (printed += text), color: false },
  };
  // The CLI resolves the command's relative paths against the working directory, as a process started in `cwd` would.
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const status = await main(argv, io);
    if (stdoutFile !== undefined) writeFileSync(join(cwd, stdoutFile), redirected);
    return { status, printed };
  } finally {
    process.chdir(before);
  }
}
