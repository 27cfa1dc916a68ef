// The baseline: the workload's policy written by hand in JavaScript, a `Map` from tool name to a small function.
import { limits, type BenchRequest, type Role, type Workload } from "../workload.js";
import type { Decide, Engine } from "./engine.js";

type ToolCheck = (user: BenchRequest["user"], args: Readonly<Record<string, string | number>>) => boolean;

/** The text after the last `@`, lower-cased, as apol's `domain()`. */
const domainOf = (email: string): string => {
  const at = email.lastIndexOf("@");
  return at < 0 ? "" : email.slice(at + 1).toLowerCase();
};

const mailDomains = new Set<string>(limits.mailDomains);
const queryRoles = new Set<Role>(limits.queryRoles);
const writeRoles = new Set<Role>(limits.writeRoles);
const ticketRoles = new Set<Role>(limits.ticketRoles);
const contractorPriorities = new Set<string>(limits.contractorPriorities);

/** The ten named tools; each function folds the tool's deny rules over its allow rules. */
const named: Record<string, ToolCheck> = {
  read_file: (_, a) => {
    const path = a.path as string;
    return !(path.startsWith("/home/user/.ssh/") || path.endsWith(".env"));
  },
  write_file: (u, a) => {
    const path = a.path as string;
    if (path.endsWith(".sh") && u.role !== "admin") return false;
    return writeRoles.has(u.role) && path.startsWith("/workspace/");
  },
  send_money: (u, a) => u.role === "support_agent" && (a.amount as number) <= limits.sendMoney,
  send_email: (_, a) => mailDomains.has(domainOf(a.to as string)),
  execute_shell: (u, a) => u.role === "admin" && !(a.command as string).includes("rm -rf"),
  query_db: (u, a) => queryRoles.has(u.role) && !(a.table === "salaries" && u.role !== "admin"),
  http_get: (_, a) => (a.url as string).startsWith("https://"),
  create_ticket: (u, a) => ticketRoles.has(u.role) || (u.role === "contractor" && contractorPriorities.has(a.priority as string)),
  refund_order: (u, a) => {
    const amount = a.amount as number;
    return (u.role === "support_agent" && amount <= limits.refundAgent) || (u.role === "admin" && amount <= limits.refundAdmin);
  },
  delete_user: (u, a) => u.role === "admin" && a.user_id !== u.id,
};

/** The baseline: a `Map` from tool name to its check; a tool not in the map is denied. */
export const handwritten: Engine = {
  name: "hand-written JS",
  async load(workload: Workload): Promise<Decide> {
    const checks = new Map<string, ToolCheck>(workload.spec.named ? Object.entries(named) : []);
    for (const tool of workload.generated) {
      const allowed = new Set<Role>(tool.roles);
      const limit = tool.limit;
      checks.set(tool.name, (u, a) => allowed.has(u.role) && (a.n as number) <= limit);
    }
    return (request) => {
      const check = checks.get(request.tool);
      return check !== undefined && check(request.user, request.args);
    };
  },
};
