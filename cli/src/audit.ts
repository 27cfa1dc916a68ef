// `apol audit verify`, `show` and `export`: check a decision log's chain and signatures, print its records, or write them as a trace.
import { existsSync, readFileSync, statSync } from "node:fs";
import { LOG_ID, segments, verifyLog, type LogProblem, type LogRecord, type VerifyReport } from "@apol/audit";
import { logEntries, traceSteps } from "./audit-export.js";
import { exit, plural, usageError, type Command, type Io, type ParsedArgs } from "./command.js";

/** A log file as read: its bytes, which `verify` decodes strictly. */
interface ReadFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/** The files named on the command line: a file as is, a log's base path as its rotated files in order. */
function logFiles(names: readonly string[]): ReadFile[] | string {
  const files: ReadFile[] = [];
  for (const name of names) {
    const paths = existsSync(name) && statSync(name).isFile() ? [name] : segments(name);
    if (paths.length === 0) return `no log at \`${name}\``;
    for (const path of paths) files.push({ name: path, bytes: readFileSync(path) });
  }
  return files;
}

function verify(args: ParsedArgs, io: Io, files: readonly ReadFile[]): number {
  const keyFile = args.values.get("key");
  if (keyFile === undefined) return usageError(io, "audit", "`verify` needs `--key PUBLIC_KEY`");
  const logId = args.values.get("log-id");
  if (logId !== undefined && !LOG_ID.test(logId))
    return usageError(io, "audit", `\`--log-id\` must be a log's id, 32 hex digits (\`apol audit verify\` prints it), not \`${logId}\``);
  let key: string;
  try {
    key = readFileSync(keyFile, "utf8");
  } catch {
    return usageError(io, "audit", `cannot read the key \`${keyFile}\``);
  }
  let report;
  try {
    report = verifyLog(files, key, logId === undefined ? {} : { logId });
  } catch (error) {
    return usageError(io, "audit", `\`${keyFile}\` is not a public key: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (report.problem) {
    writeProblem(io, report.problem, keyFile);
    return exit.problems;
  }
  io.stdout.write(
    `log ${report.logId}: ${plural(report.records, "record")} chained, ${plural(report.checkpoints, "checkpoint")} signed${report.closed ? ", closed by its final checkpoint" : ""}\n`,
  );
  if (report.closed) return exit.ok;
  return writeOpen(io, report, args.flags.has("allow-open"));
}

/** The first problem, and what it means for the log. */
function writeProblem(io: Io, problem: LogProblem, keyFile: string): void {
  io.stdout.write(`${problem.file}:${problem.line}: ${problem.message}\n`);
  switch (problem.kind) {
    case "wrong-key":
      io.stdout.write(`the log cannot be verified with \`${keyFile}\`\n`);
      return;
    case "other-log":
      io.stdout.write("the log is not the one expected\n");
      return;
    default: {
      const { intact } = problem;
      io.stdout.write(
        intact === 0
          ? "the log is not intact from its first record\n"
          : `the log is not intact: only the first ${intact === 1 ? "record holds" : `${intact} records hold`}\n`,
      );
    }
  }
}

/** A log whose records all hold but whose end no final checkpoint vouches for: a failure, unless a log still being written was allowed. */
function writeOpen(io: Io, report: VerifyReport, allowed: boolean): number {
  if (report.unsignedTail > 0)
    io.stdout.write(`unverifiable tail: ${plural(report.unsignedTail, "record")} after the last checkpoint: no signature covers them\n`);
  const open = "does not end with its final checkpoint: it is still being written, or records were cut from its end unseen";
  if (allowed) {
    io.stdout.write(`the log is open: it ${open}\n`);
    return exit.ok;
  }
  io.stdout.write(`the log is not closed: it ${open} (\`--allow-open\` verifies a log still being written)\n`);
  return exit.problems;
}

/** What `show` prints of an entry and filters it by: an enforcer's entry (`{ event, ... }`) or a bare decision. */
interface Shown {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly line: string;
}

const str = (value: unknown): string => (typeof value === "string" ? value : "-");
const asRecord = (value: unknown): Record<string, unknown> => (typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {});

function shown(data: unknown): Shown {
  const entry = asRecord(data);
  const state = asRecord(entry.state);
  switch (entry.event) {
    case "approval":
      return { fields: {}, line: `approval of review ${str(entry.review)} by ${str(entry.approver)}: ${str(state.reason)}` };
    case "rejection":
      return { fields: {}, line: `rejection of review ${str(entry.review)} by ${str(entry.by)}: ${str(state.reason)}` };
    case "void":
      return { fields: {}, line: `void of decision ${str(entry.decisionId)} (${str(entry.tool)}, session ${str(entry.session)}): its tool failed` };
    case "release":
      return {
        fields: {},
        line: `release of review ${str(entry.review)} approved by ${Array.isArray(entry.by) ? entry.by.join(", ") : "-"}: decision ${str(entry.decisionId)}`,
      };
  }
  const d = entry.event === "decision" ? asRecord(entry.decision) : entry;
  const masked = Array.isArray(entry.masked) && entry.masked.length > 0 ? ` (masked ${entry.masked.join(", ")})` : "";
  return { fields: d, line: `${str(d.effect)} ${str(d.tool)} by ${str(d.rule)} session ${str(d.session)}: ${str(d.reason)}${masked}` };
}

