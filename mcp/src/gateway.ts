// The MCP gateway: a downstream MCP server per client connection that lists only the policy's tools, sends every tools/call through `guard`, and passes everything else to the upstream server.
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { RequestOptions } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  McpError,
  CallToolResultSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  ReadResourceResultSchema,
  ResultSchema,
  type CallToolRequest,
  type CallToolResult,
  type ServerCapabilities,
  type ServerNotification,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { guard, type Decision, type Enforcer, type PolicyModule, type Request, type ReviewWait } from "@apol/runtime";
import { answer, refusedForDrift, UpstreamToolError } from "./answer.js";
import { outputOf, redactedResult } from "./tool-output.js";

/** The identity parts of an apol request: taken from the gateway's configuration or the HTTP client's credentials, never from the model. */
export type Identity = Partial<Pick<Request, "user" | "agent" | "context" | "resource">>;

/** What the gateway knows of the client connection a call came on. */
export interface Connection {
  /** The MCP session (Streamable HTTP's `mcp-session-id`); absent over stdio. */
  readonly sessionId?: string;
  /** The validated credentials of an HTTP client, when the host authenticates them. */
  readonly authInfo?: AuthInfo;
}

export interface McpGatewayOptions {
  /** Decides every call; its store, approvers and log are the gateway's. */
  readonly enforcer: Enforcer;
  /** The compiled policy the enforcer wraps: its declared tools are the only ones listed. */
  readonly policy: PolicyModule;
  /** A connected client of the MCP server behind the gateway. */
  readonly upstream: Client;
  /** The request's identity (the same for every call), or a function of the connection (HTTP auth claims, say). */
  readonly identity?: Identity | ((connection: Connection) => Identity);
  /** The apol session of a connection: default its MCP session id, or one id per connection over stdio. */
  readonly session?: (connection: Connection) => string | undefined;
  /** The policy's name for a server's tool (default: the same; the policy may quote names like `"get-sum"`). */
  readonly toolName?: (name: string) => string;
  /** Labels recorded with every output, besides the tool's `returns` label. */
  readonly labels?: readonly string[];
  /** A call held for review: answered at once as an error naming the review (default), or held until released. */
  readonly review?: ReviewWait;
  /**
   * Labels (`untrusted`, say) to record every resource read through the gateway with, in the reader's session, so
   * provenance checks see what resources said; absent, resource reads pass through unrecorded.
   */
  readonly resourceLabels?: readonly string[];
  /**
   * Tools (by the policy's name) whose calls the gateway refuses, with why: those whose schema the server and the
   * policy disagree on (`mcpToolDrift`), when the operator would rather stop them than let the policy decide
   * arguments the server reads otherwise. They are not listed either.
   */
  readonly refused?: ReadonlyMap<string, readonly string[]>;
}

/** A gateway: connect each client's transport to get the server that serves it. */
export interface McpGateway {
  /** Serves one client on `transport` (a stdio or Streamable HTTP server transport) until either side closes. */
  connect(transport: Transport): Promise<Server>;
  /** Closes every client connection (not the upstream client, which the caller owns). */
  close(): Promise<void>;
}

/** Upstream capabilities the gateway does not pass on: task-augmented calls would bypass `tools/call`. */
const WITHHELD_CAPABILITIES = ["tasks"] as const;

/**
 * Puts the policy in front of `upstream`: `tools/list` lists the server's tools that the policy declares, with the
 * server's schemas; `tools/call` goes through `guard` (decide, hold for review, forward, void on failure, redact,
 * record); every other request and notification passes through unchanged.
 */
export function createMcpGateway(options: McpGatewayOptions): McpGateway {
  const servers = new Set<Server>();
  // Notifications from the server (logs, list changes, resource updates) reach every client.
  options.upstream.fallbackNotificationHandler = async (notification) => {
    await Promise.all([...servers].map((server) => server.notification(notification).catch(() => undefined)));
  };
  // Requests from the server (sampling, elicitation, roots) go to the client it serves. With several clients there is
  // no telling which one a request is for, so it is refused rather than sent to a guess.
  options.upstream.fallbackRequestHandler = async (request, extra) => {
    const [only, ...others] = servers;
    if (only === undefined || others.length > 0) {
      throw new McpError(
        ErrorCode.InvalidRequest,
        `the apol gateway serves ${servers.size} clients and cannot tell which one to ask for \`${request.method}\``,
      );
    }
    return only.request({ method: request.method, ...(request.params === undefined ? {} : { params: request.params }) }, ResultSchema, {
      signal: extra.signal,
    });
  };
  return {
    async connect(transport) {
      const server = downstream(options);
      servers.add(server);
      server.onclose = () => servers.delete(server);
      await server.connect(transport);
      return server;
    },
    async close() {
      await Promise.all([...servers].map((server) => server.close()));
    },
  };
}

