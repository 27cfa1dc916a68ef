// Store work written once as a generator of steps, run against a synchronous store without waiting or an asynchronous one with it.
import type { Attempt, RecordChange, SessionStore, StoreConfig, SyncSessionStore, Transacted } from "./store.js";

/** One thing to ask of the store. */
export type StoreStep =
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

/**
 * Runs `steps` against a synchronous store. What the store throws is thrown into the steps, at the step that asked,
 * so they may answer it; what they do not catch is thrown from here.
 */
export function runSync<T>(steps: Steps<T>, store: SyncSessionStore, config: StoreConfig): T {
  let next = steps.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = perform(store, config, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(answer);
  }
  return next.value;
}

/** Runs `steps` against any store; what the store rejects with is thrown into the steps, as `runSync` does, and what they do not catch rejects. */
export async function runAsync<T>(steps: Steps<T>, store: SessionStore, config: StoreConfig): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    let answer: unknown;
    try {
      answer = await perform(store, config, next.value);
    } catch (error) {
      next = steps.throw(error);
      continue;
    }
    next = steps.next(answer);
  }
  return next.value;
}

/**
 * Runs `steps` without a store, for an asynchronous store that cannot be waited for: their result if they ask it
 * nothing, else `refuse`d with the first step they asked for (and left unfinished).
 */
export function runUnasked<T>(steps: Steps<T>, refuse: (step: StoreStep) => T): T {
  const first = steps.next();
  if (first.done) return first.value;
  const refused = refuse(first.value);
  steps.return(refused);
  return refused;
}
