// `@apol/openai-agents`: makes an OpenAI Agents SDK agent's function tools from their definitions with every call going through `guard`.
import {
  answerCall,
  needsReview,
  openReview as openCallReview,
  rejectReview as rejectCallReview,
  toolsDrift,
  type Decision,
  type Enforcer,
  type JsonSchema,
  type ProposedCall,
  type Refusal,
  type ReviewState,
  type ToolCaller,
} from "@apol/runtime";
import { tool, type FunctionTool, type RunContext, type RunToolApprovalItem, type ToolOptions } from "@openai/agents";

export type { Refusal, ToolCaller };

/** A tool's definition: what would be passed to the SDK's `tool()` (its `execute` is what apol guards). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK's own parameter type for a definition whose parameters may be zod, a Standard Schema or JSON Schema.
export type ToolDefinition<C = unknown> = ToolOptions<any, C>;

/**
 * The session and identity of each call: fixed for one run, or read from the run's context (the caller's own
 * `run(agent, input, { context })`), so one agent serves many threads and users.
 */
export type CallerOf<C> = ToolCaller | ((runContext: RunContext<C>) => ToolCaller);

/** How a review meets the SDK. */
export interface GuardToolsOptions {
  /**
   * `true`: a call the policy holds for review interrupts the run with the SDK's own approval (each tool's
   * `needsApproval` asks apol, besides the definition's own), rather than reaching the model as `pending_review`. The
   * host gets the review to sign from `openReview`, then `state.approve(item)` and resumes once it is signed: the SDK's
   * approval alone runs nothing (`execute` still finds the call held), and `rejectReview` ends the review of a rejected one.
   */
  readonly sdkApproval?: boolean;
}

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
export function guardTools<C = unknown>(
  enforcer: Enforcer,
  definitions: readonly ToolDefinition<C>[],
  caller: CallerOf<C>,
  options: GuardToolsOptions = {},
): FunctionTool<C, never, unknown>[] {
  const callerOf = (runContext: RunContext<C>): ToolCaller => (typeof caller === "function" ? caller(runContext) : caller);
  return definitions.map((definition) => {
    const label = definition.name ?? definition.execute.name;
    if ("invoke" in definition) throw new TypeError(`tool \`${label}\` is built already: pass the definition given to \`tool()\`, so apol sees when it fails`);
    if (definition.outputSchema !== undefined)
      throw new TypeError(`tool \`${label}\` has an \`outputSchema\`: a refusal or a redacted output would not fit it; drop it to guard the tool`);
    const own = definition.needsApproval;
    const guarded: FunctionTool<C, never, unknown> = tool<never, C, unknown>({
      ...(definition as ToolOptions<never, C>),
      // Asked when the model calls the tool and perhaps again on resuming, so it previews: asking changes nothing.
      ...(options.sdkApproval === true
        ? {
            needsApproval: async (runContext: RunContext, input: unknown, callId?: string): Promise<boolean> =>
              (typeof own === "function" ? await own(runContext, input, callId) : own === true) ||
              needsReview(enforcer, callerOf(runContext as RunContext<C>), { tool: guarded.name, args: input }),
          }
        : {}),
      execute: (input, runContext, details): Promise<unknown> =>
        answerCall(enforcer, callerOf(runContext as RunContext<C>), {
          // The SDK's own name for the tool, normalized as the model sees it: the name the policy declares.
          tool: guarded.name,
          args: input,
          signal: details?.signal,
          run: () => definition.execute(input, runContext, details),
        }),
    });
    return guarded;
  });
}

/**
 * The apol review a run's interruption (an item of `result.interruptions`) waits on, opened if none is pending: its
 * `approvals.review` and `approvals.digest` are what each approver signs (`apol approve`, the review desk). Approve
 * the item (`result.state.approve(item)`) and resume once the review is released; the call then runs once.
 */
export function openReview(enforcer: Enforcer, caller: ToolCaller, item: RunToolApprovalItem): Promise<Decision> {
  return openCallReview(enforcer, caller, proposed(item));
}

/** Ends the apol review of a call the host rejects in the SDK (`result.state.reject(item)`), so no later signature releases it. */
export function rejectReview(
  enforcer: Enforcer,
  caller: ToolCaller,
  item: RunToolApprovalItem,
  rejection: { readonly by: string; readonly reason: string },
): Promise<ReviewState | undefined> {
  return rejectCallReview(enforcer, caller, proposed(item), rejection);
}

/** The call an interruption pauses: the tool's name and its arguments, parsed as the tool's `execute` gets them. */
function proposed(item: RunToolApprovalItem): ProposedCall {
  const text = item.arguments;
  let args: unknown;
  try {
    args = text === undefined ? {} : JSON.parse(text);
  } catch {
    // Arguments that do not parse are no call of any tool: previewed, they are `$invalid-request`, never a review.
    args = text;
  }
  return { tool: item.name ?? "", args };
}

/**
 * Where the tools' parameter schemas disagree with the policy's (`schemas`: the `schemas` export of a `.apol` import,
 * or `apol compile --schemas`): one message per disagreement, naming the tool and the path, and one per tool the
 * policy does not declare. Takes definitions or built tools; empty when they agree, so a test or start-up check
 * fails when a tool drifts from the policy.
 */
export function toolSchemaDrift<C = unknown>(
  tools: readonly (ToolDefinition<C> | FunctionTool<C, never, unknown>)[],
  schemas: Readonly<Record<string, JsonSchema>>,
): string[] {
  // Building a definition gives the JSON Schema the model is sent, whether its parameters were zod or JSON Schema.
  const built = tools.map((t) => ("invoke" in t ? t : tool<never, C, unknown>(t as ToolOptions<never, C>)));
  return toolsDrift(
    built.map((t) => [t.name, t.strict ? optionalOf(t.parameters) : t.parameters] as const),
    schemas,
  );
}

type Schema = { readonly [key: string]: unknown };

/**
 * A strict tool's schema with its optional properties as the policy writes them: strict mode sends an optional
 * property as required and nullable (`anyOf: [T, {type: "null"}]`), and the model's `null` is the policy's absent.
 */
function optionalOf(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return schema;
  const { properties, required, items, ...rest } = schema as Schema;
  const out: Record<string, unknown> = { ...rest };
  if (items !== undefined) out["items"] = optionalOf(items);
  if (typeof properties !== "object" || properties === null) return properties === undefined ? out : { ...out, properties };
  const nullable = new Set<string>();
  out["properties"] = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const inner = nonNull(property);
      if (inner !== undefined) nullable.add(name);
      return [name, optionalOf(inner ?? property)];
    }),
  );
  if (Array.isArray(required)) out["required"] = required.filter((name) => !nullable.has(String(name)));
  return out;
}

/** `T` of a schema `anyOf: [T, {type: "null"}]` (in either order), else undefined. */
function nonNull(schema: unknown): unknown {
  const anyOf = (schema as Schema | null)?.["anyOf"];
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return undefined;
  const isNull = (s: unknown): boolean => (s as Schema | null)?.["type"] === "null";
  return isNull(anyOf[1]) ? anyOf[0] : isNull(anyOf[0]) ? anyOf[1] : undefined;
}