/** One client's server. */
function downstream(options: McpGatewayOptions): Server {
  const { upstream } = options;
  const capabilities: ServerCapabilities = { ...upstream.getServerCapabilities() };
  for (const key of WITHHELD_CAPABILITIES) delete (capabilities as Record<string, unknown>)[key];
  capabilities.tools = { ...capabilities.tools };
  const info = upstream.getServerVersion() ?? { name: "mcp-server", version: "0" };
  const instructions = upstream.getInstructions();
  const server = new Server({ name: `${info.name} (apol)`, version: info.version }, { capabilities, ...(instructions === undefined ? {} : { instructions }) });
  // The SDK answers `logging/setLevel` itself when logging is on; the server behind should hear it.
  server.removeRequestHandler("logging/setLevel");
  const connectionSession = randomUUID();
  const sessionOf = (connection: Connection): string | undefined =>
    options.session === undefined ? (connection.sessionId ?? connectionSession) : options.session(connection);

  server.setRequestHandler(ListToolsRequestSchema, async (_request, extra) => ({ tools: await listedTools(options, { signal: extra.signal }) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const connection = connectionOf(extra);
    const token = request.params._meta?.progressToken;
    const progress = (message: string): void => {
      if (token !== undefined)
        void extra.sendNotification({ method: "notifications/progress", params: { progressToken: token, progress: 0, message } }).catch(() => undefined);
    };
    const forwarded = new ProgressRelay(token, extra);
    const result = await callTool(options, request, {
      session: sessionOf(connection),
      identity: typeof options.identity === "function" ? options.identity(connection) : (options.identity ?? {}),
      signal: extra.signal,
      onHold: (decision) => progress(heldMessage(decision)),
      ...forwarded.options,
    });
    await forwarded.sent();
    return result;
  });
  const resourceLabels = options.resourceLabels;
  if (resourceLabels !== undefined && capabilities.resources !== undefined) {
    server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
      const result = await upstream.request({ method: "resources/read", params: request.params }, ReadResourceResultSchema, { signal: extra.signal });
      const session = sessionOf(connectionOf(extra));
      // Failing to record throws: the client gets an error rather than content provenance did not see.
      if (session !== undefined)
        await options.enforcer.observeAsync(
          session,
          result.contents.map((content) => ("text" in content ? content.text : content.uri)),
          { labels: resourceLabels },
        );
      return result;
    });
  }
  // Resources, prompts, completions, logging levels: whatever the server offers, unchanged.
  server.fallbackRequestHandler = async (request, extra) => {
    const forwarded = new ProgressRelay(request.params?._meta?.progressToken, extra);
    const result = await upstream.request({ method: request.method, ...(request.params === undefined ? {} : { params: request.params }) }, ResultSchema, {
      signal: extra.signal,
      ...forwarded.options,
    });
    await forwarded.sent();
    return result;
  };
  server.fallbackNotificationHandler = async (notification) => {
    await upstream.notification(notification).catch(() => undefined);
  };
  return server;
}

/** Passes the server's progress on to the client under the client's own token (nothing without one), in order, before the answer. */
class ProgressRelay {
  private readonly sending: Promise<void>[] = [];
  readonly options: Pick<RequestOptions, "onprogress">;

  constructor(token: string | number | undefined, extra: { sendNotification: (notification: ServerNotification) => Promise<void> }) {
    this.options =
      token === undefined
        ? {}
        : {
            onprogress: (progress) =>
              void this.sending.push(
                extra.sendNotification({ method: "notifications/progress", params: { ...progress, progressToken: token } }).catch(() => undefined),
              ),
          };
  }

  /** Resolves once every progress notification so far is sent: a client drops progress that comes after the answer. */
  async sent(): Promise<void> {
    await Promise.all(this.sending);
  }
}

