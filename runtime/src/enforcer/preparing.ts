// What a call needs of its session, read once its request is: the stateful enforcer's half of preparing, which a stateless app does not bundle.
import type { Decision, PolicyModule } from "../contract.js";
import type { CallIdentity } from "./decisions.js";
import type { Judge, MutableCall } from "./judging.js";

/** What one request needs of its session, once `now`, the session and the tool are read. */
export interface Prepared {
  readonly call: CallIdentity;
  readonly now: number | undefined;
  /** Whether deciding reads the session or an allowed call enters it: false means the request is decided without the store. */
  readonly stateful: boolean;
  /** Whether its rules read content (a session whose content was lost then fails closed). */
  readonly readsContents: boolean;
}

/** What a tool needs of its session. */
interface ToolNeeds {
  readonly stateful: boolean;
  readonly readsContents: boolean;
}

const STATELESS: ToolNeeds = { stateful: false, readsContents: false };

/** Prepares the requests of one policy module for the store. */
export class Preparer {
  /** What each tool needs of its session: whether deciding it reads the session or an allowed call enters it, and whether it reads content. */
  private readonly toolNeeds = new Map<string, ToolNeeds>();

  constructor(
    module: PolicyModule,
    private readonly judge: Judge,
    /** The time of requests without one. */
    private readonly requestClock: () => number | undefined,
  ) {
    const { needs } = module;
    for (const tool of new Set([...Object.keys(needs.reads), ...Object.keys(needs.history)])) {
      this.toolNeeds.set(tool, { stateful: true, readsContents: Object.hasOwn(needs.reads, tool) && needs.reads[tool]!.contents === true });
    }
  }

  /** Reads `now`, `session` and the tool, and what the call needs of its session; a decision when the request is malformed there, or the clock fails. */
  prepare(request: unknown, call: MutableCall, explain: boolean): Prepared | Decision {
    const now = this.judge.identify(request, call, explain);
    if (typeof now === "object") return now;
    // Only a call in a session can need it: the lookup is left out for the others.
    const uses = (call.session !== undefined && call.tool !== undefined && this.toolNeeds.get(call.tool)) || STATELESS;
    const stateful = uses.stateful;
    try {
      // A stateless decision reads the clock lazily (`Judge.clockView`); the store needs the time of every stateful one.
      return { call, now: now === undefined && stateful ? this.requestClock() : now, stateful, readsContents: uses.readsContents };
    } catch (error) {
      return this.judge.failed(call, error, explain);
    }
  }
}
