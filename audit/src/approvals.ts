// Ed25519 approvals: approvers' public keys for an enforcer, and signing an approval with a private key.
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { approvalMessage, type Approval, type Approvers } from "@apol/runtime";

/** Whether PEM text holds a private key: `createPublicKey` would quietly derive the public half from it. */
function isPrivateKey(pem: string): boolean {
  try {
    createPrivateKey(pem);
    return true;
  } catch {
    return /PRIVATE KEY/.test(pem);
  }
}

/**
 * The approvers for `createEnforcer(module, { approvers })`, from their Ed25519
 * public keys (PEM or key objects) by the names `review` rules list. Throws on a key that is not an Ed25519 public key,
 * on a private key (it belongs to its approver alone), and on one key under two names (one person would count twice toward a quorum).
 */
export function ed25519Approvers(keys: Readonly<Record<string, string | KeyObject>>): Approvers {
  const byName = new Map<string, KeyObject>();
  const nameOf = new Map<string, string>();
  for (const [name, given] of Object.entries(keys)) {
    if (typeof given === "string" && isPrivateKey(given)) {
      throw new TypeError(`approver \`${name}\`: this is a private key: register its public key, and leave the private key with its approver`);
    }
    let key: KeyObject;
    try {
      key = typeof given === "string" ? createPublicKey(given) : given;
    } catch (error) {
      throw new TypeError(`approver \`${name}\`: not a public key (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    if (key.type === "private")
      throw new TypeError(`approver \`${name}\`: this is a private key: register its public key, and leave the private key with its approver`);
    if (key.type !== "public" || key.asymmetricKeyType !== "ed25519") throw new TypeError(`approver \`${name}\`: expected an Ed25519 public key`);
    const der = key.export({ format: "der", type: "spki" }).toString("base64");
    const other = nameOf.get(der);
    if (other !== undefined) throw new TypeError(`approvers \`${other}\` and \`${name}\` have the same public key: one key would count twice toward a quorum`);
    nameOf.set(der, name);
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
