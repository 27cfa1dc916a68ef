// What an enforcer is made of: its options, and the parts built from them once (store, clocks, ids, reviews) that deciding, recording and reviews share.
import { NO_APPROVERS, type Approvers } from "../review/approval.js";
import { unreleasableReviews } from "../review/approver-check.js";
import type { PolicyModule, StateNeeds } from "../contract.js";
import { DecisionEntries, type ArgumentMasks, type DecisionSink, type InvalidArgs } from "../log/decision-log.js";
import { DecisionMaker } from "./decisions.js";
import { idCounter } from "./ids.js";
import { MemoryStore } from "../store/memory-store.js";
import { ReviewDesk } from "../review/desk.js";
import type { SessionLimits } from "../session/session.js";
import { SettledCalls } from "./settled-calls.js";
import type { SessionStore, StoreConfig, SyncSessionStore } from "../store/store.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** How an enforcer decides, besides the policy. */
export interface EnforcerOptions {
  /**
   * The clock for requests without `now` (default `Date.now`); a fixed one for replays and tests. Given explicitly,
   * it is also the default memory store's clock (requests whose `now` is far from it are refused) and the time of
   * `record`, `observe` and `load`. `null`: no clock, so such requests have no time, and rules that read `now` or a
   * finite history window fail closed.
   */
  readonly clock?: (() => number) | null;
  /** Whether `decide` lists every matching rule in `matched`, as `explain` always does. */
  readonly explain?: boolean;
  /** Where sessions live (default: a new `MemoryStore` keeping time by `clock`). An asynchronous store needs `decideAsync`. */
  readonly store?: SessionStore;
  /**
   * A session untouched this long (by the store's clock, or its own requests' time) is forgotten; default 24 hours.
   * Never shorter than the policy's longest finite window, so no limit resets early.
   */
  readonly sessionIdleMs?: number;
  /**
   * How far (milliseconds) a request's `now` may be from the store's clock, the Redis server's or a memory store's
   * `clock`, before the request is `$invalid-request`; default 5 minutes, `Infinity` to accept any time.
   */
  readonly clockToleranceMs?: number;
  /** Bounds on one session: calls kept in history (default 10,000) and code units of content indexed (default 4,000,000). */
  readonly sessionLimits?: Partial<SessionLimits>;
  /** What decision ids start with (default: six random characters and `-`): ids are this and a counter. */
  readonly idPrefix?: string;
  /** Who may approve reviews, by the names `review` rules list: `ed25519Approvers({ cfo: publicKeyPem, ... })` of `@apol/audit`. */
  readonly approvers?: Approvers;
  /** How long a review waits for approvals when its rule sets no `expires` (default 24 hours). */
  readonly reviewExpiresMs?: number;
  /** Where every decision, approval, rejection and release is appended: an `AuditLog` of `@apol/audit`, say. */
  readonly log?: DecisionSink;
  /**
   * Arguments the log must not hold, by tool (`"*"`: every tool): `{ "login": ["password"], "*": ["card.number"] }`,
   * besides the `args.` paths of the policy's `redact` rules, which the log masks of every call they apply to.
   */
  readonly maskArgs?: ArgumentMasks;
  /**
   * How the log holds the arguments of `$unknown-tool` and `$invalid-request` decisions, whose misspelt tool or
   * argument names (`update_passwd`, `new_password`) no mask covers: `"masked"` (the default) keeps the argument
   * names and masks every value; `"clear"` logs them as any other call's, masked only by `maskArgs` and `redact` rules.
   */
  readonly logInvalidArgs?: InvalidArgs;
  /**
   * Whether a decision's log entry keeps the rest of the request (`now`, `user`, `agent`, `context`, `resource`,
   * `taint`) as given, so `apol audit export --trace` can replay logged traffic against another policy: `true` by
   * default; `false` for a host whose log must not hold identities.
   */
  readonly logRequestParts?: boolean;
  /**
   * Told once, when the enforcer is made, of each `review` rule that can never be released with `approvers`
   * (too few of its listed approvers have a key): default `console.warn`; pass `() => {}` where reviews are
   * never meant to be released (tests, replays).
   */
  readonly onWarning?: (message: string) => void;
}

/** Labels the caller adds to recorded or observed content. */
export interface ContentOptions {
  readonly labels?: readonly string[];
}

