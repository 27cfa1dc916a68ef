// An agent SDK's own approval step bridged to apol's signed reviews: when the SDK should pause a call, which review the pause waits on, and rejecting it.
import type { Decision } from "../contract.js";
import type { Enforcer } from "../enforcer/enforcer.js";
import type { ReviewState } from "../review/review.js";
import { callRequest, type ToolCaller } from "./tool-answer.js";

/** A call the model proposed, as the SDK's approval step sees it: the tool's name and its parsed arguments. */
export interface ProposedCall {
  readonly tool: string;
  readonly args: unknown;
}

/**
 * Whether the SDK should pause `call` for approval (the answer of its `needsApproval`): the policy holds it for review,
 * or a review of it was released, so the SDK's approval lets the tool's `execute` use the release. Read from a
 * preview, so asking changes nothing and an SDK may ask as often as it likes. A denied call, or a preview that failed,
 * is `false`: `execute` then decides for real, fails closed, and the model reads the denial.
 */
export async function needsReview(enforcer: Enforcer, caller: ToolCaller, call: ProposedCall): Promise<boolean> {
  const preview = await enforcer.previewAsync(callRequest(caller, call));
  return preview.effect === "review" || preview.approved !== undefined;
}

/**
 * The review a paused call waits on, for the host to collect signed approvals (`approvals.review` and `.digest` are
 * what each approver signs): the pending one, or one opened now by deciding the call, which the decision log (and
 * so the review desk) then shows. A call already released comes back `allow` with `approved`; one the policy does not
 * hold for review, as its preview says (a deny: approving it in the SDK lets the model read the denial). Never rejects
 * but when voiding a call that raced a release fails (the store failing).
 */
export async function openReview(enforcer: Enforcer, caller: ToolCaller, call: ProposedCall): Promise<Decision> {
  const request = callRequest(caller, call);
  const preview = await enforcer.previewAsync(request);
  if (preview.effect !== "review" || preview.approvals !== undefined) return preview;
  for (let tries = 1; ; tries++) {
    const decision = await enforcer.decideAsync(request);
    if (decision.effect !== "allow") return decision;
    // Another worker opened and released the review between the preview and this decision, which used the release up
    // while nothing runs: void the call, so its history is as before, and decide again, which opens a new review.
    await enforcer.abandonAsync(decision);
    if (tries === 2) return decision;
  }
}

/**
 * Ends the review of a call the SDK's user rejected, so no signature arriving later releases it: the pending
 * review's state after the rejection, or undefined when no review of the call is pending (none was opened, or it
 * ended). `rejection.by` names who rejected it, for the log.
 */
export async function rejectReview(
  enforcer: Enforcer,
  caller: ToolCaller,
  call: ProposedCall,
  rejection: { readonly by: string; readonly reason: string },
): Promise<ReviewState | undefined> {
  const preview = await enforcer.previewAsync(callRequest(caller, call));
  const review = preview.approvals?.review ?? preview.approved?.review;
  return review === undefined ? undefined : enforcer.rejectAsync(review, rejection);
}
