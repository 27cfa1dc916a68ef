// Appending each decision to the log, masked, with the review it released: a log that fails turns the decision into a `$error` deny.
import type { Decision } from "../contract.js";
import type { DecisionMaker } from "./decisions.js";
import { describe } from "../data/plain.js";
import { REQUEST_PARTS, type DecisionEntries, type DecisionSink, type RequestParts } from "../log/decision-log.js";
import type { ReviewRecord } from "../review/review.js";
import { own } from "../evaluate/value-semantics.js";

/** The `args.` paths of the `redact` rules that apply to a decision's call (`Redactions.argMasks`): what its entry masks. */
export type ArgMasksOf = (decision: Decision, request: unknown) => readonly (readonly string[])[];

/** The request's parts besides tool, session and arguments that it has, for the log (the request is already a plain copy). */
function requestParts(request: unknown): RequestParts {
  const parts: Record<string, unknown> = {};
  for (const key of REQUEST_PARTS) {
    const value = own(request, key);
    if (value !== undefined) parts[key] = value;
  }
  return parts;
}

/** Writes one enforcer's decisions to its log. */
export class DecisionLogger {
  constructor(
    private readonly log: DecisionSink,
    private readonly entries: DecisionEntries,
    private readonly decisions: DecisionMaker,
    private readonly argMasks: ArgMasksOf,
    /** Whether a decision's log entry keeps the rest of the request. */
    private readonly logsRequestParts: boolean,
  ) {}

  /** Appends `decision` of `request` (after the release of the review it used up, if any); a log that fails turns it into a `$error` deny, which is not logged. */
  logged(decision: Decision, released: ReviewRecord | undefined, request: unknown, explain: boolean): Decision {
    const { log } = this;
    try {
      if (released)
        log.append({ event: "release", review: released.id, digest: released.digest, by: released.approvals.map((a) => a.approver), decisionId: decision.id });
      log.append(this.entries.decision(decision, own(request, "args"), this.argMasks(decision, request), this.logsRequestParts ? requestParts(request) : {}));
      return decision;
    } catch (error) {
      return this.decisions.reserved(
        { id: decision.id, tool: decision.tool, session: decision.session },
        "$error",
        `the decision log failed: ${describe(error)}`,
        explain,
      );
    }
  }
}
