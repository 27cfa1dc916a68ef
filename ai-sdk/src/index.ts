// `@apol/ai-sdk`: wraps an AI SDK `tools` object so every tool call goes through `guard`: decided, reviewed, voided on failure, redacted, recorded.
import { guard, schemaDrift, type Enforcer, type GuardResult, type JsonSchema, type Request, type ReviewWait } from "@apol/runtime";
import { asSchema, type InferToolInput, type Tool, type ToolExecutionOptions, type ToolSet } from "ai";

/** Who is calling and where: the apol session and identity every guarded call carries. */
export interface GuardToolsOptions {
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
      execute: async (input: unknown, run: ToolExecutionOptions) =>
        answer(
          await guard(enforcer, {
            tool: name,
            args: input as Request["args"],
            session: options.session,
            ...identity(options),
            ...(options.labels === undefined ? {} : { labels: options.labels }),
            ...(options.review === undefined ? {} : { review: options.review }),
            ...(run.abortSignal === undefined ? {} : { signal: run.abortSignal }),
            run: () => execute(input, run),
          }),
        ),
    };
  }
  return guarded as GuardedTools<T>;
}

/** The request fields of `options` that are given. */
function identity(options: GuardToolsOptions): Partial<Pick<Request, "user" | "agent" | "context" | "resource">> {
  const fields: Partial<Record<"user" | "agent" | "context" | "resource", Readonly<Record<string, unknown>>>> = {};
  for (const key of ["user", "agent", "context", "resource"] as const) if (options[key] !== undefined) fields[key] = options[key];
  return fields;
}

/** The tool result the model reads; a tool that threw throws again, so the SDK reports it as a tool error. */
function answer(result: GuardResult): unknown {
  switch (result.status) {
    case "ok":
      return result.output;
    case "denied":
      return { status: "denied", reason: result.review === undefined ? result.decision.reason : `the review was ${result.review.status}: ${result.decision.reason}` } satisfies Refusal;
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

/**
 * Where the tools' input schemas disagree with the policy's (`schemas`: the `schemas` export of a `.apol` import, or
 * `apol compile --schemas`): one message per disagreement, naming the tool and the path; a tool the policy does not
 * declare is one too, since every call to it would be denied. Empty when they agree: a test or start-up check that
 * fails when a tool definition drifts from the policy.
 */
export async function toolSchemaDrift(tools: ToolSet, schemas: Readonly<Record<string, JsonSchema>>): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, tool] of Object.entries(tools)) {
    const policy = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (policy === undefined) {
      problems.push(`tool \`${name}\`: not a tool of the policy, so every call to it is denied`);
      continue;
    }
    const declared = await asSchema(tool.inputSchema).jsonSchema;
    for (const problem of schemaDrift(policy, declared)) problems.push(`tool \`${name}\`: ${problem}`);
  }
  return problems;
}
