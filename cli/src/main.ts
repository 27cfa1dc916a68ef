// The `apol` command line: the command table, argument parsing and dispatch.
import { readFileSync } from "node:fs";
import { suggest } from "@apol/compiler";
import { check } from "./check.js";
import { compile } from "./compile.js";
import { debug } from "./debug.js";
import { evalCommand } from "./eval.js";
import { init } from "./init.js";
import { replay } from "./replay.js";
import { test } from "./test.js";
import { lint } from "./lint.js";
import { fmt } from "./fmt.js";
import { audit } from "./audit.js";
import { keys } from "./keys.js";
import { approve } from "./approve.js";
import { review } from "./review.js";
import { mcp } from "./mcp.js";
import { importCommand } from "./import.js";
import { exit, usageError, type Command, type Io, type OptionSpec, type ParsedArgs } from "./command.js";
import { commandHelp, generalHelp, globalOptions, help, helpOption, unknownCommand } from "./help.js";

/** Every command, in the order `apol --help` lists them. A new command is one more entry here. */
export const commands: readonly Command[] = [
  init,
  check,
  lint,
  fmt,
  compile,
  test,
  evalCommand,
  replay,
  debug,
  audit,
  keys,
  approve,
  review,
  mcp,
  importCommand,
  help,
];

/**
 * Runs `apol` with the arguments after the program name and returns the exit code.
 * Given `["chek", "a.apol"]`, writes "apol: unknown command `chek`; did you mean `check`?" and returns 2.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stderr.write(generalHelp(commands, version()));
    return exit.trouble;
  }
  if (first === "--help" || first === "-h") {
    io.stdout.write(generalHelp(commands, version()));
    return exit.ok;
  }
  if (first === "--version") {
    io.stdout.write(`apol ${version()}\n`);
    return exit.ok;
  }
  if (first.startsWith("-")) {
    io.stderr.write(`apol: ${unknownOption(first, globalOptions, "apol --help")}\n`);
    return exit.trouble;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) {
    io.stderr.write(`${unknownCommand(first, commands)}\n`);
    return exit.trouble;
  }
  const parsed = parseArgs(rest, command);
  if (typeof parsed === "string") return usageError(io, command.name, parsed);
  if (parsed.flags.has("help")) {
    io.stdout.write(commandHelp(command));
    return exit.ok;
  }
  try {
    return await command.run(parsed, { io, commands, version: version() });
  } catch (error) {
    // A bug of apol's, not the user's: one line to report, and the stack only when asked for.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`apol: internal error in \`apol ${command.name}\` (apol ${version()}): ${message}\n`);
    if (parsed.flags.has("verbose")) io.stderr.write(`${error instanceof Error ? (error.stack ?? message) : message}\n`);
    else io.stderr.write("please report it with the command and its input at https://github.com/apol-lang/apol/issues (`--verbose` adds the stack trace)\n");
    return exit.trouble;
  }
}

/** Accepted by every command, for the stack trace of an internal error; the error's message names it, so help need not. */
const verboseOption: OptionSpec = { name: "verbose", description: "print the stack trace of an internal error" };

/**
 * Splits the arguments after a command's name into operands, flags and option values, or returns the
 * one-line usage error. Accepts `--name`, `--name value`, `--name=value`, the short `-x` and
 * `-x value`, and `--` before operands that start with `-`. A repeated option keeps its last value.
 */
export function parseArgs(argv: readonly string[], command: Command): ParsedArgs | string {
  const options = command.options;
  const known = [...options, helpOption, verboseOption];
  const positionals: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const spelled = equals < 0 ? arg : arg.slice(0, equals);
    const option = known.find((o) => spelled === `--${o.name}` || (o.short !== undefined && spelled === `-${o.short}`));
    if (option === undefined) return unknownOption(spelled, known, `apol help ${command.name}`);
    const name = option.name;
    if (option.value === undefined) {
      if (equals >= 0) return `\`--${name}\` takes no value`;
      flags.add(name);
      continue;
    }
    const value = equals >= 0 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined) return `\`--${name}\` needs a value${expected(option.value.choices)}`;
    const choices = option.value.choices;
    if (choices !== undefined && !choices.includes(value)) {
      const guess = suggest(value, choices);
      return `invalid value \`${value}\` for \`--${name}\`; ${guess === undefined ? `expected${expected(choices)}` : `did you mean \`${guess}\`?`}`;
    }
    values.set(name, value);
  }
  for (const option of options) {
    const fallback = option.value?.default;
    if (fallback !== undefined && !values.has(option.name)) values.set(option.name, fallback);
  }
  return { positionals, flags, values };
}

/** The real process streams, colored only on a TTY and only when `NO_COLOR` is unset or empty (https://no-color.org). */
export function processIo(): Io {
  const noColor = (process.env["NO_COLOR"] ?? "") !== "";
  for (const stream of [process.stdout, process.stderr]) {
    // `apol check … | head` closes the pipe early; that is the reader's choice, not an error.
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit();
    });
  }
  return {
    stdout: { write: (text) => void process.stdout.write(text), color: process.stdout.isTTY === true && !noColor },
    stderr: { write: (text) => void process.stderr.write(text), color: process.stderr.isTTY === true && !noColor, tty: process.stderr.isTTY === true },
  };
}

/** The CLI package's version, read from its `package.json` (one level up from both `src` and `dist`). */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/** The one-line error for an option nobody declared; `helpCommand` lists the real ones. */
function unknownOption(flag: string, options: readonly OptionSpec[], helpCommand: string): string {
  const guess = suggest(
    flag,
    options.map((o) => `--${o.name}`),
  );
  const hint = guess === undefined ? `run \`${helpCommand}\` to list the options` : `did you mean \`${guess}\`?`;
  return `unknown option \`${flag}\`; ${hint}`;
}

/** `: \`text\` or \`json\`` for a closed set of values, nothing for a free-form one. */
function expected(choices: readonly string[] | undefined): string {
  if (choices === undefined) return "";
  const quoted = choices.map((c) => `\`${c}\``);
  return `: ${quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted.join("")}`;
}
