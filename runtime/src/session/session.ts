// One session's state and the events that change it: a call allowed, its output recorded, content observed.
import type { ContentSource, SessionView, StateNeeds } from "../contract.js";
import { OTHER_THAN_UNTRUSTED, SessionContents } from "../provenance/content-index.js";
import { SessionHistory } from "./history-index.js";
import { plainCopy } from "../data/plain.js";
import { contentText, UnreadableContent } from "../provenance/text.js";
import { isRecord } from "../evaluate/value-semantics.js";

/**
 * What changes a session. Stores apply them in one order: the memory store at
 * once, the Redis store through a shared log that every worker replays.
 */
export type SessionEvent =
  /** An allowed call the policy's history functions cover, with only the arguments they read; `time` is NaN when unknown. */
  | { readonly kind: "call"; readonly id: string; readonly tool: string; readonly args: Readonly<Record<string, unknown>>; readonly time: number }
  /** The call `id` voided: its tool failed, so it leaves history (and every count and sum) as if it had never been allowed. */
  | { readonly kind: "void"; readonly id: string }
  /** The output of the call `id`, kept when the policy reads `it.output` of its tool. */
  | { readonly kind: "output"; readonly id: string; readonly output: unknown }
  /** Labelled content (a recorded output, with the call that made it, or an observation), with only the labels the policy asks about. */
  | { readonly kind: "content"; readonly text: string; readonly labels: readonly string[]; readonly source?: ContentSource }
  /** Content that could not be read whole: from then on the session's decisions that read content fail closed. */
  | { readonly kind: "lost"; readonly reason: string };

/** Per-session bounds: what a store does when one is reached is in docs/session-state.md. */
export interface SessionLimits {
  /** Calls kept in history at most (pruned ones do not count). */
  readonly entries: number;
  /** Code units of content kept at most (a text as given, once per label). */
  readonly contentUnits: number;
}

/** The events a policy's needs turn an allowed call into: none when no history function covers its tool. */
export function callEvent(needs: StateNeeds, id: string, tool: string, args: unknown, time: number): SessionEvent | undefined {
  const need = Object.hasOwn(needs.history, tool) ? needs.history[tool] : undefined;
  // A call without a time can only ever be counted by a `session` window.
  if (!need || (Number.isNaN(time) && need.windowMs !== Infinity)) return undefined;
  const given = isRecord(args) ? args : {};
  let kept: Record<string, unknown> = {};
  if (need.args === true) kept = given;
  else {
    for (const a of need.args) {
      if (!Object.hasOwn(given, a)) continue;
      // An argument named `__proto__` must stay an own property, not become the prototype.
      if (a === "__proto__") Object.defineProperty(kept, a, { value: given[a], enumerable: true, writable: true, configurable: true });
      else kept[a] = given[a];
    }
  }
  return { kind: "call", id, tool, args: kept, time };
}

/** The events recording `output` of the call `id` to `tool` makes, with `labels` (the tool's and the caller's). */
export function outputEvents(needs: StateNeeds, id: string, tool: string, output: unknown, labels: readonly string[]): SessionEvent[] {
  const events: SessionEvent[] = [];
  // The kept output is read once into plain data: `where` clauses read it later, and Redis spells it as JSON.
  if (Object.hasOwn(needs.history, tool) && needs.history[tool]!.output && output !== undefined)
    events.push({ kind: "output", id, output: plainCopy(output, "output").value });
  const content = contentEvent(needs, output, labels, { call: id, tool });
  if (content) events.push(content);
  return events;
}

/**
 * The event observing `content` with `labels`: none when the policy asks about none of them, and
 * `lost` when the content cannot be read whole (a throwing getter or Proxy, too many values). Content
 * without the `untrusted` label is also kept as OTHER_THAN_UNTRUSTED when the policy asks that (it uses `tainted`).
 */
export function contentEvent(needs: StateNeeds, content: unknown, labels: readonly string[], source?: ContentSource): SessionEvent | undefined {
  // The labels the policy asks about, once each, in order (a loop: every recorded output passes here).
  const kept: string[] = [];
  const keep = (label: string): void => {
    if (!kept.includes(label) && needs.labels.includes(label)) kept.push(label);
  };
  for (const label of labels) keep(label);
  if (!labels.includes("untrusted")) keep(OTHER_THAN_UNTRUSTED);
  if (kept.length === 0) return undefined;
  try {
    const text = contentText(content);
    return source ? { kind: "content", text, labels: kept, source } : { kind: "content", text, labels: kept };
  } catch (error) {
    if (!(error instanceof UnreadableContent)) throw error;
    const named = kept.filter((l) => l !== OTHER_THAN_UNTRUSTED);
    const what = named.length === 0 ? "content" : `content labelled ${named.map((l) => `\`${l}\``).join(", ")}`;
    return { kind: "lost", reason: `${what} could not be read (${error.message})` };
  }
}

/** The state of one session: history, content, and the latest time it has seen. */
export class Session {
  readonly history: SessionHistory;
  readonly contents: SessionContents;
  /** The latest finite time of any decision or call in the session: windows are pruned back from it. */
  latest = -Infinity;
  /** Why content could not be kept (a limit, a failed write): decisions that read content then fail closed. */
  contentLost: string | undefined;

  /**
   * A store's session prunes calls out of every window and indexes content while the host is idle; `live: false`
   * (a snapshot, evaluated once as given, whatever its times) keeps every call and indexes content when asked.
   */
  constructor(
    needs: StateNeeds,
    private readonly live = true,
  ) {
    this.history = new SessionHistory(needs.history);
    this.contents = new SessionContents(live);
  }

  /** Moves the session's clock forward to `now` (never back). */
  touch(now: number | undefined): void {
    if (now !== undefined && Number.isFinite(now) && now > this.latest) this.latest = now;
  }

  /** Drops the calls no window reaches from the session's latest time, before a limit on kept calls is checked. */
  dropOutOfWindow(): void {
    if (this.live) this.history.prune(this.latest);
  }

  apply(event: SessionEvent): void {
    switch (event.kind) {
      case "call":
        this.touch(event.time);
        return this.history.add({ id: event.id, tool: event.tool, args: event.args, time: event.time }, this.live ? this.latest : NaN);
      case "void":
        return this.history.remove(event.id);
      case "output":
        return this.history.attach(event.id, event.output);
      case "content":
        return this.contents.add(event.text, event.labels, event.source);
      // INVARIANT (lost-fails-closed): content that could not be read marks the session, never reads as nothing.
      case "lost":
        this.contentLost ??= event.reason;
        return;
    }
  }

  /** What a decision at `now` reads. */
  view(now: number | undefined): SessionView {
    return { now, history: this.history, contents: this.contents };
  }
}