/** The parts of one enforcer, built once from its policy module and options. */
export interface Parts {
  readonly module: PolicyModule;
  readonly store: SessionStore;
  readonly config: StoreConfig;
  /** The time of `record`, `observe` and `load`: only an explicit clock gives them one. */
  readonly clock: (() => number) | undefined;
  /** The time of approvals and of reviews of requests without one: reviews always expire. */
  readonly reviewClock: () => number;
  /**
   * The time of requests without one: the system clock unless told otherwise, so a rule with a finite window never
   * faults merely because no clock was given. Only an explicit `clock` also becomes the default store's clock (whose
   * tolerance refuses requests' own times far from it) and the time of `record`, `observe` and `load`.
   */
  readonly requestClock: () => number | undefined;
  readonly decisions: DecisionMaker;
  readonly desk: ReviewDesk;
  readonly log: DecisionSink | undefined;
  readonly entries: DecisionEntries;
  /** What this enforcer's decision ids start with. */
  readonly prefix: string;
  /** A fresh decision id: the prefix and a counter. */
  readonly nextId: () => string;
  /** The allowed calls recorded or voided, so neither happens twice. */
  readonly settled: SettledCalls;
  /** The store, when it is synchronous; else throws, naming the asynchronous twin of `method`. */
  readonly syncStore: (method: string) => SyncSessionStore;
}

const DAY = 86_400_000;
/** Decision ids already recorded or voided, remembered to refuse a second `record` or `abandon` of the same call. */
const REMEMBERED = 4096;

/** Throws when `module` is not a compiled policy module this runtime can enforce. */
function checkModule(module: PolicyModule): void {
  const { policy, policyHash, rules, needs } = module;
  if (typeof policy !== "string" || typeof policyHash !== "string" || !Array.isArray(rules) || typeof module.evaluate !== "function") {
    throw new TypeError("not a compiled apol policy module");
  }
  if (typeof module.redactions !== "function" || typeof module.redact !== "function") {
    throw new TypeError("the policy module cannot redact outputs: recompile it with this version of apol");
  }
  if (!isRecord(needs) || !isRecord(needs.history) || !Array.isArray(needs.labels) || !isRecord(needs.reads)) {
    throw new TypeError("the policy module does not say what session state it needs: recompile it with this version of apol");
  }
}

/** The longest finite window of a policy: sessions must outlive it. */
function longestWindow(needs: StateNeeds): number {
  return Math.max(0, ...Object.values(needs.history).map((h) => (Number.isFinite(h.windowMs) ? h.windowMs : 0)));
}

/** Tells the host, once, of each `review` rule the approvers can never release. */
function warnUnreleasable(module: PolicyModule, options: EnforcerOptions): void {
  // The runtime is typed without a host's globals (it runs anywhere): `console` is looked up, not assumed.
  const warn = options.onWarning ?? ((message: string) => (globalThis as { console?: { warn(text: string): void } }).console?.warn(`apol: ${message}`));
  for (const message of unreleasableReviews(module.rules, options.approvers)) warn(message);
}

/** The parts of an enforcer of `module`; throws only when `module` is not a compiled policy module. */
export function enforcerParts(module: PolicyModule, options: EnforcerOptions): Parts {
  checkModule(module);
  const { policy, needs, tools } = module;
  const clock = options.clock ?? undefined;
  const store = options.store ?? new MemoryStore(clock ? { clock } : {});
  const config: StoreConfig = {
    clockToleranceMs: options.clockToleranceMs ?? 5 * 60_000,
    namespace: policy,
    needs,
    idleMs: Math.max(options.sessionIdleMs ?? DAY, longestWindow(needs)),
    limits: { entries: 10_000, contentUnits: 4_000_000, ...options.sessionLimits },
  };
  warnUnreleasable(module, options);
  const prefix = options.idPrefix ?? `${Math.random().toString(36).slice(2, 8).padEnd(6, "0")}-`;
  return {
    module,
    store,
    config,
    clock,
    reviewClock: clock ?? Date.now,
    requestClock: options.clock === null ? () => undefined : (clock ?? Date.now),
    decisions: new DecisionMaker(module),
    desk: new ReviewDesk(module, options.approvers ?? NO_APPROVERS, options.reviewExpiresMs ?? DAY),
    log: options.log,
    entries: new DecisionEntries(options.maskArgs, options.logInvalidArgs),
    prefix,
    nextId: idCounter(prefix),
    settled: new SettledCalls(prefix, tools, REMEMBERED),
    syncStore: (method) => {
      if (!store.synchronous) throw new Error(`the store is asynchronous: use \`${method}Async\``);
      return store;
    },
  };
}
