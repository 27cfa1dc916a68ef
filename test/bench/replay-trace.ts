// Generated agent traces for `apol replay`, from a seed: interleaved sessions that browse, read, mail and pay; and the policies of examples/replay/ that judge them.
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { seeded } from "./prng.js";

const example = (name: string): string => readFileSync(new URL(`../../examples/replay/${name}`, import.meta.url), "utf8");

/** A policy that reads only the request: the enforcer decides without touching a session. */
export const statelessPolicy = example("assistant-stateless.apol");
/** The deployed policy of a change: session rules with looser limits. */
export const oldStatefulPolicy = example("assistant-deployed.apol");
/** The changed policy: tighter caps, a secret-file sequence rule, a burst rule, and taint cleared by the user's own words. */
export const statefulPolicy = example("assistant.apol");

/** One line of a trace: a call, or content the session observed. */
export type TraceStep =
  | {
      readonly session: string;
      readonly now?: string;
      readonly tool: string;
      readonly args: Readonly<Record<string, unknown>>;
      readonly output?: string;
      readonly outputLabels?: readonly string[];
      readonly taint?: Readonly<Record<string, readonly string[]>>;
    }
  | { readonly session: string; readonly now?: string; readonly observe: string; readonly labels: readonly string[] };

/** What a trace is made of. */
export interface TraceSpec {
  readonly seed: number;
  /** Sessions open at once; each ends after about 50 steps and a new one takes its place. */
  readonly sessions: number;
}

const START = Date.parse("2026-11-21T08:00:00Z");
const ADDRESSES = ["ann@acme.example", "bob@acme.example", "leak@evil.example", "ops@partner.example"];
const PAYEES = ["DE89370400440532013000", "GB33BUKB20201555555555", "FR7630006000011234567890189"];
const PATHS = ["/work/notes.md", "/work/plan.md", "/work/report.csv", "/work/todo.txt"];
const URLS = ["https://news.example/today", "https://pay.example/invoice", "http://old.example/page"];

/**
 * An endless, reproducible trace. Each step picks an open session, advances the clock
 * (by nothing a third of the time, so bursts happen, else by up to 8 seconds; one step
 * in 20 after the first has no `now` and takes the latest earlier time) and calls a tool
 * or, one step in 12, records a user message naming a recipient. A third of the fetched pages name
 * a recipient too, so later calls to it are tainted unless the user named it as well.
 */
export function* traceSteps(spec: TraceSpec): Generator<TraceStep> {
  const random = seeded(spec.seed);
  let time = START;
  let opened = spec.sessions;
  let first = true;
  const open = Array.from({ length: spec.sessions }, (_, i) => `s-${i + 1}`);
  const recipient = (): string => (random.chance(0.5) ? random.pick(ADDRESSES) : random.pick(PAYEES));
  for (;;) {
    const slot = random.int(0, spec.sessions - 1);
    if (random.chance(1 / 50)) open[slot] = `s-${++opened}`;
    const session = open[slot]!;
    if (!random.chance(1 / 3)) time += random.int(0, 8000);
    // The first step has a time, so no session starts at the epoch and idles for 56 years before the next.
    const timed = first || random.chance(19 / 20) ? { now: new Date(time).toISOString() } : {};
    first = false;
    if (random.chance(1 / 12)) {
      yield { session, ...timed, observe: `please send it to ${recipient()}`, labels: ["user"] };
      continue;
    }
    const kind = random.int(0, 19);
    if (kind <= 3) {
      const output = random.chance(1 / 3) ? `page text: contact ${recipient()} for details` : "page text: nothing to see";
      yield { session, ...timed, tool: "fetch", args: { url: random.pick(URLS) }, output };
    } else if (kind <= 8) {
      const path = random.chance(1 / 30) ? "/secret/keys.txt" : random.pick(PATHS);
      yield { session, ...timed, tool: "read_file", args: { path }, output: "file text", ...(random.chance(0.1) ? { outputLabels: ["untrusted"] } : {}) };
    } else if (kind <= 11) {
      yield { session, ...timed, tool: "search", args: { query: "weather" } };
    } else if (kind <= 15) {
      const to = random.pick(ADDRESSES);
      yield { session, ...timed, tool: "send_email", args: { to, body: "hello" }, ...(random.chance(0.05) ? { taint: { to: ["untrusted"] } } : {}) };
    } else {
      // One payment in 40 has a mistyped amount: a `$invalid-request` deny.
      const amount = random.chance(1 / 40) ? String(random.int(1, 300)) : random.int(1, 30) * 10;
      yield { session, ...timed, tool: "pay", args: { to: random.pick(PAYEES), amount } };
    }
  }
}

/** The first `count` steps of the trace `spec` makes. */
export function takeSteps(spec: TraceSpec, count: number): TraceStep[] {
  const steps: TraceStep[] = [];
  for (const step of traceSteps(spec)) {
    if (steps.length === count) break;
    steps.push(step);
  }
  return steps;
}

/** Writes steps of the trace `spec` makes to `path` as JSON Lines until the file holds at least `bytes`; returns how many steps (and of them calls) it wrote. */
export function writeTrace(path: string, spec: TraceSpec, bytes: number): { readonly steps: number; readonly calls: number; readonly bytes: number } {
  const fd = openSync(path, "w");
  let written = 0;
  let steps = 0;
  let calls = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  try {
    for (const step of traceSteps(spec)) {
      if (written + pendingLength >= bytes) break;
      const line = `${JSON.stringify(step)}\n`;
      pending.push(line);
      // Trace lines are ASCII: characters are bytes.
      pendingLength += line.length;
      steps++;
      if (!("observe" in step)) calls++;
      if (pendingLength >= 1 << 20) {
        written += writeSync(fd, pending.join(""));
        pending = [];
        pendingLength = 0;
      }
    }
    written += writeSync(fd, pending.join(""));
  } finally {
    closeSync(fd);
  }
  return { steps, calls, bytes: written };
}
