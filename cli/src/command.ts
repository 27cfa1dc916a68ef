// The shape of a CLI command and the few helpers every command shares.

/** A stream the CLI writes to, and whether it wants ANSI colors. */
export interface Output {
  write(text: string): void;
  readonly color: boolean;
  /** Whether it is a terminal (progress indicators are drawn only there); absent means not. */
  readonly tty?: boolean;
}

/** Where a command's output goes; tests pass in-memory outputs. */
export interface Io {
  readonly stdout: Output;
  readonly stderr: Output;
}

/** An option a command accepts, as `--name` (a flag) or `--name VALUE`, and optionally `-x` for short. */
export interface OptionSpec {
  readonly name: string;
  /** A one-letter alias, given as `-x`. */
  readonly short?: string;
  /** One line for the command's help. */
  readonly description: string;
  /** Present when the option takes a value. */
  readonly value?: {
    /** How help shows the value when it is free-form, e.g. `FILE`. */
    readonly name: string;
    /** The only values accepted, if the set is closed. */
    readonly choices?: readonly string[];
    readonly default?: string;
  };
}

/** A command's arguments after parsing: operands, flags that were given, and option values. */
export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: ReadonlySet<string>;
  readonly values: ReadonlyMap<string, string>;
}

/** What a command can use besides its arguments. */
interface CommandEnv {
  readonly io: Io;
  /** The whole command table, so `help` can describe the others. */
  readonly commands: readonly Command[];
  readonly version: string;
}

/** One entry of the command table: everything `apol` needs to parse, run and describe a command. */
export interface Command {
  readonly name: string;
  /** One line for `apol --help`. */
  readonly summary: string;
  /** The arguments after the command name, e.g. `FILE... [--format text|json]`. */
  readonly usage: string;
  /** Sentences for `apol help <command>`, one per line. */
  readonly description: readonly string[];
  readonly options: readonly OptionSpec[];
  /** Runs the command and returns the exit code. `--help` never reaches it. */
  readonly run: (args: ParsedArgs, env: CommandEnv) => number | Promise<number>;
}

/** The exit codes every command uses. */
export const exit = {
  /** Nothing to report. */
  ok: 0,
  /** The command ran and found problems: errors in a policy, files that need formatting. */
  problems: 1,
  /** The command could not do what was asked: bad arguments, or a file it could not read or write. */
  trouble: 2,
} as const;

/** Writes a one-line usage error for a command and returns the usage exit code. */
export function usageError(io: Io, command: string, message: string): number {
  io.stderr.write(`apol ${command}: ${message}\n`);
  return exit.trouble;
}

/** `1 file`, `2 files`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
