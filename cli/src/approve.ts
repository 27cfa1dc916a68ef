// `apol approve`: an approver signs their approval of one review with their Ed25519 private key, as one JSON line.
import { createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { signApproval } from "@apol/audit";
import { exit, usageError, type Command, type ParsedArgs } from "./command.js";

/** The options `approve` needs, in the order a missing one is reported. */
const required = [
  ["key", "PRIVATE_KEY_FILE"],
  ["as", "NAME"],
  ["id", "REVIEW_ID"],
  ["digest", "DIGEST"],
] as const;

/** What `callDigest` of `@apol/runtime` produces: anything else cannot match a review, so it is a typo or the wrong field. */
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The approver's private key, or why it cannot sign. */
function privateKey(file: string): KeyObject | string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return `cannot read the key \`${file}\``;
  }
  if (text.includes("-----BEGIN PUBLIC KEY-----"))
    return `\`${file}\` is a public key: sign with the private key (\`apol keys generate\` wrote it to \`PREFIX.key\`)`;
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    return `\`${file}\` is not a private key in PEM`;
  }
  if (key.asymmetricKeyType !== "ed25519")
    return `\`${file}\` is not an Ed25519 key (it is \`${key.asymmetricKeyType ?? "unknown"}\`): approvals are signed with Ed25519 keys (\`apol keys generate\`)`;
  return key;
}

/** The flag values, or the one-line usage error. */
function flags(args: ParsedArgs): { key: string; as: string; id: string; digest: string } | string {
  if (args.positionals.length > 0) return `unexpected operand \`${args.positionals[0]}\`: every input is a flag`;
  const missing = required.filter(([name]) => args.values.get(name) === undefined).map(([name, value]) => `\`--${name} ${value}\``);
  if (missing.length > 0) return `missing ${missing.length > 1 ? `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}` : missing[0]}`;
  const [key, as, id, digest] = required.map(([name]) => args.values.get(name)!) as [string, string, string, string];
  for (const [name, value] of [
    ["as", as],
    ["id", id],
  ] as const) {
    if (value.trim() === "") return `\`--${name}\` must not be empty`;
  }
  if (!DIGEST.test(digest))
    return `malformed digest \`${digest}\`: expected \`sha256:\` and 64 lowercase hex digits, the \`approvals.digest\` of the review decision`;
  return { key, as, id, digest };
}

/** The `approve` command. */
export const approve: Command = {
  name: "approve",
  summary: "sign an approval of a call held for review",
  usage: "--key PRIVATE_KEY_FILE --as NAME --id REVIEW_ID --digest DIGEST [--out FILE]",
  description: [
    'Prints `{"review","digest","approver","signature"}` as one JSON line: hand it to the enforcer\'s `approve(review, approval)`.',
    "REVIEW_ID and DIGEST are `approvals.review` and `approvals.digest` of the `review` decision; the signature covers both and NAME, so it approves that one review of that one call.",
    "NAME is the name the enforcer registers your public key under (`ed25519Approvers({ NAME: publicKey })`); only you need the private key.",
  ],
  options: [
    { name: "key", description: "your Ed25519 private key (PEM), as `apol keys generate` writes it", value: { name: "PRIVATE_KEY_FILE" } },
    { name: "as", description: "the approver name your public key is registered under", value: { name: "NAME" } },
    { name: "id", description: "the review to approve: `approvals.review` of the decision", value: { name: "REVIEW_ID" } },
    { name: "digest", description: "the call approved: `approvals.digest` of the decision", value: { name: "DIGEST" } },
    { name: "out", description: "write the approval to FILE instead of stdout", value: { name: "FILE" } },
  ],
  run(args, { io }) {
    const given = flags(args);
    if (typeof given === "string") return usageError(io, "approve", given);
    const key = privateKey(given.key);
    if (typeof key === "string") return usageError(io, "approve", key);
    const line = `${JSON.stringify(signApproval(key, given.id, given.digest, given.as))}\n`;
    const out = args.values.get("out");
    if (out === undefined) {
      io.stdout.write(line);
      return exit.ok;
    }
    try {
      writeFileSync(out, line);
    } catch (error) {
      return usageError(io, "approve", `cannot write \`${out}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.stdout.write(`wrote ${out}\n`);
    return exit.ok;
  },
};
