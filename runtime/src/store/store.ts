// The contract between an enforcer and the store that keeps its sessions: run a decision against a session and commit its event atomically.
import type { SessionView, StateNeeds } from "../contract.js";
import type { Session, SessionEvent, SessionLimits } from "../session/session.js";

/** What an enforcer tells its store about its policy; the same object on every call. */
export interface StoreConfig {
  /** The policy's name: sessions of different policies never mix. */
  readonly namespace: string;
  readonly needs: StateNeeds;
  /** A session untouched for this long (by the store's clock, or its own requests' time) is forgotten. */
  readonly idleMs: number;
  readonly limits: SessionLimits;
  /** How far a request's `now` may be from the store's clock (milliseconds; `Infinity`: any): farther, the request is invalid. */
  readonly clockToleranceMs: number;
}

/**
 * One try at a decision: read the session, return the result and, for an allowed
 * call that enters history, the event to commit. A store may run it more than once
 * (when the session changed underneath it) and keeps only the last result.
 */
export type Attempt<T> = (view: SessionView, session: Session) => { readonly result: T; readonly event?: SessionEvent | undefined };

/**
 * The last attempt's result, and why its event could not be stored, if it could not (a limit): the call must then not proceed.
 * Or, with `invalid`, why the request was refused before any attempt (its `now` is too far from the store's clock): the decision is `$invalid-request`.
 */
export type Transacted<T> =
  | { readonly result: T; readonly refused?: string; readonly invalid?: undefined }
  | { readonly invalid: string; readonly result?: undefined; readonly refused?: undefined };

/** One change of `swap`: `key` goes from holding `expected` to holding `next` (`null`: absent). */
export interface RecordChange {
  readonly key: string;
  readonly expected: string | null;
  readonly next: string | null;
}

/**
 * A store that answers at once: `decide` stays synchronous. Single-threaded, so a
 * transaction (read, decide, append) is atomic.
 */
export interface SyncSessionStore {
  readonly synchronous: true;
  /** Runs `attempt` against the session at time `now` and commits its event. */
  transact<T>(config: StoreConfig, session: string, now: number | undefined, attempt: Attempt<T>): Transacted<T>;
  /** Applies events that depend on nothing (recorded outputs, observed content); throws when the store cannot keep them (and then remembers the session lost them). */
  append(config: StoreConfig, session: string, now: number | undefined, events: readonly SessionEvent[]): void;
  /** The texts under `keys` in the policy's records (reviews), `null` where there is none. */
  read(config: StoreConfig, keys: readonly string[]): (string | null)[];
  /**
   * Makes every change if every key still holds its `expected` text, else none; whether
   * it did. Records may be forgotten once `keepUntil` (milliseconds, the enforcer's time; `now` is the time of the change) is past.
   */
  swap(config: StoreConfig, changes: readonly RecordChange[], now: number, keepUntil: number): boolean;
}

/**
 * A store over the network. `transact` must commit the event only if the session
 * did not change since the attempt read it (retrying otherwise), so concurrent
 * workers never overshoot a limit; it rejects when the store is unreachable or slow.
 */
export interface AsyncSessionStore {
  readonly synchronous: false;
  transact<T>(config: StoreConfig, session: string, now: number | undefined, attempt: Attempt<T>): Promise<Transacted<T>>;
  append(config: StoreConfig, session: string, now: number | undefined, events: readonly SessionEvent[]): Promise<void>;
  read(config: StoreConfig, keys: readonly string[]): Promise<(string | null)[]>;
  swap(config: StoreConfig, changes: readonly RecordChange[], now: number, keepUntil: number): Promise<boolean>;
}

export type SessionStore = SyncSessionStore | AsyncSessionStore;
