// The default session store: sessions in this process's memory, forgotten after idle time, bounded in number and size.
import { Session, type SessionEvent } from "./session.js";
import type { Attempt, RecordChange, StoreConfig, SyncSessionStore, Transacted } from "./store.js";

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /** Sessions held at most (default 100,000); a new session beyond that is refused until idle ones expire. */
  readonly maxSessions?: number;
  /** Review records held at most (default 100,000); past that, opening a review fails until old ones are forgotten. */
  readonly maxRecords?: number;
}

/** A record's text and the time after which it may be forgotten. */
interface Kept {
  readonly text: string;
  readonly keepUntil: number;
}

interface Held {
  readonly session: Session;
  readonly config: StoreConfig;
  /** The latest time of a request that touched the session; undefined while no request had a time. */
  active: number | undefined;
}

/** How often, in request time, expired sessions are swept out (they are also reset when next touched). */
const SWEEP_MS = 60_000;

/**
 * Keeps sessions in memory. JavaScript runs one thing at a time, so reading a
 * session, deciding and appending the allowed call is one atomic step. Time is the
 * requests' time: a session is forgotten once a request comes `idleMs` after the
 * last one that touched it; with no time at all, sessions are never forgotten.
 */
export class MemoryStore implements SyncSessionStore {
  readonly synchronous = true;
  /** Sessions by policy (the enforcer's config object), then by id: no key string is built per decision. */
  private readonly sessions = new Map<StoreConfig, Map<string, Held>>();
  private count = 0;
  private readonly maxSessions: number;
  private readonly empty = new WeakMap<StoreConfig, Session>();
  private nextSweep = -Infinity;
  /** Records by policy name, so enforcers of one policy sharing this store share reviews. */
  private readonly records = new Map<string, Map<string, Kept>>();
  private recordCount = 0;
  private nextRecordSweep = -Infinity;
  private readonly maxRecords: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 100_000;
    this.maxRecords = options.maxRecords ?? 100_000;
  }

  /** The number of sessions held. */
  get size(): number {
    return this.count;
  }

  /** Approximate bytes held by sessions' content indexes (history entries are JavaScript objects, measured by the benchmark). */
  get contentBytes(): number {
    let bytes = 0;
    for (const held of this.all()) bytes += held.session.contents.bytes;
    return bytes;
  }

  transact<T>(config: StoreConfig, id: string, now: number | undefined, attempt: Attempt<T>): Transacted<T> {
    const held = this.lookup(config, id, now);
    const session = held?.session ?? this.emptySession(config);
    const { result, event } = attempt(session.view(now), session);
    if (!event) return { result };
    if (event.kind === "call" && session.history.size >= config.limits.entries) {
      return { result, refused: `session \`${id}\` holds ${config.limits.entries} calls, the limit` };
    }
    const target = held ?? this.create(config, id, now);
    if (!target) return { result, refused: `the memory store holds ${this.maxSessions} sessions, the limit` };
    this.commit(target, event);
    return { result };
  }

  append(config: StoreConfig, id: string, now: number | undefined, events: readonly SessionEvent[]): void {
    if (events.length === 0) return;
    const held = this.lookup(config, id, now) ?? this.create(config, id, now);
    if (!held) throw new Error(`cannot keep session \`${id}\`: the memory store holds ${this.maxSessions} sessions, the limit`);
    for (const event of events) this.commit(held, event);
  }

  read(config: StoreConfig, keys: readonly string[]): (string | null)[] {
    const held = this.records.get(config.namespace);
    return keys.map((key) => held?.get(key)?.text ?? null);
  }

  swap(config: StoreConfig, changes: readonly RecordChange[], now: number, keepUntil: number): boolean {
    let held = this.records.get(config.namespace);
    if (!changes.every((c) => (held?.get(c.key)?.text ?? null) === c.expected)) return false;
    const added = changes.filter((c) => c.expected === null && c.next !== null).length;
    const full = this.recordCount + added > this.maxRecords;
    if (full || now >= this.nextRecordSweep) this.forget(now, full);
    if (this.recordCount + added > this.maxRecords) throw new Error(`the memory store holds ${this.maxRecords} review records, the limit`);
    if (!held) this.records.set(config.namespace, (held = new Map()));
    for (const { key, expected, next } of changes) {
      // Deleting first moves a rewritten record to the end: the map stays in order of last write, which the sweep relies on.
      held.delete(key);
      if (next !== null) held.set(key, { text: next, keepUntil });
      this.recordCount += (next === null ? 0 : 1) - (expected === null ? 0 : 1);
    }
    return true;
  }

  /**
   * Drops records past their `keepUntil`. The periodic sweep (at most once a minute
   * of request time) walks each policy's records in order of last write and stops at
   * the first one still kept, so it costs what it drops; a full store looks at every record.
   */
  private forget(now: number, everything: boolean): void {
    this.nextRecordSweep = now + SWEEP_MS;
    for (const held of this.records.values()) {
      for (const [key, kept] of held) {
        if (kept.keepUntil > now) {
          if (everything) continue;
          break;
        }
        held.delete(key);
        this.recordCount--;
      }
    }
  }

  /** Applies an event within the session's limits: content beyond them is dropped and the session marked. */
  private commit(held: Held, event: SessionEvent): void {
    const { session, config } = held;
    if (event.kind === "call" && session.history.size >= config.limits.entries) {
      throw new Error(`cannot add a call: the session holds ${config.limits.entries} calls, the limit`);
    }
    if (event.kind === "content" && session.contents.indexed + event.text.length * event.labels.length > config.limits.contentUnits) {
      session.contentLost ??= `session content reached the limit of ${config.limits.contentUnits} code units`;
      return;
    }
    session.apply(event);
  }

  /** The live session, touched at `now`; a session idle past `idleMs` is forgotten first. */
  private lookup(config: StoreConfig, id: string, now: number | undefined): Held | undefined {
    if (now !== undefined && Number.isFinite(now) && now >= this.nextSweep) this.sweep(now);
    const sessions = this.sessions.get(config);
    const held = sessions?.get(id);
    if (!held) return undefined;
    if (expired(held, now)) {
      sessions!.delete(id);
      this.count--;
      return undefined;
    }
    touch(held, now);
    return held;
  }

  private create(config: StoreConfig, id: string, now: number | undefined): Held | undefined {
    if (this.count >= this.maxSessions && now !== undefined) this.sweep(now);
    if (this.count >= this.maxSessions) return undefined;
    const held: Held = { session: new Session(config.needs), config, active: undefined };
    touch(held, now);
    let sessions = this.sessions.get(config);
    if (!sessions) this.sessions.set(config, (sessions = new Map()));
    sessions.set(id, held);
    this.count++;
    return held;
  }

  /** A read-only stand-in for a session that does not exist yet: deciding must not create sessions. */
  private emptySession(config: StoreConfig): Session {
    let session = this.empty.get(config);
    if (!session) this.empty.set(config, (session = new Session(config.needs)));
    return session;
  }

  private sweep(now: number): void {
    this.nextSweep = now + SWEEP_MS;
    for (const sessions of this.sessions.values()) {
      for (const [id, held] of sessions) {
        if (!expired(held, now)) continue;
        sessions.delete(id);
        this.count--;
      }
    }
  }

  private *all(): Iterable<Held> {
    for (const sessions of this.sessions.values()) yield* sessions.values();
  }
}

function expired(held: Held, now: number | undefined): boolean {
  return now !== undefined && held.active !== undefined && now - held.active >= held.config.idleMs;
}

function touch(held: Held, now: number | undefined): void {
  if (now !== undefined && Number.isFinite(now)) {
    held.active = held.active === undefined ? now : Math.max(held.active, now);
    held.session.touch(now);
  }
}
