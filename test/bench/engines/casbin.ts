// casbin: an ABAC model whose policy lines carry one condition each (`eval(p.rule)`), decided with `enforceSync`.
import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import { limits, type Role, type Workload } from "../workload.js";
import type { Decide, Engine } from "./engine.js";

/** Deny overrides allow; a request no line matches is denied. The tool is matched first, so other tools' conditions never run. */
const model = `
[request_definition]
r = user, tool, args

[policy_definition]
p = rule, tool, eft

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = r.tool == p.tool && eval(p.rule)
`;

/**
 * `r.user.role == 'a' || ...`. casbin's `in` operator is unusable here: its matcher rewrites any
 * ` (...)` group with a comma into an array literal, so lists are spelled out as disjunctions.
 */
const roleIn = (items: readonly Role[]): string => `(${items.map((r) => `r.user.role == '${r}'`).join(" || ")})`;
const oneOf = (path: string, items: readonly string[]): string => `(${items.map((i) => `${path} == '${i}'`).join(" || ")})`;

/** The named tools, one CSV line each (conditions are parenthesised and contain no top-level comma). */
const namedLines = [
  `p, (true), read_file, allow`,
  `p, (r.args.path.startsWith('/home/user/.ssh/') || r.args.path.endsWith('.env')), read_file, deny`,
  `p, (${roleIn(limits.writeRoles)} && r.args.path.startsWith('/workspace/')), write_file, allow`,
  `p, (r.args.path.endsWith('.sh') && r.user.role != 'admin'), write_file, deny`,
  `p, (r.user.role == 'support_agent' && r.args.amount <= ${limits.sendMoney}), send_money, allow`,
  `p, (${limits.mailDomains.map((d) => `r.args.to.endsWith('@${d}')`).join(" || ")}), send_email, allow`,
  `p, (r.user.role == 'admin'), execute_shell, allow`,
  `p, (r.args.command.includes('rm -rf')), execute_shell, deny`,
  `p, (${roleIn(limits.queryRoles)}), query_db, allow`,
  `p, (r.args.table == 'salaries' && r.user.role != 'admin'), query_db, deny`,
  `p, (r.args.url.startsWith('https://')), http_get, allow`,
  `p, (${roleIn(limits.ticketRoles)} || (r.user.role == 'contractor' && ${oneOf("r.args.priority", limits.contractorPriorities)})), create_ticket, allow`,
  `p, ((r.user.role == 'support_agent' && r.args.amount <= ${limits.refundAgent}) || (r.user.role == 'admin' && r.args.amount <= ${limits.refundAdmin})), refund_order, allow`,
  `p, (r.user.role == 'admin'), delete_user, allow`,
  `p, (r.args.user_id == r.user.id), delete_user, deny`,
];

/** The workload's policy as casbin CSV lines. */
export function casbinPolicy(workload: Workload): string {
  const generated = workload.generated.map((t) => `p, (${roleIn(t.roles)} && r.args.n <= ${t.limit}), ${t.name}, allow`);
  return [...(workload.spec.named ? namedLines : []), ...generated].join("\n");
}

/** casbin with the model above and the policy lines from a `StringAdapter`. */
export const casbin: Engine = {
  name: "casbin",
  async load(workload): Promise<Decide> {
    const enforcer = await newEnforcer(newModelFromString(model), new StringAdapter(casbinPolicy(workload)));
    return (request) => enforcer.enforceSync(request.user, request.tool, request.args);
  },
};
