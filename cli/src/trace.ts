// Replays the steps of a trace against one enforcer: sessions carry over between steps, allowed calls record their outputs, observations record content, and approvals release held calls.
import { approveByNames, statedApprovers } from "@apol/compiler";
import { createEnforcer, MemoryStore, type Decision, type DecisionSink, type Enforcer, type PolicyModule, type ReviewState } from "@apol/runtime";

/** What one step of a trace did. */
export type StepResult =
  | {
      readonly kind: "decision";
      readonly request: Readonly<Record<string, unknown>>;
      readonly decision: Decision;
      /** Why the allowed call's `output` could not be recorded (the store is full, say): later steps of its session miss it. */
      readonly unrecorded?: string;
    }
  | { readonly kind: "observation"; readonly session: string; readonly labels: readonly string[] }
  /** An `approve` that did not release the held call (too few approvers yet, or refused), or a `reject`. */
  | { readonly kind: "review"; readonly session: string; readonly answer: "approve" | "reject"; readonly state: ReviewState }
  | { readonly kind: "malformed"; readonly message: string };

/** A call held for review, waiting for the trace's answer. */
interface Held {
  readonly request: Record<string, unknown>;
  readonly review: string;
  readonly digest: string;
}

/** One line for an answer to a review that released nothing: what it was, in which session, and what the review says. */
export function describeAnswer(result: Extract<StepResult, { kind: "review" }>): string {
  const { answer, session, state } = result;
  return `${answer.padEnd(6)}  session ${session}: ${state.ok ? "" : "refused: "}${state.reason}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLabels(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((l) => typeof l === "string");
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Replays a trace step by step, deterministically. A step with `observe` records
 * content in its session and decides nothing; any other step is a request. An
 * allowed request enters its session's history, and its `output`, labelled with
 * the tool's `returns` and `outputLabels`, is recorded before the next step; a
 * denied or reviewed one neither counts nor records. The clock: a step's own
 * `now`, else the `now` of the latest earlier step that had one, else the epoch
 * (1970-01-01T00:00:00Z), so a replay never reads the system clock. A step
 * with `approve` (a name or a list of names) or `reject` (a name, with a
 * `reason`) answers the latest call of its `session` held for review: once
 * enough listed approvers approved, the held call is decided again, allowed,
 * enters the history and records its output, as it did in the run the trace
 * records. With a `log`, the enforcer appends every decision to it.
 */
export class TraceReplay {
  private readonly enforcer: Enforcer;
  private time = 0;
  /** The latest call held for review in each session, until the trace answers it. */
  private readonly held = new Map<string, Held>();
  /** The replay's clock: the time of the step being replayed, as described above. */
  readonly clock = (): number => this.time;

  constructor(module: PolicyModule, log?: DecisionSink) {
    // Decision ids count the trace's decisions: `d1`, `d2`, ...; the store keeps the trace's time, so sessions idle in it are swept.
    this.enforcer = createEnforcer(module, {
      store: new MemoryStore({ clock: this.clock }),
      clock: this.clock,
      idPrefix: "d",
      approvers: statedApprovers,
      onWarning: () => {},
      ...(log === undefined ? {} : { log }),
    });
  }

  step(value: unknown): StepResult {
    if (!isObject(value)) return { kind: "malformed", message: "a step must be a JSON object" };
    const now = value["now"];
    const time = typeof now === "string" ? Date.parse(now) : now;
    const valid = typeof time === "number" && Number.isFinite(time) && Math.abs(time) <= 8.64e15;
    // The step's own time is the clock while it runs (its output is recorded then) and for the steps after it.
    if (valid) this.time = time;
    if (Object.hasOwn(value, "observe")) return this.observe(value);
    if (Object.hasOwn(value, "approve")) return this.approve(value);
    if (Object.hasOwn(value, "reject")) return this.reject(value);
    return this.decide(value);
  }

  private decide(value: Record<string, unknown>): StepResult {
    const outputLabels = value["outputLabels"] ?? [];
    if (!isLabels(outputLabels)) return { kind: "malformed", message: "`outputLabels` must be a list of strings" };
    const decision = this.enforcer.decide(value);
    if (decision.effect === "review" && decision.session !== undefined && decision.approvals !== undefined) {
      this.held.set(decision.session, { request: value, review: decision.approvals.review, digest: decision.approvals.digest });
    }
    if (decision.effect === "allow" && decision.session !== undefined && Object.hasOwn(value, "output")) {
      try {
        this.enforcer.record(decision, value["output"], { labels: outputLabels });
      } catch (error) {
        return { kind: "decision", request: value, decision, unrecorded: message(error) };
      }
    }
    return { kind: "decision", request: value, decision };
  }

  /** Approves the session's held call by each name in turn; the approval that releases it decides the call again. */
  private approve(step: Record<string, unknown>): StepResult {
    const names = typeof step["approve"] === "string" ? [step["approve"]] : step["approve"];
    if (!isLabels(names) || names.length === 0) return { kind: "malformed", message: "`approve` must be a name or a list of names" };
    const held = this.heldIn(step);
    if (typeof held === "string") return { kind: "malformed", message: held };
    const answered = approveByNames(this.enforcer, held, names) as ReviewState;
    if (answered.status !== "released") return { kind: "review", session: held.session, answer: "approve", state: answered };
    this.held.delete(held.session);
    // Decided again now, at the answer's time, as the host deciding the released call would.
    return this.decide({ ...held.request, now: this.time });
  }

  private reject(step: Record<string, unknown>): StepResult {
    const by = step["reject"];
    const reason = step["reason"] ?? "rejected";
    if (typeof by !== "string" || typeof reason !== "string")
      return { kind: "malformed", message: "`reject` must be a name, with a `reason` (a string) if given" };
    const held = this.heldIn(step);
    if (typeof held === "string") return { kind: "malformed", message: held };
    const state = this.enforcer.reject(held.review, { by, reason });
    if (state.ok) this.held.delete(held.session);
    return { kind: "review", session: held.session, answer: "reject", state };
  }

  /** The call held in the step's session, or why there is none. */
  private heldIn(step: Record<string, unknown>): (Held & { readonly session: string }) | string {
    const session = step["session"];
    if (typeof session !== "string") return "an `approve` or `reject` step needs the `session` of the held call (a string)";
    const held = this.held.get(session);
    if (held === undefined) return `no call of session \`${session}\` is held for review: \`approve\` and \`reject\` answer the latest one`;
    return { ...held, session };
  }

  private observe(step: Record<string, unknown>): StepResult {
    const session = step["session"];
    const labels = step["labels"] ?? [];
    if (typeof session !== "string") return { kind: "malformed", message: "an `observe` step needs a `session` (a string)" };
    if (!isLabels(labels)) return { kind: "malformed", message: "`labels` must be a list of strings" };
    try {
      this.enforcer.observe(session, step["observe"], { labels });
    } catch (error) {
      return { kind: "malformed", message: `the content could not be recorded: ${message(error)}` };
    }
    return { kind: "observation", session, labels };
  }
}
