// Watches the store for reviews opening and changing (approved, rejected, released, expired) and tells the desk's listeners.
import type { ReviewRecord } from "@apol/runtime";
import type { DeskRecords, HeldCall } from "./records.js";
import { summary, type Groups, type Summary } from "./view.js";

/** What changed: a review opened (first seen pending), or a known review's status or approvals changed. */
export interface ReviewEvent {
  readonly type: "opened" | "changed";
  readonly review: Summary;
}

/** A review being watched: its held call and what was last seen of it. */
interface Watched {
  readonly held: HeldCall;
  seen: string;
}

/** How a row looks, to tell a change. */
const look = (record: ReviewRecord | undefined): string => (record === undefined ? "gone" : `${record.status}:${record.approvals.length}:${record.expiresAt}`);

/**
 * Polls the desk's index and the reviews it has not seen end, every `pollMs`. Reviews that were listed before the first poll
 * are watched without an `opened` event, so restarting the desk does not notify anyone twice.
 */
export class Watcher {
  private readonly listeners = new Set<(event: ReviewEvent) => void>();
  private readonly watched = new Map<string, Watched>();
  private readonly known = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private first = true;
  private stopped = false;
  private looking: Promise<void> = Promise.resolve();

  constructor(
    private readonly records: DeskRecords,
    private readonly groups: Groups,
    private readonly pollMs: number,
    private readonly clock: () => number,
    private readonly onError: (message: string) => void,
  ) {}

  start(): void {
    const loop = async (): Promise<void> => {
      await this.poll().catch((error: unknown) => this.onError(`the store could not be read: ${error instanceof Error ? error.message : String(error)}`));
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.pollMs);
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  subscribe(listener: (event: ReviewEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One look at the store, after any look under way: two at once would both see a new review and announce it twice. */
  poll(): Promise<void> {
    const next = this.looking.then(() => this.look());
    this.looking = next.catch(() => {});
    return next;
  }

  private async look(): Promise<void> {
    const ids = await this.records.ids();
    const fresh = ids.filter((id) => !this.known.has(id));
    const held = await this.records.held(fresh);
    fresh.forEach((id, i) => {
      this.known.add(id);
      if (held[i]) this.watched.set(id, { held: held[i], seen: "new" });
    });
    const watching = [...this.watched.keys()];
    const records = await this.records.reviews(watching);
    const now = this.clock();
    const quiet = this.first;
    this.first = false;
    watching.forEach((id, i) => {
      const entry = this.watched.get(id)!;
      const record = records[i];
      const seen = look(record);
      if (record === undefined || seen === entry.seen) {
        if (record === undefined) this.watched.delete(id);
        return;
      }
      const opened = entry.seen === "new";
      entry.seen = seen;
      const row = summary(entry.held, record, this.groups, now);
      if (row.status !== "pending") this.watched.delete(id);
      if (opened && (quiet || row.status !== "pending")) return;
      for (const listener of this.listeners) listener({ type: opened ? "opened" : "changed", review: row });
    });
    // A pending review's expiry is a change nobody writes: it is seen by the clock.
    for (const [id, entry] of this.watched) {
      if (now >= entry.held.expiresAt) {
        const [record] = await this.records.reviews([id]);
        this.watched.delete(id);
        if (record) for (const listener of this.listeners) listener({ type: "changed", review: summary(entry.held, record, this.groups, now) });
      }
    }
  }
}
