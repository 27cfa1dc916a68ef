// Where an existing log's chain ends, and its id: what a writer opening the log again continues from, or why it cannot.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { decodeLog } from "./log-text.js";
import { hashLine, LOG_ID, type LogRecord } from "./record.js";

/**
 * Where an existing log's chain ends (the next record's `seq` and `prev`) and its id, or
 * undefined for a log with no records yet. The chain continues from the last line of the last
 * file that has one: a rotation leaves the newest file empty.
 */
export function chainEnd(path: string, files: readonly string[]): { readonly seq: number; readonly prev: string; readonly log: string } | undefined {
  for (const file of [...files].reverse()) {
    const decoded = decodeLog(readFileSync(file));
    if (!("text" in decoded))
      throw new Error(`\`${file}\` holds bytes that are not UTF-8 (line ${decoded.badLine}): run \`apol audit verify\` before appending`);
    const text = decoded.text;
    if (text.length === 0) continue;
    if (!text.endsWith("\n")) {
      throw new Error(`\`${file}\` ends in a torn line (a write cut short): run \`apol audit verify\`, and remove the partial last line before appending`);
    }
    const line = text.slice(text.lastIndexOf("\n", text.length - 2) + 1, -1);
    const record = parsed(line);
    if (record === undefined) throw new Error(`the last line of \`${file}\` is not a record: run \`apol audit verify\` before appending`);
    if (record.kind === "checkpoint" && record.final) throw new Error(`the log at \`${path}\` was closed: start a new one`);
    return { seq: record.seq + 1, prev: hashLine(line), log: logIdOf(path, files) };
  }
  return undefined;
}

/** The id a log's opening checkpoint names: the first line of its first file with one. */
function logIdOf(path: string, files: readonly string[]): string {
  for (const file of files) {
    const fd = openSync(file, "r");
    const head = Buffer.alloc(1024);
    let length: number;
    try {
      length = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
    if (length === 0) continue;
    const end = head.indexOf(0x0a);
    const opening = parsed(head.subarray(0, end < 0 ? length : end).toString("utf8"));
    if (opening?.seq === 0 && opening.kind === "checkpoint" && typeof opening.log === "string" && LOG_ID.test(opening.log)) return opening.log;
    break;
  }
  throw new Error(`the log at \`${path}\` does not begin with its signed opening checkpoint: run \`apol audit verify\`, and start a new log`);
}

/** A line's record, or undefined when it is not JSON of an object with a numeric `seq`. */
function parsed(line: string): LogRecord | undefined {
  try {
    const record = JSON.parse(line) as Partial<LogRecord> | null;
    return typeof record === "object" && record !== null && typeof record.seq === "number" ? (record as LogRecord) : undefined;
  } catch {
    return undefined;
  }
}
