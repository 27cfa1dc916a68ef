// The two policies the SDK adapters' tests drive (a support agent's tools, and an ops agent's held deletions), their schemas, and an enforcer that takes the cto's signatures.
import { createEnforcer, type Enforcer, type LogEntry, type PolicyModule } from "@apol/runtime";
import { ed25519Approvers } from "../../audit/src/index.js";
import { toolJsonSchemas } from "../../compiler/src/emit/json-schema.js";
import { runPipeline } from "../../compiler/src/pipeline.js";

/** Lookups, refunds with a per-order rule and a daily budget, a planted address, a redacted card, and deletions the cto reviews. */
export const supportPolicy = `policy support
tool fetch(url: string) returns untrusted
tool send_email(to: string, body: string)
tool issue_refund(order: string, amount: number)
tool get_customer(id: string)
tool delete_account(id: string)
rule planted { deny send_email when tainted(args.to) reason "the address came from untrusted content" }
rule once { deny issue_refund when seen(issue_refund where it.args.order == args.order, 24h) reason "this order was refunded already" }
rule budget { deny issue_refund when sum(issue_refund.amount, 24h) + args.amount > 600 reason "the agent refunds at most 600 a day" }
rule card { redact get_customer output.card }
rule deletions { review delete_account approvals 1 of ["cto"] reason "deleting an account needs the cto" }
rule ok { allow fetch, send_email, issue_refund, get_customer }
`;

/** Deletions the cto reviews (the root account never), and lookups allowed: what the SDK approval bridges are tested on. */
export const opsPolicy = `policy ops
tool delete_account(id: string)
tool lookup(id: string)
rule root { deny delete_account when args.id == "root" reason "the root account is never deleted" }
rule deletions { review delete_account approvals 1 of ["cto"] reason "deleting an account needs the cto" }
rule reads { allow lookup }
`;

/** The JSON Schema of each of the policy's tools, as `apol compile` exports them. */
export function toolSchemas(source: string, file: string): ReturnType<typeof toolJsonSchemas> {
  return toolJsonSchemas(runPipeline(source, file, "check").outputs.check!);
}

/** An enforcer over `module` that takes `cto`'s signed approvals, and the `effect rule` of each decision it logs, in order. */
export function ctoEnforcer(module: PolicyModule, cto: { readonly publicKey: string }): { enforcer: Enforcer; decisions: string[] } {
  const decisions: string[] = [];
  const enforcer = createEnforcer(module, {
    approvers: ed25519Approvers({ cto: cto.publicKey }),
    log: { append: (entry: LogEntry) => void (entry.event === "decision" && decisions.push(`${entry.decision.effect} ${entry.decision.rule}`)) },
  });
  return { enforcer, decisions };
}
