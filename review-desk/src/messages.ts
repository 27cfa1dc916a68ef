// The text a rejection signs; an approval signs `approvalMessage` of @apol/runtime. The page's desk.js builds both the same way.
/**
 * Canonical JSON of `{ approver, digest, kind: "apol-rejection", reason, review }` (keys sorted, no spaces): the reason is
 * signed with the review and call, so a rejection's reason cannot be swapped, and a rejection signature is never an approval.
 */
export function rejectionMessage(review: string, digest: string, approver: string, reason: string): string {
  // Keys written in sorted order, values all strings: JSON.stringify is then the canonical spelling.
  return JSON.stringify({ approver, digest, kind: "apol-rejection", reason, review });
}
