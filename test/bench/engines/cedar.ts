// Cedar (@cedar-policy/cedar-wasm): the workload's policy in Cedar syntax, decided with the stateless `isAuthorized`.
import type { AuthorizationCall } from "@cedar-policy/cedar-wasm/nodejs";
import { limits, type BenchRequest, type Workload } from "../workload.js";
import type { Decide, Engine } from "./engine.js";

const set = (items: readonly string[]): string => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;
const on = (tool: string): string => `principal, action == Action::"${tool}", resource`;

/**
 * The named tools in Cedar. The user is the principal (attributes `id`, `role`), the tool the action,
 * the arguments `context.args`. Cedar has no `domain()`: `like "*@d"` agrees with apol's
 * `domain(to) in [...]` on the workload's addresses, which are lower-case.
 */
const namedPolicies = `
permit(${on("read_file")});
forbid(${on("read_file")}) when { context.args.path like "/home/user/.ssh/*" || context.args.path like "*.env" };
permit(${on("write_file")}) when { ${set(limits.writeRoles)}.contains(principal.role) && context.args.path like "/workspace/*" };
forbid(${on("write_file")}) when { context.args.path like "*.sh" } unless { principal.role == "admin" };
permit(${on("send_money")}) when { principal.role == "support_agent" && context.args.amount <= ${limits.sendMoney} };
permit(${on("send_email")}) when { ${limits.mailDomains.map((d) => `context.args.to like "*@${d}"`).join(" || ")} };
permit(${on("execute_shell")}) when { principal.role == "admin" };
forbid(${on("execute_shell")}) when { context.args.command like "*rm -rf*" };
permit(${on("query_db")}) when { ${set(limits.queryRoles)}.contains(principal.role) };
forbid(${on("query_db")}) when { context.args.table == "salaries" } unless { principal.role == "admin" };
permit(${on("http_get")}) when { context.args.url like "https://*" };
permit(${on("create_ticket")}) when { ${set(limits.ticketRoles)}.contains(principal.role) || (principal.role == "contractor" && ${set(limits.contractorPriorities)}.contains(context.args.priority)) };
permit(${on("refund_order")}) when { (principal.role == "support_agent" && context.args.amount <= ${limits.refundAgent}) || (principal.role == "admin" && context.args.amount <= ${limits.refundAdmin}) };
permit(${on("delete_user")}) when { principal.role == "admin" };
forbid(${on("delete_user")}) when { context.args.user_id == principal.id };
`;

/** The workload's policy set in Cedar syntax. */
export function cedarPolicies(workload: Workload): string {
  const generated = workload.generated.map((t) => `permit(${on(t.name)}) when { ${set(t.roles)}.contains(principal.role) && context.args.n <= ${t.limit} };`);
  return (workload.spec.named ? namedPolicies : "") + generated.join("\n");
}

type CedarModule = typeof import("@cedar-policy/cedar-wasm/nodejs");

/** The request in Cedar's terms: principal, action, resource, context and the one entity (the user). */
function cedarCall(request: BenchRequest): Omit<AuthorizationCall, "policies"> {
  const principal = { type: "User", id: request.user.id };
  return {
    principal,
    action: { type: "Action", id: request.tool },
    resource: { type: "Tool", id: request.tool },
    context: { args: request.args },
    entities: [{ uid: principal, attrs: { id: request.user.id, role: request.user.role }, parents: [] }],
  };
}

/** Throws unless Cedar answered: a failure would otherwise read as a silent deny. */
function decision(answer: ReturnType<CedarModule["isAuthorized"]>): boolean {
  if (answer.type !== "success") throw new Error(`cedar failed: ${answer.errors.map((e) => e.message).join("; ")}`);
  return answer.response.decision === "allow";
}

/** Parses the policy set once, so a syntax error fails the load rather than every decision. */
function checkedText(cedar: CedarModule, workload: Workload): string {
  const text = cedarPolicies(workload);
  const parsed = cedar.checkParsePolicySet({ staticPolicies: text });
  if (parsed.type !== "success") throw new Error(`cedar rejects the policy: ${parsed.errors.map((e) => e.message).join("; ")}`);
  return text;
}

/** Cedar's stateless API: the policy text travels with every request and is parsed each time. */
export const cedar: Engine = {
  name: "cedar-wasm",
  async load(workload): Promise<Decide> {
    const cedar = await import("@cedar-policy/cedar-wasm/nodejs");
    const policies = { staticPolicies: checkedText(cedar, workload) };
    return (request) => decision(cedar.isAuthorized({ ...cedarCall(request), policies }));
  },
};

/** Not the stateless API the comparison targets: the policy set parsed once and cached inside the Wasm module. */
export const cedarPreparsed: Engine = {
  name: "cedar-wasm (preparsed)",
  async load(workload): Promise<Decide> {
    const cedar = await import("@cedar-policy/cedar-wasm/nodejs");
    const id = "bench";
    const parsed = cedar.preparsePolicySet(id, { staticPolicies: checkedText(cedar, workload) });
    if (parsed.type !== "success") throw new Error(`cedar rejects the policy: ${parsed.errors.map((e) => e.message).join("; ")}`);
    return (request) => decision(cedar.statefulIsAuthorized({ ...cedarCall(request), preparsedPolicySetId: id }));
  },
};
