// `@apol/openai-agents`: makes an OpenAI Agents SDK agent's function tools from their definitions with every call going through `guard`.
import { answerCall, toolsDrift, type Enforcer, type JsonSchema, type Refusal, type ToolCaller } from "@apol/runtime";
import { tool, type FunctionTool, type RunContext, type ToolOptions } from "@openai/agents";

export type { Refusal, ToolCaller };

/** A tool's definition: what would be passed to the SDK's `tool()` (its `execute` is what apol guards). */
// `any`: the SDK's own parameter type for a definition whose parameters may be zod, a Standard Schema or JSON Schema.
export type ToolDefinition<C = unknown> = ToolOptions<any, C>;

/**
 * The session and identity of each call: fixed for one run, or read from the run's context (the caller's own
 * `run(agent, input, { context })`), so one agent serves many threads and users.
 */
export type CallerOf<C> = ToolCaller | ((runContext: RunContext<C>) => ToolCaller);

/**
 * Builds the agent's function tools from their definitions (what each would pass to `tool()`), with every call the
 * model makes going through `guard(enforcer, ...)`: a denied call or one held for review becomes the tool output the
 * model reads (`Refusal`); a tool that throws is voided and its error reaches the model through the tool's
 * `errorFunction`, as it would unguarded; an allowed call's output is recorded and returned redacted.
 *
 * It takes definitions rather than built tools because a built tool turns its own failures into text, so apol could
 * not tell a failed call (to void) from an output (to record). A definition with an `outputSchema` is refused: a
 * refusal or a redacted output would not fit it.
 */
export function guardTools<C = unknown>(enforcer: Enforcer, definitions: readonly ToolDefinition<C>[], caller: CallerOf<C>): FunctionTool<C, never, unknown>[] {
  return definitions.map((definition) => {
    const label = definition.name ?? definition.execute.name;
    if ("invoke" in definition) throw new TypeError(`tool \`${label}\` is built already: pass the definition given to \`tool()\`, so apol sees when it fails`);
    if (definition.outputSchema !== undefined) throw new TypeError(`tool \`${label}\` has an \`outputSchema\`: a refusal or a redacted output would not fit it; drop it to guard the tool`);
    const guarded: FunctionTool<C, never, unknown> = tool<never, C, unknown>({
      ...(definition as ToolOptions<never, C>),
      execute: (input, runContext, details): Promise<unknown> =>
        answerCall(enforcer, typeof caller === "function" ? caller(runContext as RunContext<C>) : caller, {
          // The SDK's own name for the tool, normalized as the model sees it: the name the policy declares.
          tool: guarded.name,
          args: input,
          signal: details?.signal,
          run: () => definition.execute(input as never, runContext, details),
        }),
    });
    return guarded;
  });
}

/**
 * Where the tools' parameter schemas disagree with the policy's (`schemas`: the `schemas` export of a `.apol` import,
 * or `apol compile --schemas`): one message per disagreement, naming the tool and the path, and one per tool the
 * policy does not declare. Takes definitions or built tools; empty when they agree, so a test or start-up check
 * fails when a tool drifts from the policy.
 */
export function toolSchemaDrift<C = unknown>(tools: readonly (ToolDefinition<C> | FunctionTool<C, never, unknown>)[], schemas: Readonly<Record<string, JsonSchema>>): string[] {
  // Building a definition gives the JSON Schema the model is sent, whether its parameters were zod or JSON Schema.
  const built = tools.map((t) => ("invoke" in t ? t : tool<never, C, unknown>(t as ToolOptions<never, C>)));
  return toolsDrift(built.map((t) => [t.name, t.parameters] as const), schemas);
}
