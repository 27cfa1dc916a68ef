// CEL (@marcbachmann/cel-js): one compiled expression per tool, evaluated with the request's `user` and `args` as context.
import { Environment } from "@marcbachmann/cel-js";
import { limits, type Role, type Workload } from "../workload.js";
import type { Decide, Engine } from "./engine.js";

const list = (items: readonly string[]): string => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/** `allowed && !denied` per tool: CEL has no rule combination, so each tool's deny conditions are folded in by hand. */
const namedExpressions: Record<string, string> = {
  read_file: `!(args.path.startsWith("/home/user/.ssh/") || args.path.endsWith(".env"))`,
  write_file: `user.role in ${list(limits.writeRoles)} && args.path.startsWith("/workspace/") && !(args.path.endsWith(".sh") && user.role != "admin")`,
  send_money: `user.role == "support_agent" && args.amount <= ${limits.sendMoney}`,
  send_email: limits.mailDomains.map((d) => `args.to.endsWith("@${d}")`).join(" || "),
  execute_shell: `user.role == "admin" && !args.command.contains("rm -rf")`,
  query_db: `user.role in ${list(limits.queryRoles)} && !(args.table == "salaries" && user.role != "admin")`,
  http_get: `args.url.startsWith("https://")`,
  create_ticket: `user.role in ${list(limits.ticketRoles)} || (user.role == "contractor" && args.priority in ${list(limits.contractorPriorities)})`,
  refund_order: `(user.role == "support_agent" && args.amount <= ${limits.refundAgent}) || (user.role == "admin" && args.amount <= ${limits.refundAdmin})`,
  delete_user: `user.role == "admin" && args.user_id != user.id`,
};

const generatedExpression = (roles: readonly Role[], limit: number): string => `user.role in ${list(roles)} && args.n <= ${limit}`;

/** The workload's policy as one CEL expression per tool. */
export function celExpressions(workload: Workload): Map<string, string> {
  const expressions = new Map<string, string>(workload.spec.named ? Object.entries(namedExpressions) : []);
  for (const t of workload.generated) expressions.set(t.name, generatedExpression(t.roles, t.limit));
  return expressions;
}

/** CEL: an environment with `user` and `args` as maps, one parsed expression per tool, looked up by name. */
export const cel: Engine = {
  name: "cel-js",
  async load(workload): Promise<Decide> {
    const env = new Environment().registerVariable("user", "map").registerVariable("args", "map");
    const compiled = new Map<string, (context: Record<string, unknown>) => unknown>();
    for (const [tool, expression] of celExpressions(workload)) compiled.set(tool, env.parse(expression));
    return (request) => {
      const evaluate = compiled.get(request.tool);
      return evaluate !== undefined && evaluate({ user: request.user, args: request.args }) === true;
    };
  },
};
