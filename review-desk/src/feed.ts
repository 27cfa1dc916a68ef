// The enforcer's side of the desk: a decision-log sink that publishes each held call, with its context, to the store the desk reads.
import type { DecisionSink, LogEntry, PolicyModule, SessionStore } from "@apol/runtime";
import { DeskRecords, type HeldCall, type RecentCall } from "./records.js";
import { cutAll } from "./truncate.js";

/** How a feed publishes. */
export interface FeedOptions {
  /** The store the enforcer keeps sessions and reviews in (pass the same one to `createEnforcer`). */
  readonly store: SessionStore;
  /** Where entries go besides the desk: the decision log (an `AuditLog`); its failure still fails the decision closed. */
  readonly log?: DecisionSink;
  /** Earlier calls shown per session (default 10). */
  readonly recent?: number;
  /** The time of published calls (default `Date.now`): pass the enforcer's clock. */
  readonly clock?: () => number;
  /** Told when a held call could not be published (the store failing); default `console.warn`. */
  readonly onError?: (message: string) => void;
}

/** A decision-log sink for `createEnforcer(module, { log: feed, explain: true })`; `published` settles once every publication so far has. */
export interface ReviewFeed extends DecisionSink {
  published(): Promise<void>;
}

/** Sessions whose recent calls are remembered, least recently used dropped first. */
const SESSIONS = 1_000;

/**
 * A sink that hands every entry to `options.log` and, for each `review` decision, publishes the held call (masked arguments as
 * the log holds them, matched rules, provenance, the session's recent calls) for the desk. Use it with `explain: true`, so decisions
 * carry matched rules and provenance.
 */
export function reviewFeed(module: PolicyModule, options: FeedOptions): ReviewFeed {
  const records = new DeskRecords(options.store, module);
  const keep = options.recent ?? 10;
  const clock = options.clock ?? Date.now;
  const warn = options.onError ?? ((message: string) => console.warn(`apol review desk: ${message}`));
  const sessions = new Map<string, { steps: number; calls: RecentCall[] }>();
  let pending: Promise<void> = Promise.resolve();

  const remember = (session: string): { steps: number; calls: RecentCall[] } => {
    let known = sessions.get(session);
    if (known) sessions.delete(session);
    else known = { steps: 0, calls: [] };
    sessions.set(session, known);
    if (sessions.size > SESSIONS) sessions.delete(sessions.keys().next().value!);
    return known;
  };

  const publish = (entry: Extract<LogEntry, { event: "decision" }>, recent: readonly RecentCall[], now: number): void => {
    const { decision } = entry;
    const approvals = decision.approvals!;
    const held: HeldCall = {
      review: approvals.review,
      digest: approvals.digest,
      rule: decision.rule,
      ...(decision.location === undefined ? {} : { location: decision.location }),
      reason: decision.reason,
      tool: decision.tool ?? "",
      ...(decision.session === undefined ? {} : { session: decision.session }),
      decision: decision.id,
      required: approvals.required,
      ...(approvals.from === undefined ? {} : { from: approvals.from }),
      expiresAt: Date.parse(approvals.expiresAt),
      args: cutAll(entry.args ?? {}),
      masked: entry.masked ?? [],
      matched: decision.matched ?? [decision.rule],
      provenance: (decision.provenance ?? []).map((p) => cutAll(p) as typeof p),
      recent,
    };
    pending = pending.then(() =>
      records
        .publish(held, now)
        .catch((error: unknown) => warn(`review \`${held.review}\` could not be published: ${error instanceof Error ? error.message : String(error)}`)),
    );
  };

  return {
    append(entry) {
      options.log?.append(entry);
      if (entry.event !== "decision") return;
      const { decision } = entry;
      const now = clock();
      const known = decision.session === undefined ? undefined : remember(decision.session);
      if (decision.effect === "review" && decision.approvals) publish(entry, known?.calls.slice() ?? [], now);
      if (!known) return;
      known.calls.push({
        step: ++known.steps,
        id: decision.id,
        tool: decision.tool ?? "",
        effect: decision.effect,
        rule: decision.rule,
        args: cutAll(entry.args ?? {}),
        at: now,
      });
      if (known.calls.length > keep) known.calls.shift();
    },
    published: () => pending,
  };
}
