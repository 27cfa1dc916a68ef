// A session store in Redis: each worker keeps a replica of the sessions it decides, and one Lua script per exchange commits atomically.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import {
  clockSkew,
  Session,
  type AsyncSessionStore,
  type Attempt,
  type RecordChange,
  type SessionEvent,
  type StoreConfig,
  type Transacted,
} from "@apol/runtime/store";
import { contentArgs, decodeContent, decodeHistory, historyArgs, type ContentEvent } from "./codec.js";
import { SWAP_SCRIPT } from "./record-script.js";
import { SESSION_SCRIPT } from "./script.js";

/** Options of the Redis store. */
export interface RedisStoreOptions {
  /** A connected ioredis client to use (the caller closes it); else one is made from `url`. */
  readonly client?: Redis;
  /** Where Redis is, when no client is given (default `redis://127.0.0.1:6379`). */
  readonly url?: string;
  /** What every key starts with (default `apol:`); then the policy's name and the session in braces, a Redis Cluster hash tag. */
  readonly keyPrefix?: string;
  /** An exchange that takes longer fails: the decision is a `$state-unavailable` deny (default 100 ms). */
  readonly timeoutMs?: number;
  /** Tries at one decision while other workers keep changing its session (default 32). */
  readonly maxAttempts?: number;
  /** Sessions this process keeps replicas of, least recently used dropped first (default 10,000). */
  readonly replicas?: number;
  /**
   * Whether to work with a server that may evict keys under memory pressure (a `maxmemory-policy` other than
   * `noeviction`); default false: the store refuses such a server, because an evicted session would reset its limits.
   * Evicted state is still detected where it can be (see docs/session-state.md), but a whole session evicted at once
   * looks new to a worker that holds no copy of it.
   */
  readonly allowEviction?: boolean;
}

/** What one exchange returned, when the session was there to read. */
interface Reply {
  readonly status: "ok" | "stale" | "full";
  readonly generation: string;
  readonly history: number;
  readonly contents: number;
  readonly lost: string;
  /** Whether the events are the whole session rather than what the replica lacks. */
  readonly full: boolean;
  readonly historyEvents: readonly string[];
  readonly contentEvents: readonly string[];
}

/** Why an exchange read nothing: the request's time is too far from the server's clock, or the session's state was lost. */
type Refusal = { readonly status: "clock"; readonly serverTime: number } | { readonly status: "gone"; readonly why: string };

/** This process's copy of a session, and the counters that name the state it reflects. */
interface Replica {
  session: Session;
  generation: string;
  history: number;
  contents: number;
  /** When (this process's clock) Redis last confirmed the session: its keys live `idleMs` from then. */
  confirmed: number;
}

/** Slack for the difference between this process's clock and Redis's expiry of the session's keys. */
const EXPIRY_SLACK_MS = 1000;

/** Counts of what the store did, for benchmarks and monitoring. */
export interface RedisStoreStats {
  /** `transact` calls (decisions that needed their session). */
  transactions: number;
  /** Script runs: each is one round trip to Redis. */
  roundTrips: number;
  /** Commits refused because another worker changed the session first (each costs a retry). */
  conflicts: number;
}

type ScriptCommand = (meta: string, history: string, content: string, ...args: string[]) => Promise<unknown[]>;
type SwapCommand = (keyCount: number, ...keysAndArgs: string[]) => Promise<number>;

/**
 * Keeps sessions in Redis for fleets of workers. A decision runs against this
 * process's replica of the session and commits with one script run that succeeds
 * only if no other worker changed the session since the replica was current;
 * otherwise Redis returns what changed, the replica catches up and the decision is
 * made again. So N workers enforcing "at most 20 an hour" admit exactly 20, and a
 * decision on a warm replica costs one round trip.
 */
export class RedisStore implements AsyncSessionStore {
  readonly synchronous = false;
  readonly stats: RedisStoreStats = { transactions: 0, roundTrips: 0, conflicts: 0 };
  readonly client: Redis;
  private readonly owned: boolean;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxReplicas: number;
  private readonly replicas = new Map<string, Replica>();
  /** The last exchange queued per session: this process talks about one session one exchange at a time. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly run: ScriptCommand;
  private readonly runSwap: SwapCommand;
  private readonly allowEviction: boolean;
  /** The check of the server's eviction policy on the current connection; every exchange waits for it. */
  private policyChecked: Promise<void> | undefined;

  constructor(options: RedisStoreOptions = {}) {
    this.owned = options.client === undefined;
    this.client =
      options.client ??
      new Redis(options.url ?? "redis://127.0.0.1:6379", {
        // Fail at once while disconnected (the decision fails closed) instead of queueing; reconnect in the background.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        retryStrategy: (times) => Math.min(times * 50, 1000),
      });
    // Connection errors surface as failed exchanges; without a listener ioredis would report each one as unhandled.
    if (this.owned) this.client.on("error", () => {});
    this.prefix = options.keyPrefix ?? "apol:";
    this.timeoutMs = options.timeoutMs ?? 100;
    this.maxAttempts = options.maxAttempts ?? 32;
    this.maxReplicas = options.replicas ?? 10_000;
    this.allowEviction = options.allowEviction === true;
    // A reconnection may reach another server (a failover): check its policy again.
    this.client.on("ready", () => (this.policyChecked = undefined));
    this.client.defineCommand("apolSession", { numberOfKeys: 3, lua: SESSION_SCRIPT });
    this.run = (this.client as unknown as { apolSession: ScriptCommand }).apolSession.bind(this.client);
    this.client.defineCommand("apolSwap", { lua: SWAP_SCRIPT });
    this.runSwap = (this.client as unknown as { apolSwap: SwapCommand }).apolSwap.bind(this.client);
  }

