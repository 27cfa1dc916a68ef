// What a model reads for one guarded tool call: the adapters for agent SDKs all answer through `answerCall`, so a refusal reads the same everywhere.
import type { Request } from "../contract.js";
import type { Enforcer } from "../enforcer/enforcer.js";
import { guard, type AbortSignalLike, type GuardResult, type ReviewWait } from "./guard.js";

/** Who is calling and where: the apol session and identity every guarded call of an agent's tools carries. */
export interface ToolCaller {
  /** The apol session the agent's run or thread belongs to (its history, content, limits). */
  readonly session: string;
  readonly user?: Request["user"];
  readonly agent?: Request["agent"];
  readonly context?: Request["context"];
  readonly resource?: Request["resource"];
  /** Labels recorded with every output, besides the tool's `returns` label. */
  readonly labels?: readonly string[];
  /** A call held for review: return it to the model as pending (default), or wait for its release. */
  readonly review?: ReviewWait;
}

/** What the model reads instead of an output when the policy refuses or holds a call. */
export type Refusal =
  | { readonly status: "denied"; readonly reason: string }
  | { readonly status: "pending_review"; readonly reason: string; readonly review: string; readonly expiresAt?: string };

/** One call the model made: the tool's name, its parsed arguments, how to run it, and the SDK's signal if it has one. */
export interface ModelCall {
  readonly tool: string;
  readonly args: unknown;
  readonly run: () => unknown;
  readonly signal?: AbortSignalLike | undefined;
}

/**
 * Guards `call` for `caller` and gives what the model reads: the redacted output, or a `Refusal`. A tool that threw
 * was voided and its error is thrown again, so the SDK reports a tool error as it would unguarded; an output apol
 * could not keep is withheld (thrown as an error).
 */
export async function answerCall(enforcer: Enforcer, caller: ToolCaller, call: ModelCall): Promise<unknown> {
  const result = await guard(enforcer, {
    ...callRequest(caller, call),
    ...(caller.labels === undefined ? {} : { labels: caller.labels }),
    ...(caller.review === undefined ? {} : { review: caller.review }),
    ...(call.signal === undefined ? {} : { signal: call.signal }),
    run: call.run,
  });
  return answer(result);
}

/** The request `caller` makes with `call`: what is decided, previewed and reviewed, the same for each. */
export function callRequest(caller: ToolCaller, call: { readonly tool: string; readonly args: unknown }): Request {
  return {
    tool: call.tool,
    args: call.args as Request["args"],
    session: caller.session,
    ...(caller.user === undefined ? {} : { user: caller.user }),
    ...(caller.agent === undefined ? {} : { agent: caller.agent }),
    ...(caller.context === undefined ? {} : { context: caller.context }),
    ...(caller.resource === undefined ? {} : { resource: caller.resource }),
  };
}

/** The tool result the model reads; a tool that threw throws again. */
function answer(result: GuardResult): unknown {
  switch (result.status) {
    case "ok":
      return result.output;
    case "denied":
      return {
        status: "denied",
        reason: result.review === undefined ? result.decision.reason : `the review was ${result.review.status}: ${result.decision.reason}`,
      } satisfies Refusal;
    case "pending":
      return {
        status: "pending_review",
        reason: result.decision.reason,
        review: result.review.review,
        ...(result.decision.approvals === undefined ? {} : { expiresAt: result.decision.approvals.expiresAt }),
      } satisfies Refusal;
    case "failed":
      if (result.step === "tool") throw result.error;
      throw new Error(`the call ran but could not be kept by apol (${result.step}), so its output is withheld`);
  }
}
