// The default session store: sessions in this process's memory, forgotten after idle time, bounded in number and size.
import { Session, type SessionEvent } from "../session/session.js";
import { clockSkew } from "./clock.js";
import type { Attempt, RecordChange, StoreConfig, SyncSessionStore, Transacted } from "./store.js";

/** Options of the memory store. */
export interface MemoryStoreOptions {
  /** Sessions held at most (default 100,000); a new session beyond that is refused until idle ones expire. */
  readonly maxSessions?: number;
  /** Review records held at most (default 100,000); past that, opening a review fails until old ones are forgotten. */
  readonly maxRecords?: number;
  /**
   * The store's clock, in milliseconds since the epoch: idle sessions are swept by it, never by another session's
   * request, and a request whose `now` is farther from it than the enforcer's `clockToleranceMs` is refused.
   * Without one, sweeps go by `Date.now` and requests' times are not checked (a replay, a test with fixed times).
   */
  readonly clock?: () => number;
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
  /** The store's time when a request last touched the session. */
  seen: number;
}

/** A session whose content could not be kept (the store was full): until it goes idle, reading its content fails closed. */
interface Lost {
  readonly config: StoreConfig;
  readonly reason: string;
  seen: number;
}

/** How often, in the store's time, idle sessions are swept out (a session is also reset when its own next request comes after its idle time). */
const SWEEP_MS = 60_000;

/**
 * Keeps sessions in memory. JavaScript runs one thing at a time, so reading a
 * session, deciding and appending the allowed call is one atomic step. A session is
 * forgotten when the store's clock passes `idleMs` since a request last touched it,
 * or when its own next request comes `idleMs` after its last one: a request's time
 * never expires another session.
 */
