// Help for a history function's window written some other way (`1 hour`, `3600`, `"1h"`, `1.5h`) or left out: say what a window is and show one.
import type { IRecognitionException, IToken } from "chevrotain";
import type { DiagnosticExtras } from "../diagnostics/diagnostic.js";
import { Comma, Identifier, NumberLiteral, RParen, StringLiteral } from "./tokens.js";

const what = "a window is a duration such as `30m`, `1h` or `7d`, or `session`";

/** Unit words people write, by the unit apol spells. */
const unitWords: Readonly<Record<string, string>> = {
  ms: "ms",
  millisecond: "ms",
  milliseconds: "ms",
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
};
const unitMs: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
/** Week words: apol has no week unit, so `1w` is written in days. */
const weekWords: ReadonlySet<string> = new Set(["w", "wk", "wks", "week", "weeks"]);

/** `ms` milliseconds in the largest unit that writes them as a whole number (`90m` for 1.5 hours). */
function spellDuration(ms: number): string | undefined {
  for (const [unit, size] of Object.entries(unitMs)) if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  return undefined;
}

/** The fix replacing the source from `from` to the end of `to` by `newText`, with help saying so. */
function rewrite(from: IToken, to: IToken, newText: string, why: string): DiagnosticExtras {
  const span = { start: from.startOffset, end: to.startOffset + to.image.length };
  return { help: `${why}: write \`${newText}\``, fix: { title: `write \`${newText}\``, edits: [{ span, newText }] } };
}

/** Help for the window's error at `found` (the next token is `next`). */
function windowHelp(found: IToken, next: IToken | undefined): DiagnosticExtras {
  if (found.tokenType === StringLiteral) {
    const inner = found.image.slice(1, -1);
    if (/^\d+(ms|s|m|h|d)$/.test(inner) || inner === "session") return rewrite(found, found, inner, "a window is written without quotes");
    return { help: what };
  }
  if (found.tokenType !== NumberLiteral) return { help: what };
  const unit = next?.tokenType === Identifier ? unitWords[next.image.toLowerCase()] : undefined;
  if (unit === undefined || next === undefined) return { help: `${what}; a bare number has no unit: \`${found.image}s\` is ${found.image} seconds` };
  const ms = Number(found.image) * (unitMs[unit] as number);
  const spelled = Number.isInteger(ms) ? spellDuration(ms) : undefined;
  if (spelled === undefined) return { help: `${what}, a whole number of a unit` };
  return rewrite(found, next, spelled, Number.isInteger(Number(found.image)) ? "a duration is one word" : "a duration is a whole number of a unit");
}

/** `1w` (a number, then a week word with no space): the unit apol lacks, named, and the window in days. */
function weeks(found: IToken, next: IToken | undefined): { message: string; extras: DiagnosticExtras } | undefined {
  if (found.tokenType !== NumberLiteral || next?.tokenType !== Identifier || !weekWords.has(next.image.toLowerCase())) return undefined;
  if (next.startOffset !== found.startOffset + found.image.length || !Number.isInteger(Number(found.image))) return undefined;
  const days = `${Number(found.image) * 7}d`;
  const span = { start: found.startOffset, end: next.startOffset + next.image.length };
  return {
    message: `unknown unit \`${next.image}\``,
    extras: { help: `use \`${days}\``, fix: { title: `write \`${days}\``, edits: [{ span, newText: days }] } },
  };
}

/** The message and help for a history-function syntax error, or undefined when the error is another kind. */
export function historyError(error: IRecognitionException, next: IToken | undefined): { message?: string; extras: DiagnosticExtras } | undefined {
  const stack = error.context?.ruleStack ?? [];
  const rule = stack[stack.length - 1];
  if (rule === "window") return weeks(error.token, next) ?? { extras: windowHelp(error.token, next) };
  // `count(send_email)`: the `,` and window are missing.
  if ((rule === "historyCall" || rule === "sumCall") && error.token.tokenType === RParen && error.message.startsWith(`expected ${Comma.LABEL}`)) {
    const at = { start: error.token.startOffset, end: error.token.startOffset };
    return {
      message: "expected `,` and a window but found `)`",
      extras: { help: `a history function ends with a window: ${what}`, fix: { title: "add the window `1h`", edits: [{ span: at, newText: ", 1h" }] } },
    };
  }
  return undefined;
}
