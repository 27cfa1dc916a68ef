// Replays the steps of a trace against one enforcer: sessions carry over between steps, allowed calls record their outputs, observations record content.
import { createEnforcer, MemoryStore, type Decision, type DecisionSink, type Enforcer, type PolicyModule } from "@apol/runtime";

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
  | { readonly kind: "malformed"; readonly message: string };

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
 * (1970-01-01T00:00:00Z), so a replay never reads the system clock. With a
 * `log`, the enforcer appends every decision to it.
 */
export class TraceReplay {
  private readonly enforcer: Enforcer;
  private time = 0;
  /** The replay's clock: the time of the step being replayed, as described above. */
  readonly clock = (): number => this.time;

  constructor(module: PolicyModule, log?: DecisionSink) {
    // Decision ids count the trace's decisions: `d1`, `d2`, ...; the store keeps the trace's time, so sessions idle in it are swept.
    this.enforcer = createEnforcer(module, { store: new MemoryStore({ clock: this.clock }), clock: this.clock, idPrefix: "d", onWarning: () => {}, ...(log === undefined ? {} : { log }) });
  }

  step(value: unknown): StepResult {
    if (!isObject(value)) return { kind: "malformed", message: "a step must be a JSON object" };
    const now = value["now"];
    const time = typeof now === "string" ? Date.parse(now) : now;
    const valid = typeof time === "number" && Number.isFinite(time) && Math.abs(time) <= 8.64e15;
    // The step's own time is the clock while it runs (its output is recorded then) and for the steps after it.
    if (valid) this.time = time;
    return Object.hasOwn(value, "observe") ? this.observe(value) : this.decide(value);
  }

  private decide(value: Record<string, unknown>): StepResult {
    const outputLabels = value["outputLabels"] ?? [];
    if (!isLabels(outputLabels)) return { kind: "malformed", message: "`outputLabels` must be a list of strings" };
    const decision = this.enforcer.decide(value);
    if (decision.effect === "allow" && decision.session !== undefined && Object.hasOwn(value, "output")) {
      try {
        this.enforcer.record(decision, value["output"], { labels: outputLabels });
      } catch (error) {
        return { kind: "decision", request: value, decision, unrecorded: message(error) };
      }
    }
    return { kind: "decision", request: value, decision };
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
