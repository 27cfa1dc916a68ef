// An asynchronous session store whose every operation rejects, as one cut off from its server: decisions must fail closed on it.

/** What a refusing store is: every operation of an asynchronous `SessionStore`, each rejecting (typed so the runtime's own tests, on its sources, can take it too). */
export interface RefusingStore {
  readonly synchronous: false;
  transact(): Promise<never>;
  append(): Promise<never>;
  read(): Promise<never>;
  swap(): Promise<never>;
}

/** A store every call to which rejects with `message`. */
export function refusingStore(message: string): RefusingStore {
  const refuse = (): Promise<never> => Promise.reject(new Error(message));
  return { synchronous: false, transact: refuse, append: refuse, read: refuse, swap: refuse };
}
