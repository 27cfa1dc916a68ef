// `apol keys generate`: writes an Ed25519 key pair in PEM, for signing log checkpoints.
import { writeFileSync } from "node:fs";
import { generateKeys } from "@apol/audit";
import { exit, usageError, type Command } from "./command.js";

/** The `keys` command. */
export const keys: Command = {
  name: "keys",
  summary: "generate an Ed25519 key pair for signing decision-log checkpoints or approvals",
  usage: "generate --out PREFIX",
  description: [
    "`apol keys generate --out log` writes the private key to `log.key` (readable by its owner only) and the public key to `log.pub`, both in PEM.",
    "The process that writes the decision log holds the private key; whoever verifies the log needs only the public key.",
    "An approver keeps the private key and signs with `apol approve`; the enforcer registers only the public key (`ed25519Approvers`).",
  ],
  options: [{ name: "out", description: "where to write the keys: PREFIX.key and PREFIX.pub", value: { name: "PREFIX" } }],
  run(args, { io }) {
    const [action, ...rest] = args.positionals;
    if (action !== "generate" || rest.length > 0) return usageError(io, "keys", "expected `apol keys generate --out PREFIX`");
    const prefix = args.values.get("out");
    if (prefix === undefined) return usageError(io, "keys", "missing `--out PREFIX`");
    const pair = generateKeys();
    try {
      // `wx`: never overwrite a key someone may already rely on.
      writeFileSync(`${prefix}.key`, pair.privateKey, { mode: 0o600, flag: "wx" });
      writeFileSync(`${prefix}.pub`, pair.publicKey, { flag: "wx" });
    } catch (error) {
      io.stderr.write(`apol keys: cannot write the keys: ${error instanceof Error ? error.message : String(error)}\n`);
      return exit.trouble;
    }
    io.stdout.write(`wrote ${prefix}.key (private) and ${prefix}.pub (public)\n`);
    return exit.ok;
  },
};
