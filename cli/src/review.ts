// `apol review serve`: the review desk, a web inbox where approvers see held calls in full and sign their decisions in the browser.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { AuditLog, ed25519Approvers } from "@apol/audit";
import { RedisStore } from "@apol/redis-store";
import { createReviewDesk, listen, type AuthOptions } from "@apol/review-desk";
import { createEnforcer, type Approvers } from "@apol/runtime";
import { exit, usageError, type Command, type Io, type ParsedArgs } from "./command.js";
import { loadPolicyFile } from "./compile-file.js";
import { approverKeys, policyGroups, tokenFile, webhookFile } from "./review-config.js";

/** How long the desk waits for the Redis store at start. */
const CONNECT_MS = 5000;

/** Resolves once the process is asked to stop. */
const stopped = (): Promise<void> => new Promise((resolve) => ["SIGINT", "SIGTERM"].forEach((signal) => process.once(signal, () => resolve())));

/** The port, or why it is not one. */
function port(text: string): number | string {
  const value = Number(text);
  return Number.isInteger(value) && value >= 0 && value < 65536 ? value : `\`--port ${text}\` is not a port: give a number from 0 to 65535`;
}

/** How approvers sign in: a tokens file, a proxy header, or fresh tokens printed once. */
function authFrom(args: ParsedArgs, names: readonly string[], io: Io): AuthOptions | Error {
  const header = args.values.get("auth-header");
  const file = args.values.get("tokens");
  if (file !== undefined) {
    const tokens = tokenFile(file);
    return tokens instanceof Error ? tokens : { tokens, ...(header === undefined ? {} : { header }) };
  }
  if (header !== undefined) return { header };
  const tokens = Object.fromEntries(names.map((name) => [name, randomBytes(18).toString("base64url")]));
  io.stderr.write("sign-in tokens for this run (pass --tokens FILE to keep them across runs):\n");
  for (const [name, token] of Object.entries(tokens)) io.stderr.write(`  ${name}: ${token}\n`);
  return { tokens };
}

