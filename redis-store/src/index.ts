// @apol/redis-store: session state in Redis for fleets of apol enforcers (`createEnforcer(module, { store: new RedisStore(...) })`).
export { RedisStore, type RedisStoreOptions, type RedisStoreStats } from "./redis-store.js";
