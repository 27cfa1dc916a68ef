// `@apol/ai-sdk`: wraps an AI SDK `tools` object so every tool call goes through `guard`: decided, reviewed, voided on failure, redacted, recorded.
import {
  answerCall,
  needsReview,
  openReview as openCallReview,
  rejectReview as rejectCallReview,
  toolsDrift,
  type AbortSignalLike,
  type Decision,
  type Enforcer,
  type JsonSchema,
  type Refusal,
  type ReviewState,
  type ToolCaller,
} from "@apol/runtime";
import { asSchema, type InferToolInput, type Tool, type ToolExecutionOptions, type ToolSet } from "ai";

/** Who is calling and where: the apol session and identity every guarded call carries; and how a review meets the SDK. */
export interface GuardToolsOptions extends ToolCaller {
  /**
   * `true`: a call the policy holds for review pauses the run with the SDK's own approval request (each tool's
   * `needsApproval` asks apol, besides the tool's own), rather than reaching the model as `pending_review`. The host
   * then gets the review to sign from `openReview`, and answers the SDK's request once it is signed: the SDK's
   * approval alone runs nothing (`execute` still finds the call held), and its denial ends the review (`rejectReview`).
   */
  readonly sdkApproval?: boolean;
}

/** What the host reads of the SDK's approval request: the tool call it pauses (a `tool-approval-request` part is one). */
export interface ApprovalRequest {
  readonly toolCall: { readonly toolName: string; readonly input: unknown };
}

export type { Refusal };

/** The tools, with every output `unknown`: redaction may replace fields, and a refusal replaces the output. */
export type GuardedTools<T extends ToolSet> = { [K in keyof T]: Tool<InferToolInput<Extract<T[K], Tool>>, unknown> };

/**
 * Wraps every tool of `tools` so that each call the model makes goes through `guard(enforcer, ...)`: a denied call
 * or one held for review becomes a tool result the model reads (`Refusal`); a tool that throws is voided and its error
 * reaches the model as the SDK's tool error; an allowed call's output is recorded and returned redacted. A tool
 * without `execute` cannot be guarded and is refused here, rather than run unguarded by the client.
 */
export function guardTools<T extends ToolSet>(enforcer: Enforcer, tools: T, options: GuardToolsOptions): GuardedTools<T> {
  const guarded: Record<string, Tool<unknown, unknown>> = {};
  for (const [name, tool] of Object.entries(tools)) {
    const execute = tool.execute as ((input: unknown, run: ToolExecutionOptions) => unknown) | undefined;
    if (typeof execute !== "function") throw new TypeError(`tool \`${name}\` has no \`execute\`: apol can only guard tools that run here`);
    guarded[name] = {
      ...(tool as Tool<unknown, unknown>),
      ...(options.sdkApproval === true
        ? { needsApproval: askingApol(enforcer, options, name, tool.needsApproval as Tool<unknown, unknown>["needsApproval"]) }
        : {}),
      execute: async (input: unknown, run: ToolExecutionOptions) =>
        answerCall(enforcer, options, { tool: name, args: input, signal: run.abortSignal as AbortSignalLike | undefined, run: () => execute(input, run) }),
    };
  }
  return guarded as GuardedTools<T>;
}

type NeedsApproval = NonNullable<Tool<unknown, unknown>["needsApproval"]>;

/**
 * A tool's `needsApproval` that also asks apol, by a preview: the SDK asks it when the model calls the tool and again
 * when the host approves (an approved call no longer needing approval is denied), so it must change nothing. A call
 * whose review was released still needs approval: that approval is what lets `execute` use the release.
 */
function askingApol(enforcer: Enforcer, caller: ToolCaller, name: string, own: Tool<unknown, unknown>["needsApproval"]): NeedsApproval {
  return async (input: unknown, options: Parameters<Exclude<NeedsApproval, boolean>>[1]) =>
    (typeof own === "function" ? await own(input, options) : own === true) || needsReview(enforcer, caller, { tool: name, args: input });
}

/**
 * The apol review an SDK approval request (a `tool-approval-request` part of the result) waits on, opened if none is
 * pending: its `approvals.review` and `approvals.digest` are what each approver signs (`apol approve`, the review
 * desk). Answer the SDK's request with `approved: true` once the review is released; the call then runs once.
 */
export function openReview(enforcer: Enforcer, options: GuardToolsOptions, request: ApprovalRequest): Promise<Decision> {
  return openCallReview(enforcer, options, { tool: request.toolCall.toolName, args: request.toolCall.input });
}

/** Ends the apol review of a call the host denies in the SDK (`approved: false`), so no later signature releases it. */
export function rejectReview(
  enforcer: Enforcer,
  options: GuardToolsOptions,
  request: ApprovalRequest,
  rejection: { readonly by: string; readonly reason: string },
): Promise<ReviewState | undefined> {
  return rejectCallReview(enforcer, options, { tool: request.toolCall.toolName, args: request.toolCall.input }, rejection);
}

/**
 * Where the tools' input schemas disagree with the policy's (`schemas`: the `schemas` export of a `.apol` import, or
 * `apol compile --schemas`): one message per disagreement, naming the tool and the path; a tool the policy does not
 * declare is one too, since every call to it would be denied. Empty when they agree: a test or start-up check that
 * fails when a tool definition drifts from the policy.
 */
export async function toolSchemaDrift(tools: ToolSet, schemas: Readonly<Record<string, JsonSchema>>): Promise<string[]> {
  const declared = await Promise.all(Object.entries(tools).map(async ([name, tool]) => [name, await asSchema(tool.inputSchema).jsonSchema] as const));
  return toolsDrift(declared, schemas);
}