  /**
   * Resolves once the client is connected and the server keeps keys until they expire (decisions before that fail
   * closed); rejects when the server may evict keys (unless `allowEviction`).
   */
  async connect(): Promise<void> {
    if (this.client.status === "wait") await this.client.connect();
    else if (this.client.status !== "ready") await new Promise<void>((resolve) => this.client.once("ready", () => resolve()));
    await this.checkPolicy();
  }

  /** Refuses a server whose `maxmemory-policy` evicts keys: every apol key has a TTL, so every `volatile-*` policy can drop a session's state. */
  private checkPolicy(): Promise<void> {
    if (this.allowEviction) return Promise.resolve();
    this.policyChecked ??= this.withTimeout(this.client.info("memory")).then(
      (info) => {
        const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
        if (policy === "noeviction") return;
        throw new Error(
          `Redis may evict keys (maxmemory-policy \`${policy ?? "unknown"}\`), which would silently reset limits and taint: set \`maxmemory-policy noeviction\` or pass \`allowEviction: true\``,
        );
      },
      (error: unknown) => {
        // Not answered (disconnected, slow): ask again next time rather than remember the failure.
        this.policyChecked = undefined;
        throw error;
      },
    );
    return this.policyChecked;
  }

  /** Closes the client if the store made it. */
  async close(): Promise<void> {
    if (this.owned) await this.client.quit().catch(() => this.client.disconnect());
  }

  transact<T>(config: StoreConfig, id: string, now: number | undefined, attempt: Attempt<T>): Promise<Transacted<T>> {
    this.stats.transactions++;
    const key = this.key(config, id);
    return this.serially(key, () => this.decide(config, key, id, now, attempt));
  }

  append(config: StoreConfig, id: string, now: number | undefined, events: readonly SessionEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const key = this.key(config, id);
    return this.serially(key, () => this.add(config, key, id, now, events));
  }

  async read(config: StoreConfig, keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    await this.checkPolicy();
    this.stats.roundTrips++;
    return this.withTimeout(this.client.mget(...keys.map((k) => this.recordKey(config, k))));
  }

  async swap(config: StoreConfig, changes: readonly RecordChange[], now: number, keepUntil: number): Promise<boolean> {
    const keep = String(Math.max(1, Math.ceil(keepUntil - now)));
    const args = changes.flatMap((c) => [c.expected === null ? "0" : "1", c.expected ?? "", c.next === null ? "0" : "1", c.next ?? ""]);
    await this.checkPolicy();
    this.stats.roundTrips++;
    return (await this.withTimeout(this.runSwap(changes.length, ...changes.map((c) => this.recordKey(config, c.key)), keep, ...args))) === 1;
  }

  /** Review records of a policy share one hash tag: a swap changes several in one script, which Redis Cluster allows only within a slot. */
  private recordKey(config: StoreConfig, key: string): string {
    return `${this.prefix}${config.namespace}:{reviews}:${key}`;
  }

  /**
   * Runs `work` after the session's earlier work in this process. Two decisions of
   * one process would otherwise race on one replica; queued, each starts from the
   * replica the previous one left, and neither costs the other a retry.
   */
  private serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async decide<T>(config: StoreConfig, key: string, id: string, now: number | undefined, attempt: Attempt<T>): Promise<Transacted<T>> {
    let replica = this.replica(key) ?? { session: new Session(config.needs), generation: "", history: 0, contents: 0, confirmed: 0 };
    try {
      for (let tries = 0; tries < this.maxAttempts; tries++) {
        // A trial copy: the replica's clock must not move to a time the server refuses.
        const latest = replica.session.latest;
        replica.session.touch(now);
        const { result, event } = attempt(replica.session.view(now), replica.session);
        const reply = await this.exchange(config, key, replica, "check", now, event ? [event] : []);
        if (reply.status === "clock") {
          replica.session.latest = latest;
          return { invalid: skewed(now!, reply.serverTime, config.clockToleranceMs) };
        }
        if (reply.status === "gone") throw new Error(lostState(id, reply.why));
        if (reply.status === "full") return { result, refused: `session \`${id}\` holds ${config.limits.entries} calls, the limit` };
        if (reply.status === "ok") {
          replica.generation = reply.generation;
          replica.confirmed = Date.now();
          if (event) {
            replica.session.apply(event);
            replica.history++;
          }
          this.keep(key, replica);
          return { result };
        }
        this.stats.conflicts++;
        replica = this.catchUp(config, replica, reply);
      }
      throw new Error(`session \`${id}\` changed under ${this.maxAttempts} tries in a row`);
    } catch (error) {
      // After a failed or timed-out exchange the replica may be behind or ahead: next time, start from Redis.
      this.replicas.delete(key);
      throw error;
    }
  }