/** The connection a request came on. */
function connectionOf(extra: { readonly sessionId?: string; readonly authInfo?: AuthInfo }): Connection {
  return { ...(extra.sessionId === undefined ? {} : { sessionId: extra.sessionId }), ...(extra.authInfo === undefined ? {} : { authInfo: extra.authInfo }) };
}

/** Every page of the server's tools, keeping those the policy declares; output schemas go when the policy can redact outputs (a redacted field may not fit them). */
async function listedTools(options: McpGatewayOptions, request: RequestOptions): Promise<Tool[]> {
  const name = options.toolName ?? ((tool: string) => tool);
  const redactsOutputs = options.policy.rules.some((rule) => rule.effect === "redact" && (rule.paths?.length ?? 0) > 0);
  const tools: Tool[] = [];
  let cursor: string | undefined;
  do {
    const page = await options.upstream.listTools(cursor === undefined ? {} : { cursor }, request);
    for (const tool of page.tools) {
      if (!Object.hasOwn(options.policy.tools, name(tool.name)) || options.refused?.has(name(tool.name))) continue;
      if (!redactsOutputs) tools.push(tool);
      else {
        const { outputSchema: _dropped, ...rest } = tool;
        tools.push(rest);
      }
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return tools;
}

interface CallContext {
  readonly session: string | undefined;
  readonly identity: Identity;
  readonly signal: AbortSignal;
  readonly onHold: (decision: Decision) => void;
  readonly onprogress?: RequestOptions["onprogress"];
}

/** One `tools/call`: guarded, forwarded when allowed, answered as an MCP tool result. */
async function callTool(options: McpGatewayOptions, request: CallToolRequest, call: CallContext): Promise<CallToolResult> {
  const { task: _task, ...params } = request.params as CallToolRequest["params"] & { task?: unknown };
  const tool = options.toolName === undefined ? params.name : options.toolName(params.name);
  const drifted = options.refused?.get(tool);
  if (drifted !== undefined) return refusedForDrift(tool, drifted);
  let forwarded: CallToolResult | undefined;
  const result = await guard(options.enforcer, {
    tool,
    args: params.arguments ?? {},
    ...(call.session === undefined ? {} : { session: call.session }),
    ...call.identity,
    ...(options.labels === undefined ? {} : { labels: options.labels }),
    ...(options.review === undefined ? {} : { review: options.review }),
    signal: call.signal,
    onHold: call.onHold,
    run: async ({ signal }) => {
      const requestOptions: RequestOptions = {
        ...(signal === undefined ? {} : { signal: signal as AbortSignal }),
        ...(call.onprogress === undefined ? {} : { onprogress: call.onprogress }),
      };
      forwarded = await options.upstream.request({ method: "tools/call", params }, CallToolResultSchema, requestOptions);
      // A tool that reports an error did not do its job: the call is voided, as if it had thrown.
      if (forwarded.isError === true) throw new UpstreamToolError(forwarded);
      return outputOf(forwarded);
    },
  });
  if (result.status === "ok")
    return forwarded === undefined
      ? answer({ ...result, status: "failed", step: "record", error: undefined }, false)
      : redactedResult(forwarded, result.output, result.redacted);
  const seen = result.status === "failed" && result.step === "tool" ? await observeFailure(options, call.session, result.decision, result.error) : false;
  return answer(result, seen);
}

/** A failed tool's error text reaches the model, so provenance must see it like any output: recorded with the tool's labels. Whether it was. */
async function observeFailure(options: McpGatewayOptions, session: string | undefined, decision: Decision, error: unknown): Promise<boolean> {
  if (session === undefined) return true;
  const returns = decision.tool === undefined ? undefined : options.policy.tools[decision.tool]?.returns;
  const labels = [...(returns === undefined ? [] : [returns]), ...(options.labels ?? [])];
  const content = error instanceof UpstreamToolError ? outputOf(error.result) : error instanceof Error ? error.message : String(error);
  try {
    await options.enforcer.observeAsync(session, content, { labels });
    return true;
  } catch {
    return false;
  }
}

/** The progress message of a call held for review: what an approver needs to sign. */
function heldMessage(decision: Decision): string {
  const approvals = decision.approvals;
  if (approvals === undefined) return `held for review by rule \`${decision.rule}\`: ${decision.reason}`;
  return `held for review \`${approvals.review}\` (digest ${approvals.digest}) by rule \`${decision.rule}\`: ${decision.reason}; waiting until ${approvals.expiresAt}`;
}
