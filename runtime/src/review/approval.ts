// What an approver signs and who may sign: the portable half of approvals (the Ed25519 half is in `@apol/audit`, which runs on Node).
import { canonicalJson } from "../data/canonical.js";

/** A signed approval of one review, as an approver's tool (`apol approve`) produces it. */
export interface Approval {
  /** The review approved: `approvals.review` of the `review` decision. */
  readonly review?: string;
  /** The digest of the call approved: `approvals.digest` of the decision. */
  readonly digest: string;
  /** The name the approver's public key is registered under. */
  readonly approver: string;
  /** The signature of `approvalMessage(review, digest, approver)`, base64. */
  readonly signature: string;
}

/** The approvers an enforcer knows, and how to check their signatures (`ed25519Approvers` of `@apol/audit` makes one from public keys). */
export interface Approvers {
  /** Whether a key is registered under `name`. */
  has(name: string): boolean;
  /** Whether `signature` (base64) is `name`'s signature of `message` (UTF-8); never throws. */
  verify(name: string, message: string, signature: string): boolean;
}

/** The text an approval signs; the review id makes a signature for one review useless for any other, even of the same call. */
export function approvalMessage(review: string, digest: string, approver: string): string {
  return canonicalJson({ kind: "apol-approval", review, digest, approver });
}

/** No approvers: every approval is refused as from an unknown approver. */
export const NO_APPROVERS: Approvers = { has: () => false, verify: () => false };