export class MemoryStore implements SyncSessionStore {
  readonly synchronous = true;
  /** Sessions by policy (the enforcer's config object), then by id: no key string is built per decision. */
  private readonly sessions = new Map<StoreConfig, Map<string, Held>>();
  private count = 0;
  private readonly maxSessions: number;
  private readonly empty = new WeakMap<StoreConfig, Session>();
  private nextSweep = -Infinity;
  /** Sessions that lost content while the store was full, by policy then id; bounded like sessions. */
  private readonly lost = new Map<StoreConfig, Map<string, Lost>>();
  private lostCount = 0;
  /** Until this store time, every session not held is taken to have lost content: more were lost than could be remembered. */
  private lostAllUntil = -Infinity;
  private readonly clock: (() => number) | undefined;
  /** Records by policy name, so enforcers of one policy sharing this store share reviews. */
  private readonly records = new Map<string, Map<string, Kept>>();
  private recordCount = 0;
  private nextRecordSweep = -Infinity;
  private readonly maxRecords: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxSessions = options.maxSessions ?? 100_000;
    this.maxRecords = options.maxRecords ?? 100_000;
    this.clock = options.clock;
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
    const time = this.time();
    const skew = this.skew(config, now, time);
    if (skew !== undefined) return { invalid: skew };
    const held = this.lookup(config, id, now, time);
    const session = held?.session ?? this.standIn(config, id, time);
    if (held) {
      session.touch(now);
      // Calls out of every window must not count against the limit: a session at it would be refused forever.
      if (session.history.size >= config.limits.entries) session.dropOutOfWindow();
    }
    const { result, event } = attempt(session.view(now), session);
    if (event?.kind === "call" && session.history.size >= config.limits.entries) {
      // A refused retry leaves the idle timer alone: retrying must not keep a full session alive.
      return { result, refused: `session \`${id}\` holds ${config.limits.entries} calls, the limit` };
    }
    if (held) touch(held, now, time);
    if (!event) return { result };
    const target = held ?? this.create(config, id, now, time);
    if (!target) return { result, refused: `the memory store holds ${this.maxSessions} sessions, the limit` };
    this.commit(target, event);
    return { result };
  }

  append(config: StoreConfig, id: string, now: number | undefined, events: readonly SessionEvent[]): void {
    if (events.length === 0) return;
    const time = this.time();
    const skew = this.skew(config, now, time);
    if (skew !== undefined) throw new Error(skew);
    const held = this.lookup(config, id, now, time) ?? this.create(config, id, now, time);
    if (!held) {
      const reason = `the memory store holds ${this.maxSessions} sessions, the limit`;
      if (events.some((e) => e.kind === "content" || e.kind === "lost")) this.loseContent(config, id, `session content could not be kept: ${reason}`, time);
      throw new Error(`cannot keep session \`${id}\`: ${reason}`);
    }
    touch(held, now, time);
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
    // Records are swept by the request's time, but never past the store's own: a request dated far ahead must not
    // forget other sessions' pending reviews (one clock rule, as for sessions).
    const sweepAt = Math.min(now, this.time());
    if (full || sweepAt >= this.nextRecordSweep) this.forget(sweepAt, full);
    if (this.recordCount + added > this.maxRecords) throw new Error(`the memory store holds ${this.maxRecords} review records, the limit`);
    if (!held) this.records.set(config.namespace, (held = new Map<string, Kept>()));
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
    if (event.kind === "content" && session.contents.kept + event.text.length * event.labels.length > config.limits.contentUnits) {
      session.contentLost ??= `session content reached the limit of ${config.limits.contentUnits} code units`;
      return;
    }
    session.apply(event);
  }

  /** The store's time. */
  private time(): number {
    return this.clock ? this.clock() : Date.now();
  }

  /** Why a request at `now` is refused: its time is farther from the store's clock (reading `time`) than the policy's tolerance. */
  private skew(config: StoreConfig, now: number | undefined, time: number): string | undefined {
    return this.clock === undefined || now === undefined ? undefined : clockSkew(now, time, config.clockToleranceMs);
  }

  /** The live session; one idle past `idleMs` (by the store's clock or its own request's time) is forgotten first. */
  private lookup(config: StoreConfig, id: string, now: number | undefined, time: number): Held | undefined {
    if (time >= this.nextSweep) this.sweep(time);
    const sessions = this.sessions.get(config);
    const held = sessions?.get(id);
    if (!held) return undefined;
    if (expired(held, now, time)) {
      sessions!.delete(id);
      this.count--;
      return undefined;
    }
    return held;
  }

  private create(config: StoreConfig, id: string, now: number | undefined, time: number): Held | undefined {
    if (this.count >= this.maxSessions) this.sweep(time);
    if (this.count >= this.maxSessions) return undefined;
    const held: Held = { session: new Session(config.needs), config, active: undefined, seen: time };
    // A session that lost content while the store was full keeps failing closed on content once it exists.
    const lost = this.lost.get(config)?.get(id);
    if (lost) {
      held.session.contentLost = lost.reason;
      this.lost.get(config)!.delete(id);
      this.lostCount--;
    } else if (time < this.lostAllUntil) held.session.contentLost = LOST_UNTRACKED;
    touch(held, now, time);
    let sessions = this.sessions.get(config);
    if (!sessions) this.sessions.set(config, (sessions = new Map<string, Held>()));
    sessions.set(id, held);
    this.count++;
    return held;
  }

  /**
   * A read-only stand-in for a session that does not exist yet (deciding must not create sessions): empty, or,
   * for one that lost content, marked so that reading content fails closed.
   */
  private standIn(config: StoreConfig, id: string, time: number): Session {
    const lost = this.lost.get(config)?.get(id);
    const reason = lost && time - lost.seen < config.idleMs ? lost.reason : time < this.lostAllUntil ? LOST_UNTRACKED : undefined;
    if (reason !== undefined) {
      const session = new Session(config.needs);
      session.contentLost = reason;
      return session;
    }
    let session = this.empty.get(config);
    if (!session) this.empty.set(config, (session = new Session(config.needs)));
    return session;
  }

  /** Remembers that session `id` lost content; past `maxSessions` such sessions, every session not held is taken to have lost some, for the idle time. */
  private loseContent(config: StoreConfig, id: string, reason: string, time: number): void {
    let lost = this.lost.get(config);
    const known = lost?.get(id);
    if (known) {
      known.seen = time;
      return;
    }
    if (this.lostCount >= this.maxSessions) {
      this.lostAllUntil = Math.max(this.lostAllUntil, time + config.idleMs);
      return;
    }
    if (!lost) this.lost.set(config, (lost = new Map<string, Lost>()));
    lost.set(id, { config, reason, seen: time });
    this.lostCount++;
  }

  /** Forgets sessions (and marks of lost content) idle for `idleMs` of the store's time. */
  private sweep(time: number): void {
    this.nextSweep = time + SWEEP_MS;
    for (const sessions of this.sessions.values()) {
      for (const [id, held] of sessions) {
        if (time - held.seen < held.config.idleMs) continue;
        sessions.delete(id);
        this.count--;
      }
    }
    for (const lost of this.lost.values()) {
      for (const [id, mark] of lost) {
        if (time - mark.seen < mark.config.idleMs) continue;
        lost.delete(id);
        this.lostCount--;
      }
    }
  }

  private *all(): Iterable<Held> {
    for (const sessions of this.sessions.values()) yield* sessions.values();
  }
}

/** Why content reads fail in a session the store could not remember individually. */
const LOST_UNTRACKED = "session content may have been lost while the memory store was full";

/** Whether a session is idle: by the store's clock, or by its own request's time (which moves only this session). */
function expired(held: Held, now: number | undefined, time: number): boolean {
  if (time - held.seen >= held.config.idleMs) return true;
  return now !== undefined && held.active !== undefined && now - held.active >= held.config.idleMs;
}

function touch(held: Held, now: number | undefined, time: number): void {
  held.seen = Math.max(held.seen, time);
  if (now !== undefined && Number.isFinite(now)) {
    held.active = held.active === undefined ? now : Math.max(held.active, now);
    held.session.touch(now);
  }
}
