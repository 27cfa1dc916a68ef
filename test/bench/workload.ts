// The decision workload every engine runs: the roles, the ten named tools, the generated tools and the seeded requests.
import { seeded, type Random } from "./prng.js";

/** The roles a request's user can have. */
export const roles = ["admin", "support_agent", "analyst", "contractor"] as const;
/** One of `roles`. */
export type Role = (typeof roles)[number];

/** Ticket priorities (an enum argument of `create_ticket`). */
export const priorities = ["low", "normal", "high", "urgent"] as const;

/**
 * The facts the named tools' rules share, so that every engine's translation
 * reads the same numbers and lists instead of retyping them.
 */
export const limits = {
  /** `send_money`: support agents only, up to this amount. */
  sendMoney: 500,
  /** `refund_order`: support agents up to the first, admins up to the second. */
  refundAgent: 200,
  refundAdmin: 1000,
  /** `send_email`: only to these domains. */
  mailDomains: ["acme.example", "partner.example"],
  /** `query_db`: these roles may query; `salaries` is admin-only. */
  queryRoles: ["admin", "analyst", "support_agent"] as Role[],
  /** `write_file`: these roles, under `/workspace/`, no `.sh` unless admin. */
  writeRoles: ["admin", "analyst"] as Role[],
  /** `create_ticket`: these roles any priority; contractors only the listed priorities. */
  ticketRoles: ["admin", "support_agent"] as Role[],
  contractorPriorities: ["low", "normal"],
} as const;

/** The ten hand-designed tools, in declaration order. */
export const namedTools = [
  "read_file",
  "write_file",
  "send_money",
  "send_email",
  "execute_shell",
  "query_db",
  "http_get",
  "create_ticket",
  "refund_order",
  "delete_user",
] as const;

/** A generated tool `tool_NN(n: int)`: allowed for `roles` while `args.n <= limit`. */
export interface GeneratedTool {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly limit: number;
}

/** A request as apol receives it; the other engines translate it into their own shape. */
export interface BenchRequest {
  readonly tool: string;
  readonly user: { readonly id: string; readonly role: Role };
  readonly args: Readonly<Record<string, string | number>>;
}

/** The seed of every workload: change it and all engines see a different, equally reproducible mix. */
export const SEED = 20261121;
/** Generated tools in the peer workload, besides the ten named ones: 43 rules besides their 14, the peer benchmark's 57. */
export const PEER_GENERATED_TOOLS = 43;

/** What a workload is made from; the same spec always yields the same tools and requests. */
export interface WorkloadSpec {
  readonly seed: number;
  /** Whether the ten named tools are part of the policy (the scaling runs use generated tools only). */
  readonly named: boolean;
  readonly generated: number;
  readonly requests: number;
  /**
   * When set, requests to generated tools go only to the first `hot` of them (all are still declared):
   * the dispatch is then measured on code that is warm, whatever the number of tools.
   */
  readonly hot?: number;
}

/** A spec's generated tools and requests. */
export interface Workload {
  readonly spec: WorkloadSpec;
  readonly generated: readonly GeneratedTool[];
  readonly requests: readonly BenchRequest[];
}

/** `tool_07` for 100 tools, `tool_0007` for 10,000: at least two digits, enough for the count. */
function toolName(index: number, count: number): string {
  const width = Math.max(2, String(count - 1).length);
  return `tool_${String(index).padStart(width, "0")}`;
}

/** The generated tools: each allows a non-empty subset of the roles and a limit between 10 and 90. */
export function generateTools(count: number, random: Random): GeneratedTool[] {
  return Array.from({ length: count }, (_, i) => {
    const chosen = roles.filter(() => random.chance(0.5));
    return { name: toolName(i, count), roles: chosen.length > 0 ? chosen : [random.pick(roles)], limit: random.int(10, 90) };
  });
}

const users = Array.from({ length: 40 }, (_, i) => ({ id: `u${String(i).padStart(2, "0")}`, role: roles[i % roles.length]! }));

/** Argument generators for the named tools: each mixes values that rules allow with values they deny. */
const namedArgs: Record<(typeof namedTools)[number], (r: Random, user: BenchRequest["user"]) => Record<string, string | number>> = {
  read_file: (r) => ({
    path: r.pick([
      "/workspace/src/app.ts",
      "/home/user/.ssh/id_rsa",
      "/home/user/notes.txt",
      "/srv/app/.env",
      "/workspace/.env.example",
      "/home/user/.ssh/keys/old",
      "/etc/hosts",
      "/home/user/.sshrc",
    ]),
  }),
  write_file: (r) => ({
    path: r.pick(["/workspace/src/app.ts", "/workspace/run.sh", "/tmp/scratch.txt", "/workspace/docs/deep/notes.md", "/etc/cron.d/job.sh"]),
    content: "export const answer = 42;\n",
  }),
  send_money: (r) => ({ recipient: `DE${r.int(10_000_000, 99_999_999)}`, amount: r.chance(0.6) ? r.int(1, 500) : r.int(501, 1500) }),
  send_email: (r) => ({
    to: `${r.pick(["pat", "ops", "sam.lee", "billing"])}@${r.pick(["acme.example", "partner.example", "evil.example", "acme.example.evil.example", "mail.example"])}`,
    subject: "status",
    body: "all green",
  }),
  execute_shell: (r) => ({ command: r.pick(["ls -la", "rm -rf /", "git status", "sudo rm -rf /var/log", "echo done", "rm -r build"]) }),
  query_db: (r) => ({ table: r.pick(["orders", "salaries", "customers", "tickets"]), sql: "select count(*) from t" }),
  http_get: (r) => ({
    url: r.pick(["https://api.acme.example/v1/items", "http://acme.example/", "https://evil.example/x", "ftp://files.example/a", "https:/broken"]),
  }),
  create_ticket: (r) => ({ priority: r.pick(priorities), title: "printer on fire" }),
  refund_order: (r) => ({ order_id: `o-${r.int(1000, 9999)}`, amount: r.chance(0.5) ? r.int(1, 200) : r.int(201, 1500) }),
  delete_user: (r, user) => ({ user_id: r.chance(0.3) ? user.id : r.pick(users).id }),
};

/** Tools no policy declares: every engine must deny them. */
const unknownTools = ["launch_rockets", "format_disk", "toString", "__proto__"];

/** Builds the workload: the generated tools first (one stream), then the requests (another), both from `spec.seed`. */
export function makeWorkload(spec: WorkloadSpec): Workload {
  const generated = generateTools(spec.generated, seeded(spec.seed));
  const called = spec.hot === undefined ? generated : generated.slice(0, spec.hot);
  const r = seeded(spec.seed ^ 0x5eed);
  const requests: BenchRequest[] = [];
  for (let i = 0; i < spec.requests; i++) {
    const user = r.pick(users);
    const roll = r.next();
    if (roll < 0.03) {
      requests.push({ tool: r.pick(unknownTools), user, args: {} });
    } else if (spec.named && (roll < 0.7 || called.length === 0)) {
      const tool = r.pick(namedTools);
      requests.push({ tool, user, args: namedArgs[tool](r, user) });
    } else {
      const tool = r.pick(called);
      requests.push({ tool: tool.name, user, args: { n: r.int(0, 100) } });
    }
  }
  return { spec, generated, requests };
}
