// `ed25519Approvers` refuses keys that would let one person make a quorum, or that hand the enforcer a key that can sign.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ed25519Approvers, generateKeys } from "../../audit/src/index.js";

const cfo = generateKeys();

describe("ed25519Approvers", () => {
  it("refuses one public key under two names: one person would make a quorum", () => {
    expect(() => ed25519Approvers({ cfo: cfo.publicKey, treasurer: cfo.publicKey })).toThrow(
      new TypeError("approvers `cfo` and `treasurer` have the same public key: one key would count twice toward a quorum"),
    );
  });

  it("refuses a private key given as a public one, as PEM text or as a key object", () => {
    const message = "approver `cfo`: this is a private key: register its public key, and leave the private key with its approver";
    expect(() => ed25519Approvers({ cfo: cfo.privateKey })).toThrow(new TypeError(message));
    expect(() => ed25519Approvers({ cfo: createPrivateKey(cfo.privateKey) })).toThrow(new TypeError(message));
  });

  it("still takes distinct public keys, as PEM text or key objects", () => {
    const other = generateKeys();
    const approvers = ed25519Approvers({ cfo: cfo.publicKey, controller: createPublicKey(other.publicKey) });
    expect([approvers.has("cfo"), approvers.has("controller"), approvers.has("treasurer")]).toEqual([true, true, false]);
  });
});
