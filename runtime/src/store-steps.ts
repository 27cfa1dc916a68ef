// Store work written once as a generator of steps, run against a synchronous store without waiting or an asynchronous one with it.
import type { Attempt, RecordChange, SessionStore, StoreConfig, SyncSessionStore, Transacted } from "./store.js";

/** One thing to ask of the store. */
type StoreStep =
  | { readonly read: readonly string[] }
  | { readonly swap: readonly RecordChange[]; readonly now: number; readonly keepUntil: number }
  | { readonly transact: Attempt<unknown>; readonly session: string; readonly now: number | undefined };

/** A computation that asks the store for things along the way and ends with a `T`. */
export type Steps<T> = Generator<StoreStep, T, unknown>;

/** Reads records: the texts under `keys`, `null` where none. */
export function* read(keys: readonly string[]): Steps<(string | null)[]> {
  return (yield { read: keys }) as (string | null)[];
}

/** Changes records atomically if none changed: whether it did. */
export function* swap(changes: readonly RecordChange[], now: number, keepUntil: number): Steps<boolean> {
  return (yield { swap: changes, now, keepUntil }) as boolean;
}

/** Runs `attempt` against the session and commits its event, as `decide` does. */
export function* transact<T>(session: string, now: number | undefined, attempt: Attempt<T>): Steps<Transacted<T>> {
  return (yield { transact: attempt, session, now }) as Transacted<T>;
}

function perform(store: SessionStore, config: StoreConfig, step: StoreStep): unknown {
  if ("read" in step) return store.read(config, step.read);
  if ("swap" in step) return store.swap(config, step.swap, step.now, step.keepUntil);
  return store.transact(config, step.session, step.now, step.transact);
}

/** Runs `steps` against a synchronous store; throws what the store throws. */
export function runSync<T>(steps: Steps<T>, store: SyncSessionStore, config: StoreConfig): T {
  let next = steps.next();
  while (!next.done) next = steps.next(perform(store, config, next.value));
  return next.value;
}

/** Runs `steps` against any store; rejects with what the store rejects with. */
export async function runAsync<T>(steps: Steps<T>, store: SessionStore, config: StoreConfig): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await perform(store, config, next.value));
  return next.value;
}
