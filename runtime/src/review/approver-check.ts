// Finds `review` rules whose approvals no registered approver can give, so an enforcer can say so when it is made.
import type { Approvers } from "./approval.js";
import type { RuleInfo } from "../contract.js";

/**
 * One message per `review` rule that can never be released with `approvers` (undefined: the enforcer was given
 * none): fewer of its listed approvers have a key than it requires, or it accepts any approver and none is
 * registered. Reviews such rules open only expire; the call stays denied, but nobody is told why unless the enforcer warns.
 */
export function unreleasableReviews(rules: readonly RuleInfo[], approvers: Approvers | undefined): string[] {
  const messages: string[] = [];
  for (const rule of rules) {
    if (rule.effect !== "review" || rule.approvals === undefined) continue;
    const { required, from } = rule.approvals;
    if (from.length === 0) {
      if (approvers === undefined)
        messages.push(
          `rule \`${rule.name}\` needs ${required} approval${required === 1 ? "" : "s"}, and the enforcer has no approvers: its reviews can only expire (pass \`approvers\`)`,
        );
      continue;
    }
    const missing = from.filter((name) => approvers?.has(name) !== true);
    if (from.length - missing.length < required) {
      const names = missing.map((n) => `\`${n}\``).join(", ");
      messages.push(
        `rule \`${rule.name}\` needs ${required} of ${from.map((n) => `\`${n}\``).join(", ")}, and the enforcer has no key for ${names}: its reviews can only expire`,
      );
    }
  }
  return messages;
}
