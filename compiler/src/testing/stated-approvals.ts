// Approvals stated by name, as `apol test`'s `approve` and a trace's `approve` step give them: replayed answers, never live ones.
import type { Approvers, Enforcer, ReviewState } from "@apol/runtime";

/**
 * Approvers whose every stated name counts, without a key or a signature. Only for replaying
 * what people already decided (a test, a recorded trace); a live enforcer verifies signatures.
 * The rule's own approver list still applies: a name it does not list is refused.
 */
export const statedApprovers: Approvers = { has: () => true, verify: () => true };

/** Approves the held review by each name in turn, until it is released or a name is refused; the review's last state. */
export function approveByNames(
  enforcer: Enforcer,
  held: { readonly review: string; readonly digest: string },
  names: readonly string[],
): ReviewState | undefined {
  let state: ReviewState | undefined;
  for (const approver of names) {
    state = enforcer.approve(held.review, { review: held.review, digest: held.digest, approver, signature: "" });
    if (!state.ok || state.status === "released") break;
  }
  return state;
}