/** Filters of `show`, over an entry's decision fields and its time: a decision filter leaves out approvals, rejections and releases. */
function matches(record: LogRecord, args: ParsedArgs, since: number, until: number): Shown | undefined {
  if (record.kind !== "entry" || record.time < since || record.time > until) return undefined;
  const found = shown(record.data);
  for (const field of ["session", "tool", "effect", "rule"]) {
    const wanted = args.values.get(field);
    if (wanted !== undefined && found.fields[field] !== wanted) return undefined;
  }
  return found;
}

function show(args: ParsedArgs, io: Io, files: readonly ReadFile[]): number {
  const time = (name: string, fallback: number): number | string => {
    const given = args.values.get(name);
    if (given === undefined) return fallback;
    const ms = /^\d+$/.test(given) ? Number(given) : Date.parse(given);
    return Number.isFinite(ms) ? ms : `\`--${name}\` must be an ISO 8601 time or milliseconds`;
  };
  const since = time("since", -Infinity);
  const until = time("until", Infinity);
  if (typeof since === "string") return usageError(io, "audit", since);
  if (typeof until === "string") return usageError(io, "audit", until);
  const json = args.values.get("format") === "json";
  for (const file of files) {
    for (const line of file.bytes.toString("utf8").split("\n")) {
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        continue;
      }
      const found = matches(record, args, since, until);
      if (found === undefined || record.kind !== "entry") continue;
      if (json) {
        io.stdout.write(`${JSON.stringify({ seq: record.seq, time: new Date(record.time).toISOString(), ...(record.data as object) })}\n`);
        continue;
      }
      io.stdout.write(`#${record.seq} ${new Date(record.time).toISOString()} ${found.line}\n`);
    }
  }
  return exit.ok;
}

/** The `audit` command. */
export const audit: Command = {
  name: "audit",
  summary: "verify a decision log's chain and signatures, print its records, or export them as a trace",
  usage:
    "verify LOG... --key PUBLIC_KEY [--log-id ID] [--allow-open] | show LOG... [--session S] [--tool T] [--effect E] [--rule R] [--since TIME] [--until TIME] | export LOG... --trace",
  description: [
    "A LOG is a log file, or a log's base path (its rotated files `PATH.000001`, `PATH.000002`, ... are read in order).",
    "`verify` prints the log's id and exits 0 when every record holds and the log ends with its signed final checkpoint.",
    "It reports the first record where an edit, a deletion, an insertion, a reordering, a torn line, a byte that is not UTF-8, a bad signature, a wrong key or another log's id shows, and exits 1.",
    "A log that does not end with its final checkpoint (still being written, or cut short) also exits 1, unless `--allow-open` is given; records after the last checkpoint are reported as an unverifiable tail.",
    "`show` prints the entries that pass every filter given; it does not verify the log.",
    "`export --trace` prints the log's calls as a JSON Lines trace (`apol replay POLICY TRACE --against OLD.apol` replays it): each decided call with",
    "its session, the request's parts the log kept and its arguments as the log holds them (masked ones stay masked), and each approval or",
    "rejection of a held call as an `approve` or `reject` step; verify the log first, export does not.",
  ],
  options: [
    { name: "key", description: "the log's Ed25519 public key (PEM), for `verify`", value: { name: "PUBLIC_KEY" } },
    { name: "log-id", description: "the id the log must have (printed by `verify`): another log signed with the same key fails", value: { name: "ID" } },
    { name: "allow-open", description: "accept a log that does not end with its final checkpoint: one still being written" },
    { name: "session", description: "only decisions of this session", value: { name: "S" } },
    { name: "tool", description: "only decisions about this tool", value: { name: "T" } },
    { name: "effect", description: "only decisions with this effect", value: { name: "E", choices: ["allow", "deny", "review"] } },
    { name: "rule", description: "only decisions made by this rule", value: { name: "R" } },
    { name: "since", description: "only records written at or after this time", value: { name: "TIME" } },
    { name: "until", description: "only records written at or before this time", value: { name: "TIME" } },
    { name: "format", description: "how `show` prints records", value: { name: "FORMAT", choices: ["text", "json"], default: "text" } },
    { name: "trace", description: "for `export`: write the calls as a trace `apol replay` reads" },
  ],
  run(args, { io }) {
    const [action, ...names] = args.positionals;
    if (action !== "verify" && action !== "show" && action !== "export") return usageError(io, "audit", "expected `verify`, `show` or `export`");
    if (names.length === 0) return usageError(io, "audit", `\`${action}\` needs at least one LOG`);
    if (action === "export" && !args.flags.has("trace")) return usageError(io, "audit", "`export` writes a trace: give `--trace`");
    const files = logFiles(names);
    if (typeof files === "string") return usageError(io, "audit", files);
    if (action === "export") {
      const lines = files.flatMap((file) => file.bytes.toString("utf8").split("\n"));
      for (const step of traceSteps(logEntries(lines))) io.stdout.write(`${JSON.stringify(step)}\n`);
      return exit.ok;
    }
    return action === "verify" ? verify(args, io, files) : show(args, io, files);
  },
};
