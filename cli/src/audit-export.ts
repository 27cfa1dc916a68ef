// `apol audit export`: a decision log's calls as a trace `apol replay` reads, so logged traffic can be replayed against another policy.
import type { LogRecord } from "@apol/audit";
import type { Decision, LogEntry } from "@apol/runtime";

/** The entries of a log's records in order, with each record's time: what `show` reads too. */
export function logEntries(lines: Iterable<string>): { readonly time: number; readonly entry: LogEntry }[] {
  const found: { time: number; entry: LogEntry }[] = [];
  for (const line of lines) {
    let record: LogRecord;
    try {
      record = JSON.parse(line) as LogRecord;
    } catch {
      continue;
    }
    if (record.kind !== "entry" || typeof record.data !== "object" || record.data === null || !("event" in record.data)) continue;
    found.push({ time: record.time, entry: record.data as LogEntry });
  }
  return found;
}

/**
 * The trace steps of a log's entries, one JSON object each: every decided call (its session, the request's parts the
 * log kept, `now` from the request or else the record's time, tool and arguments, masked arguments as the log holds
 * them), and for each approval of a held call an `approve` step in the held call's session, which `apol replay`
 * answers the held call with. A decision that released a held call is left out: the `approve` step decides it again.
 */
export function traceSteps(entries: readonly { readonly time: number; readonly entry: LogEntry }[]): object[] {
  const sessionOfReview = new Map<string, string>();
  const steps: object[] = [];
  for (const { time, entry } of entries) {
    if (entry.event === "decision") {
      const decision: Decision = entry.decision;
      if (decision.tool === undefined || decision.approved !== undefined) continue;
      if (decision.approvals !== undefined && decision.session !== undefined) sessionOfReview.set(decision.approvals.review, decision.session);
      const { now, ...parts } = entry.request ?? {};
      steps.push({
        ...(decision.session === undefined ? {} : { session: decision.session }),
        now: now ?? new Date(time).toISOString(),
        ...parts,
        tool: decision.tool,
        ...(entry.args === undefined ? {} : { args: entry.args }),
      });
    } else if (entry.event === "approval" && entry.state.ok && typeof entry.approver === "string") {
      const session = sessionOfReview.get(entry.review);
      if (session !== undefined) steps.push({ session, now: new Date(time).toISOString(), approve: entry.approver });
    } else if (entry.event === "rejection" && entry.state.ok && typeof entry.by === "string") {
      const session = sessionOfReview.get(entry.review);
      if (session !== undefined)
        steps.push({ session, now: new Date(time).toISOString(), reject: entry.by, ...(typeof entry.reason === "string" ? { reason: entry.reason } : {}) });
    }
  }
  return steps;
}
