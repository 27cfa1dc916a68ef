// `@apol/ai-sdk`: wraps an AI SDK `tools` object so every tool call goes through `guard`: decided, reviewed, voided on failure, redacted, recorded.
import { answerCall, toolsDrift, type Enforcer, type JsonSchema, type Refusal, type ToolCaller } from "@apol/runtime";
import { asSchema, type InferToolInput, type Tool, type ToolExecutionOptions, type ToolSet } from "ai";

/** Who is calling and where: the apol session and identity every guarded call carries. */
export type GuardToolsOptions = ToolCaller;

export type { Refusal };

/** The tools, with every output `unknown`: redaction may replace fields, and a refusal replaces the output. */
export type GuardedTools<T extends ToolSet> = { [K in keyof T]: Tool<InferToolInput<T[K]>, unknown> };

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
      execute: async (input: unknown, run: ToolExecutionOptions) => answerCall(enforcer, options, { tool: name, args: input, signal: run.abortSignal, run: () => execute(input, run) }),
    };
  }
  return guarded as GuardedTools<T>;
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