/** The `review` command. */
export const review: Command = {
  name: "review",
  summary: "serve the review desk: approvers see held calls and sign their decisions in the browser",
  usage: "serve --policy FILE --approvers KEYS [--store redis://HOST:PORT] [--port 8080] [--log FILE --log-key KEY]",
  description: [
    "Serves the desk over the store the enforcers keep reviews in; the enforcers publish what they hold with `reviewFeed` of `@apol/review-desk`.",
    "KEYS is a folder of NAME.pub files (`apol keys generate --out keys/NAME`), or a JSON object of public keys (PEM) by approver name, as text or in a file.",
    "Approvers sign in with a token (`--tokens FILE`: a JSON object of tokens by name; without it fresh tokens are printed) or behind a proxy that sets `--auth-header`.",
    "Approvals and rejections are signed in the browser with the approver's private key, which never leaves it; with `--log` each one goes to the decision log.",
  ],
  options: [
    { name: "policy", description: "the policy the enforcers decide with", value: { name: "FILE" } },
    { name: "approvers", description: "the approvers' public keys: a folder of NAME.pub, or a JSON object (text or file)", value: { name: "KEYS" } },
    { name: "store", description: "the enforcers' Redis store (default: an in-memory store, for a desk embedded nowhere else)", value: { name: "URL" } },
    { name: "port", description: "the port to listen on", value: { name: "PORT", default: "8080" } },
    { name: "host", description: "the address to listen on", value: { name: "HOST", default: "127.0.0.1" } },
    { name: "log", description: "append every approval and rejection to this decision log", value: { name: "FILE" } },
    { name: "log-key", description: "the log's private key (PEM), with `--log`", value: { name: "KEY" } },
    { name: "tokens", description: "sign-in tokens: a JSON object of tokens by approver name", value: { name: "FILE" } },
    { name: "auth-header", description: "believe this header, set by a reverse proxy, as the approver's name", value: { name: "NAME" } },
    { name: "webhooks", description: "notify these webhooks when a review opens: a JSON list of `{url, group?, format?}`", value: { name: "FILE" } },
    { name: "base-url", description: "where approvers reach the desk, for links in notifications (default http://HOST:PORT)", value: { name: "URL" } },
  ],
  async run(args, { io }) {
    if (args.positionals[0] !== "serve" || args.positionals.length > 1)
      return usageError(io, "review", "expected `apol review serve --policy FILE --approvers KEYS`");
    const policyFile = args.values.get("policy");
    const keysSpec = args.values.get("approvers");
    if (policyFile === undefined || keysSpec === undefined)
      return usageError(io, "review", `missing ${policyFile === undefined ? "`--policy FILE`" : "`--approvers KEYS`"}`);
    const logFile = args.values.get("log");
    const logKey = args.values.get("log-key");
    if ((logFile === undefined) !== (logKey === undefined))
      return usageError(io, "review", "`--log FILE` and `--log-key KEY` go together: the log's checkpoints are signed");
    const listenOn = port(args.values.get("port") ?? "8080");
    if (typeof listenOn === "string") return usageError(io, "review", listenOn);
    const keys = approverKeys(keysSpec);
    if (keys instanceof Error) return usageError(io, "review", keys.message);
    let approvers: Approvers;
    try {
      approvers = ed25519Approvers(keys);
    } catch (error) {
      return usageError(io, "review", (error as Error).message);
    }
    const hooksFile = args.values.get("webhooks");
    const webhooks = hooksFile === undefined ? [] : webhookFile(hooksFile);
    if (webhooks instanceof Error) return usageError(io, "review", webhooks.message);
    const module = await loadPolicyFile(policyFile, io);
    if (typeof module === "number") return module;
    const source = readFileSync(policyFile, "utf8");
    const url = args.values.get("store");
    if (url !== undefined && !/^rediss?:\/\//.test(url)) return usageError(io, "review", `\`--store ${url}\` is not a Redis URL: expected redis://HOST:PORT`);
    const redis = url === undefined ? undefined : new RedisStore({ url });
    try {
      // The client retries an unreachable server forever: the desk gives up after a while instead, saying where it looked.
      if (redis)
        await Promise.race([
          redis.connect(),
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error(`no answer within ${CONNECT_MS / 1000} s: is redis-server running there?`)), CONNECT_MS).unref(),
          ),
        ]);
    } catch (error) {
      await redis?.close();
      return usageError(io, "review", `cannot use the store \`${url}\`: ${(error as Error).message}`);
    }
    const auth = authFrom(args, Object.keys(keys), io);
    if (auth instanceof Error) {
      await redis?.close();
      return usageError(io, "review", auth.message);
    }
    let log: AuditLog | undefined;
    try {
      log = logFile === undefined ? undefined : new AuditLog({ path: logFile, privateKey: readFileSync(logKey!, "utf8") });
    } catch (error) {
      await redis?.close();
      return usageError(io, "review", `cannot open the log \`${logFile}\`: ${(error as Error).message}`);
    }
    const enforcer = createEnforcer(module, {
      approvers,
      ...(redis ? { store: redis } : {}),
      ...(log ? { log } : {}),
      onWarning: (m) => io.stderr.write(`apol review: ${m}\n`),
    });
    const host = args.values.get("host") ?? "127.0.0.1";
    const desk = createReviewDesk(enforcer, {
      module,
      approvers,
      auth,
      source,
      groups: policyGroups(source, module),
      webhooks,
      baseUrl: args.values.get("base-url") ?? `http://${host}:${listenOn}`,
      onError: (m) => io.stderr.write(`apol review: ${m}\n`),
    });
    let served;
    try {
      served = await listen(desk, { port: listenOn, hostname: host });
    } catch (error) {
      desk.close();
      log?.close();
      await redis?.close();
      return usageError(io, "review", `cannot listen on ${host}:${listenOn}: ${(error as Error).message}`);
    }
    io.stdout.write(`review desk for policy ${module.policy} on ${served.url}\n`);
    await stopped();
    await served.close();
    log?.close();
    await redis?.close();
    return exit.ok;
  },
};
