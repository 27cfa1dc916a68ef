// Ed25519 key pairs for signing log checkpoints (and approvals), in PEM.
import { generateKeyPairSync } from "node:crypto";

/** A fresh Ed25519 key pair: the private key in PKCS #8 PEM, the public key in SPKI PEM. */
export function generateKeys(): { readonly privateKey: string; readonly publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
