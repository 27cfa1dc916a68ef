// `apol keys generate`: writes an Ed25519 key pair in PEM, for signing log checkpoints.
import { existsSync, writeFileSync } from "node:fs";
import { generateKeys } from "@apol/audit";
import { exit, usageError, type Command, type Io } from "./command.js";

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
    // Checked before writing either, so an existing `.pub` cannot leave a new `.key` without its pair.
    const taken = [`${prefix}.key`, `${prefix}.pub`].filter((path) => existsSync(path));
    if (taken.length > 0) return alreadyThere(taken, io);
    const pair = generateKeys();
    try {
      // `wx`: never overwrite a key someone may already rely on.
      writeFileSync(`${prefix}.key`, pair.privateKey, { mode: 0o600, flag: "wx" });
      writeFileSync(`${prefix}.pub`, pair.publicKey, { flag: "wx" });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") return alreadyThere([(error as NodeJS.ErrnoException).path ?? prefix], io);
      const why = code === "ENOENT" ? "no such folder" : code === "EACCES" ? "permission denied" : error instanceof Error ? error.message : String(error);
      io.stderr.write(`apol keys: cannot write the keys to \`${prefix}.key\`: ${why}\n`);
      return exit.trouble;
    }
    io.stdout.write(`wrote ${prefix}.key (private) and ${prefix}.pub (public)\n`);
    return exit.ok;
  },
};

/** Keys are never overwritten: someone may rely on them. */
function alreadyThere(paths: readonly string[], io: Io): number {
  const named = paths.map((p) => `\`${p}\``).join(" and ");
  io.stderr.write(
    `apol keys: ${named} already exist${paths.length === 1 ? "s" : ""}; keys are never overwritten: choose another \`--out\` or remove ${paths.length === 1 ? "it" : "them"} first\n`,
  );
  return exit.trouble;
}
