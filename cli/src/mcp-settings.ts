// The settings of `apol mcp`: its flags over the JSON of `--config FILE`, checked, with the identity parsed.
import { readFileSync } from "node:fs";
import type { Identity, Upstream } from "@apol/mcp";
import type { ParsedArgs } from "./command.js";

/** Everything `apol mcp` runs with. */
export interface McpSettings {
  readonly policy: string;
  readonly upstream: Upstream;
  readonly http?: number;
  readonly log?: string;
  readonly logKey?: string;
  readonly redis?: string;
  readonly approvers?: string;
  readonly approvals?: string;
  /** One apol session for every call (shared by every gateway that names it), instead of one per client connection. */
  readonly session?: string;
  /** Labels resources read through the gateway are recorded with. */
  readonly resourceLabels?: readonly string[];
  readonly review: "return" | "wait";
  /** What disagreement between the server's tool schemas and the policy's does: a warning at start-up, or also refusing those tools. */
  readonly drift: "warn" | "refuse";
  readonly identity: Identity;
}

/** The options a config file may hold, as they are spelt on the command line. */
const NAMES = [
  "policy",
  "http",
  "upstream",
  "log",
  "log-key",
  "redis",
  "approvers",
  "approvals",
  "session",
  "resource-labels",
  "review",
  "drift",
  "user",
  "agent",
  "context",
  "resource",
] as const;
const IDENTITY = ["user", "agent", "context", "resource"] as const;

/** The settings, or the one-line usage error. */
export function mcpSettings(args: ParsedArgs, env: Readonly<Record<string, string | undefined>> = process.env): McpSettings | string {
  const config = readConfig(args.values.get("config"));
  if (typeof config === "string") return config;
  const value = (name: (typeof NAMES)[number]): string | undefined => args.values.get(name) ?? config.values.get(name);
  const policy = value("policy");
  if (policy === undefined) return "missing `--policy POLICY`: the policy to enforce";
  const command = args.positionals.length > 0 ? args.positionals : config.command;
  const url = value("upstream");
  if (url !== undefined && command.length > 0) return "give either `--upstream URL` or `-- COMMAND ARGS...`, not both";
  if (url === undefined && command.length === 0) return "give the server to front: `-- COMMAND ARGS...` (started over stdio) or `--upstream URL`";
  let upstream: Upstream;
  if (url !== undefined) {
    if (!URL.canParse(url)) return `\`${url}\` is not a URL; expected e.g. \`http://127.0.0.1:3001/mcp\``;
    upstream = { url };
  } else upstream = { command: command[0]!, args: command.slice(1) };
  const port = value("http");
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return `\`--http ${port}\`: expected a port number`;
  const review = value("review") ?? "return";
  if (review !== "return" && review !== "wait") return `invalid review mode \`${review}\`; expected \`return\` or \`wait\``;
  const drift = value("drift") ?? "warn";
  if (drift !== "warn" && drift !== "refuse") return `invalid drift mode \`${drift}\`; expected \`warn\` or \`refuse\``;
  const identity: Record<string, unknown> = {};
  for (const part of IDENTITY) {
    // A flag, else the config file, else the environment (`APOL_MCP_USER`, ...), as a client's configuration may set it.
    const variable = `APOL_MCP_${part.toUpperCase()}`;
    const text = value(part) ?? env[variable];
    if (text === undefined) continue;
    const parsed = parseObject(text);
    if (parsed === undefined) return `\`--${part}\` (or \`${variable}\`) must be a JSON object, e.g. \`--${part} '{"id":"u-1"}'\``;
    identity[part] = parsed;
  }
  const labels = value("resource-labels")
    ?.split(",")
    .map((label) => label.trim());
  if (labels !== undefined && !labels.every((label) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(label)))
    return `\`--resource-labels ${value("resource-labels")}\`: expected labels separated by commas, e.g. \`untrusted\``;
  const optional = (key: keyof McpSettings, name: (typeof NAMES)[number]): Partial<McpSettings> => {
    const given = value(name);
    return given === undefined ? {} : { [key]: given };
  };
  return {
    policy,
    upstream,
    review,
    drift,
    identity: identity,
    ...(port === undefined ? {} : { http: Number(port) }),
    ...optional("log", "log"),
    ...optional("logKey", "log-key"),
    ...optional("redis", "redis"),
    ...optional("approvers", "approvers"),
    ...optional("approvals", "approvals"),
    ...optional("session", "session"),
    ...(labels === undefined ? {} : { resourceLabels: labels }),
  };
}

/** A config file's options (objects kept as JSON text, as a flag would give them) and command, or why it cannot be used. */
function readConfig(file: string | undefined): { values: Map<string, string>; command: string[] } | string {
  const values = new Map<string, string>();
  if (file === undefined) return { values, command: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    return `cannot read the config \`${file}\`: ${error instanceof SyntaxError ? "not JSON" : "no such file"}`;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return `the config \`${file}\` must be a JSON object of options`;
  let command: string[] = [];
  for (const [key, entry] of Object.entries(json)) {
    if (key === "command") {
      if (!Array.isArray(entry) || entry.length === 0 || !entry.every((part) => typeof part === "string"))
        return `\`command\` in \`${file}\` must be a list of strings: the server's command and arguments`;
      command = entry;
    } else if ((NAMES as readonly string[]).includes(key)) {
      values.set(key, typeof entry === "object" && entry !== null ? JSON.stringify(entry) : String(entry));
    } else return `unknown option \`${key}\` in the config \`${file}\`; expected one of ${NAMES.map((name) => `\`${name}\``).join(", ")} or \`command\``;
  }
  return { values, command };
}

/** A JSON object, or undefined. */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
