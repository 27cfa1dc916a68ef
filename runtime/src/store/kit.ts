// What a session store is built from (`@apol/runtime/store`): the store contract, the session state and the events that change it.
export { Session, type SessionEvent, type SessionLimits } from "../session/session.js";
export { clockSkew } from "./clock.js";
export type { AsyncSessionStore, Attempt, RecordChange, SessionStore, StoreConfig, SyncSessionStore, Transacted } from "./store.js";
