// `apol help`: the help texts for apol and for each command, built from the command table.
import { suggest } from "@apol/compiler";
import { exit, usageError, type Command, type OptionSpec } from "./command.js";

/** The options `apol` itself takes before any command. */
export const globalOptions: readonly OptionSpec[] = [
  { name: "help", short: "h", description: "show this help" },
  { name: "version", description: "print apol's version" },
];

/** The option every command takes. */
export const helpOption: OptionSpec = { name: "help", short: "h", description: "show this help" };

/** `apol --help`: what apol is, its commands and its exit codes. */
export function generalHelp(commands: readonly Command[], version: string): string {
  return [
    `apol ${version}: compiled, deny-by-default policies for AI agents' tool calls`,
    "",
    "usage: apol <command> [options] [FILE...]",
    "",
    "commands:",
    ...table(commands.map((c) => [c.name, c.summary])),
    "",
    "options:",
    ...table(globalOptions.map((o) => [optionLabel(o), o.description])),
    "",
    "Run `apol help <command>` for a command's options.",
    "Exit status: 0 when all is well, 1 when problems are found, 2 on a usage error or an unreadable file.",
    "",
  ].join("\n");
}

/** `apol help <command>`: its usage line, what it does and its options. */
export function commandHelp(command: Command): string {
  return [
    `usage: apol ${command.name} ${command.usage}`,
    "",
    ...command.description,
    "",
    "options:",
    ...table([...command.options, helpOption].map((o) => [optionLabel(o), describe(o)])),
    "",
  ].join("\n");
}

/** The `help` command. */
export const help: Command = {
  name: "help",
  summary: "show help for apol or for one command",
  usage: "[COMMAND]",
  description: ["Prints the list of commands, or the usage and options of COMMAND."],
  options: [],
  run(args, { io, commands, version }) {
    const [name, ...extra] = args.positionals;
    if (extra.length > 0) return usageError(io, "help", `expected one command name, got ${args.positionals.length}`);
    if (name === undefined) {
      io.stdout.write(generalHelp(commands, version));
      return exit.ok;
    }
    const command = commands.find((c) => c.name === name);
    if (command === undefined) {
      io.stderr.write(`${unknownCommand(name, commands)}\n`);
      return exit.trouble;
    }
    io.stdout.write(commandHelp(command));
    return exit.ok;
  },
};

/** The one-line error for a command name that is not in the table, with a did-you-mean. */
export function unknownCommand(name: string, commands: readonly Command[]): string {
  const guess = suggest(
    name,
    commands.map((c) => c.name),
  );
  return guess === undefined
    ? `apol: unknown command \`${name}\`; run \`apol --help\` to list the commands`
    : `apol: unknown command \`${name}\`; did you mean \`${guess}\`?`;
}

/** `-h, --help`, `--format text|json`, `-o, --out DIR`. */
function optionLabel(option: OptionSpec): string {
  const flag = option.short === undefined ? `--${option.name}` : `-${option.short}, --${option.name}`;
  if (option.value === undefined) return flag;
  return `${flag} ${option.value.choices?.join("|") ?? option.value.name}`;
}

function describe(option: OptionSpec): string {
  const fallback = option.value?.default;
  return fallback === undefined ? option.description : `${option.description} (default: ${fallback})`;
}

/** Two aligned columns, indented by two spaces. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