  private async add(config: StoreConfig, key: string, id: string, now: number | undefined, events: readonly SessionEvent[]): Promise<void> {
    const replica = this.replica(key);
    try {
      const reply = await this.exchange(config, key, replica, "append", now, events);
      if (reply.status === "clock") throw new Error(skewed(now!, reply.serverTime, config.clockToleranceMs));
      if (reply.status === "gone") throw new Error(lostState(id, reply.why));
      if (reply.status === "full") throw new Error(`cannot add calls: session \`${id}\` would hold more than ${config.limits.entries} calls, the limit`);
      if (replica) this.keep(key, { ...this.catchUp(config, replica, reply), confirmed: Date.now() });
    } catch (error) {
      this.replicas.delete(key);
      throw error;
    }
  }

  private key(config: StoreConfig, id: string): string {
    return `${this.prefix}${config.namespace}:{${id}}`;
  }

  private replica(key: string): Replica | undefined {
    const replica = this.replicas.get(key);
    if (replica) {
      // Re-inserting keeps the map in least-recently-used order.
      this.replicas.delete(key);
      this.replicas.set(key, replica);
    }
    return replica;
  }

  private keep(key: string, replica: Replica): void {
    this.replicas.set(key, replica);
    if (this.replicas.size > this.maxReplicas) this.replicas.delete(this.replicas.keys().next().value!);
  }

  /** The replica brought up to the state the reply names. */
  private catchUp(config: StoreConfig, replica: Replica, reply: Reply): Replica {
    const next = reply.full
      ? { session: new Session(config.needs), generation: reply.generation, history: 0, contents: 0, confirmed: replica.confirmed }
      : replica;
    for (const element of reply.historyEvents) next.session.apply(decodeHistory(element));
    for (const element of reply.contentEvents) next.session.apply(decodeContent(element));
    next.generation = reply.generation;
    next.history = reply.history;
    next.contents = reply.contents;
    next.session.contentLost = reply.lost === "" ? undefined : reply.lost;
    return next;
  }

  /** One script run: commit `events` (in `check` mode only if `replica` is current) and learn what the replica lacks. */
  private async exchange(
    config: StoreConfig,
    key: string,
    replica: Replica | undefined,
    mode: "check" | "append",
    now: number | undefined,
    events: readonly SessionEvent[],
  ): Promise<Reply | Refusal> {
    await this.checkPolicy();
    const history = events.filter((e) => e.kind === "call" || e.kind === "output" || e.kind === "void");
    const contents = events.filter((e): e is ContentEvent => e.kind === "content" || e.kind === "lost");
    const windows = Object.values(config.needs.history).map((h) => h.windowMs);
    const args = [
      randomBytes(8).toString("hex"),
      replica?.generation ?? "",
      String(replica?.history ?? 0),
      String(replica?.contents ?? 0),
      mode,
      replica ? "1" : "0",
      Number.isFinite(config.idleMs) ? String(Math.max(1, Math.ceil(config.idleMs))) : "0",
      // Redis prunes by the policy's longest window; a `session` window keeps every call.
      String(windows.some((w) => w === Infinity) ? 0 : Math.max(0, ...windows)),
      String(config.limits.entries),
      String(config.limits.contentUnits),
      now === undefined || !Number.isFinite(now) ? "" : String(now),
      Number.isFinite(config.clockToleranceMs) ? String(config.clockToleranceMs) : "",
      // A copy confirmed within the idle time says the keys must still be there: finding none means they were lost.
      replica?.generation && Date.now() - replica.confirmed < config.idleMs - EXPIRY_SLACK_MS ? "1" : "0",
      String(history.length),
      ...history.flatMap(historyArgs),
      String(contents.length),
      ...contents.flatMap(contentArgs),
    ];
    this.stats.roundTrips++;
    const raw = await this.withTimeout(this.run(`${key}:m`, `${key}:h`, `${key}:c`, ...args));
    if (raw[0] === "clock") return { status: "clock", serverTime: Number(raw[1]) };
    if (raw[0] === "gone") return { status: "gone", why: String(raw[1]) };
    const [status, generation, h, c, lost, full, hs, cs] = raw as [Reply["status"], string, string, string, string, number, string[], string[]];
    return { status, generation, history: Number(h), contents: Number(c), lost, full: full === 1, historyEvents: hs, contentEvents: cs };
  }

  private withTimeout<T>(pending: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Why a request was refused for its time: the server always gives its clock, so the reason always has a figure. */
function skewed(now: number, serverTime: number, toleranceMs: number): string {
  return clockSkew(now, serverTime, toleranceMs) ?? `\`now\` is too far from the store's clock`;
}

/** Why a session whose state was lost fails closed. */
function lostState(id: string, why: string): string {
  return `the state of session \`${id}\` was lost (${why}): it fails closed until it expires`;
}
