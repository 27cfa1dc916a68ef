// `@apol/langchain`: wraps LangChain.js tools so every call an agent makes goes through `guard`: decided, reviewed, voided on failure, redacted, recorded.
import { answerCall, toolsDrift, type Enforcer, type JsonSchema, type Refusal, type ToolCaller } from "@apol/runtime";
import type { RunnableConfig } from "@langchain/core/runnables";
import { DynamicStructuredTool, type StructuredToolInterface } from "@langchain/core/tools";
import { toJsonSchema } from "@langchain/core/utils/json_schema";

export type { Refusal, ToolCaller };

/**
 * The session and identity of each call: fixed, or read from the call's config (LangGraph's
 * `configurable.thread_id`, the agent's `context`), so one agent serves many threads and users.
 */
export type CallerOf = ToolCaller | ((config: RunnableConfig & { readonly context?: unknown }) => ToolCaller);

/**
 * Wraps every tool (a `StructuredTool`, a `tool()` or a `DynamicStructuredTool`) so that each call goes through
 * `guard(enforcer, ...)`: a denied call or one held for review becomes the tool output the model reads (`Refusal`);
 * a tool that throws is voided and its error thrown again, so the agent handles it as it would unguarded (a
 * LangChain agent shows it to the model); an allowed call's output is recorded and returned redacted. The wrapped
 * tools keep each tool's name, description and schema. A tool answering `content_and_artifact` is refused: its
 * artifact would bypass redaction and recording.
 */
export function guardTools(enforcer: Enforcer, tools: readonly StructuredToolInterface[], caller: CallerOf): DynamicStructuredTool[] {
  return tools.map((original) => {
    if ((original as { responseFormat?: string }).responseFormat === "content_and_artifact") throw new TypeError(`tool \`${original.name}\` answers \`content_and_artifact\`: its artifact would bypass redaction and recording; answer \`content\` to guard it`);
    return new DynamicStructuredTool({
      name: original.name,
      description: original.description,
      schema: original.schema,
      returnDirect: original.returnDirect,
      func: async (args: unknown, runManager, config: RunnableConfig = {}) => {
        // Without the tool call in its config, the tool answers its content rather than a message: what is redacted and recorded.
        const { toolCall: _toolCall, ...own } = config as RunnableConfig & { toolCall?: unknown };
        return answerCall(enforcer, typeof caller === "function" ? caller(config) : caller, {
          tool: original.name,
          args,
          signal: config.signal,
          run: () => original.invoke(args as never, { ...own, callbacks: runManager?.getChild() }),
        });
      },
    });
  });
}

/**
 * Where the tools' input schemas (zod or JSON Schema) disagree with the policy's (`schemas`: the `schemas` export of
 * a `.apol` import, or `apol compile --schemas`): one message per disagreement, naming the tool and the path, and one
 * per tool the policy does not declare. Empty when they agree, so a test or start-up check fails when a tool drifts.
 */
export function toolSchemaDrift(tools: readonly StructuredToolInterface[], schemas: Readonly<Record<string, JsonSchema>>): string[] {
  return toolsDrift(tools.map((t) => [t.name, toJsonSchema(t.schema as Parameters<typeof toJsonSchema>[0])] as const), schemas);
}
