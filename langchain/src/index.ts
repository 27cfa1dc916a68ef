// `@apol/langchain`: wraps LangChain.js tools so every call an agent makes goes through `guard`: decided, reviewed, voided on failure, redacted, recorded.
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
import type { RunnableConfig } from "@langchain/core/runnables";
import { DynamicStructuredTool, type DynamicTool, type StructuredToolInterface } from "@langchain/core/tools";
import { toJsonSchema } from "@langchain/core/utils/json_schema";

export type { Refusal, ToolCaller };

/**
 * The session and identity of each call: fixed, or read from the call's config (LangGraph's
 * `configurable.thread_id`, the agent's `context`), so one agent serves many threads and users.
 */
export type CallerOf = ToolCaller | ((config: RunnableConfig & { readonly context?: unknown }) => ToolCaller);

/**
 * A tool to guard: what `tool()` returns is typed as either kind, and under `exactOptionalPropertyTypes` LangChain's
 * own `StructuredToolInterface` does not take a `DynamicTool`.
 */
export type GuardableTool = StructuredToolInterface | DynamicTool;

/**
 * Wraps every tool (a `StructuredTool`, a `tool()` or a `DynamicStructuredTool`) so that each call goes through
 * `guard(enforcer, ...)`: a denied call or one held for review becomes the tool output the model reads (`Refusal`);
 * a tool that throws is voided and its error thrown again, so the agent handles it as it would unguarded (a
 * LangChain agent shows it to the model); an allowed call's output is recorded and returned redacted. The wrapped
 * tools keep each tool's name, description and schema. A tool answering `content_and_artifact` is refused: its
 * artifact would bypass redaction and recording.
 */
export function guardTools(enforcer: Enforcer, tools: readonly GuardableTool[], caller: CallerOf): DynamicStructuredTool[] {
  return tools.map((original) => {
    if ((original as { responseFormat?: string }).responseFormat === "content_and_artifact")
      throw new TypeError(
        `tool \`${original.name}\` answers \`content_and_artifact\`: its artifact would bypass redaction and recording; answer \`content\` to guard it`,
      );
    return new DynamicStructuredTool({
      name: original.name,
      description: original.description,
      // A `DynamicTool`'s schema is a zod schema LangChain's own types do not count as one under `exactOptionalPropertyTypes`.
      schema: original.schema as StructuredToolInterface["schema"],
      returnDirect: original.returnDirect,
      func: async (args: unknown, runManager, config: RunnableConfig = {}) => {
        // Without the tool call in its config, the tool answers its content rather than a message: what is redacted and recorded.
        // Its callbacks are the run manager's children, or none.
        const { toolCall: _toolCall, callbacks: _callbacks, ...own } = config as RunnableConfig & { toolCall?: unknown };
        return answerCall(enforcer, typeof caller === "function" ? caller(config) : caller, {
          tool: original.name,
          args,
          signal: config.signal as AbortSignalLike | undefined,
          run: () => original.invoke(args as never, { ...own, ...(runManager === undefined ? {} : { callbacks: runManager.getChild() }) }),
        });
      },
    });
  });
}

/** A tool call as `humanInTheLoopMiddleware` shows it: an action request of its interrupt, or the model's tool call. */
export interface ActionRequest {
  readonly name: string;
  readonly args: unknown;
}

/** One tool's entry of `humanInTheLoopMiddleware`'s `interruptOn`, as apol sets it. */
export interface ApolInterrupt {
  readonly allowedDecisions: ("approve" | "edit" | "reject")[];
  /** The middleware's predicate: interrupt this call? */
  readonly when: (request: {
    readonly toolCall: ActionRequest;
    readonly runtime?: { readonly context?: unknown; readonly configurable?: Record<string, unknown> };
  }) => Promise<boolean>;
}

/**
 * The `interruptOn` of LangChain's `humanInTheLoopMiddleware` (from `langchain`) for the guarded tools: a call the
 * policy holds for review interrupts the run with the middleware's own request, rather than reaching the model as
 * `pending_review`. The middleware runs its predicate again when the run resumes, so it asks a preview: asking
 * changes nothing. The host gets the review to sign from `openReview`, then resumes with `approve` once it is signed:
 * the middleware's approval alone runs nothing (the tool still finds the call held); `rejectReview` ends the review
 * of a call it rejects. An `edit` is a new call, decided as such when it runs.
 */
export function interruptOn(enforcer: Enforcer, tools: readonly { readonly name: string }[], caller: CallerOf): Record<string, ApolInterrupt> {
  return Object.fromEntries(
    tools.map((t) => [
      t.name,
      {
        allowedDecisions: ["approve", "reject"],
        when: ({ toolCall, runtime }) => {
          // The node's runtime carries what a tool's config would: the thread (`configurable`) and the agent's context.
          const config = { ...(runtime?.configurable === undefined ? {} : { configurable: runtime.configurable }), context: runtime?.context };
          return needsReview(enforcer, typeof caller === "function" ? caller(config) : caller, { tool: t.name, args: toolCall.args });
        },
      } satisfies ApolInterrupt,
    ]),
  );
}

/**
 * The apol review an interrupted call (an `actionRequests` entry of the interrupt) waits on, opened if none is
 * pending: its `approvals.review` and `approvals.digest` are what each approver signs (`apol approve`, the review
 * desk). Resume with `{ type: "approve" }` once the review is released; the call then runs once.
 */
export function openReview(enforcer: Enforcer, caller: ToolCaller, action: ActionRequest): Promise<Decision> {
  return openCallReview(enforcer, caller, { tool: action.name, args: action.args });
}

/** Ends the apol review of a call the host rejects (`{ type: "reject" }`), so no later signature releases it. */
export function rejectReview(
  enforcer: Enforcer,
  caller: ToolCaller,
  action: ActionRequest,
  rejection: { readonly by: string; readonly reason: string },
): Promise<ReviewState | undefined> {
  return rejectCallReview(enforcer, caller, { tool: action.name, args: action.args }, rejection);
}

/**
 * Where the tools' input schemas (zod or JSON Schema) disagree with the policy's (`schemas`: the `schemas` export of
 * a `.apol` import, or `apol compile --schemas`): one message per disagreement, naming the tool and the path, and one
 * per tool the policy does not declare. Empty when they agree, so a test or start-up check fails when a tool drifts.
 */
export function toolSchemaDrift(tools: readonly GuardableTool[], schemas: Readonly<Record<string, JsonSchema>>): string[] {
  return toolsDrift(
    tools.map((t) => [t.name, toJsonSchema(t.schema as Parameters<typeof toJsonSchema>[0])] as const),
    schemas,
  );
}
