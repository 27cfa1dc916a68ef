// Ed25519 approvals: approvers' public keys for an enforcer, and signing an approval with a private key.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { approvalMessage, type Approval, type Approvers } from "@apol/runtime";

/**
 * The approvers for `createEnforcer(module, { approvers })`, from their Ed25519
 * public keys (PEM or key objects) by the names `review` rules list. Throws on a key that is not an Ed25519 public key.
 */
export function ed25519Approvers(keys: Readonly<Record<string, string | KeyObject>>): Approvers {
  const byName = new Map<string, KeyObject>();
  for (const [name, given] of Object.entries(keys)) {
    let key: KeyObject;
    try {
      key = typeof given === "string" ? createPublicKey(given) : given;
    } catch (error) {
      throw new TypeError(`approver \`${name}\`: not a public key (${error instanceof Error ? error.message : String(error)})`);
    }
    if (key.type !== "public" || key.asymmetricKeyType !== "ed25519") throw new TypeError(`approver \`${name}\`: expected an Ed25519 public key`);
    byName.set(name, key);
  }
  return {
    has: (name) => byName.has(name),
    verify(name, message, signature) {
      const key = byName.get(name);
      if (key === undefined) return false;
      try {
        return verify(null, Buffer.from(message, "utf8"), key, Buffer.from(signature, "base64"));
      } catch {
        return false;
      }
    },
  };
}

/** Signs an approval of review `review` of the call with digest `digest`, as `approver`, with an Ed25519 private key. */
export function signApproval(privateKey: string | KeyObject, review: string, digest: string, approver: string): Approval & { readonly review: string } {
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  const signature = sign(null, Buffer.from(approvalMessage(review, digest, approver), "utf8"), key).toString("base64");
  return { review, digest, approver, signature };
}
