// What `apol review serve` reads besides the policy: approvers' public keys, sign-in tokens, webhooks, and the policy's approver groups.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "@apol/compiler";
import type { PolicyModule } from "@apol/runtime";
import type { Webhook } from "@apol/review-desk";

/** The text of `file`, or why it cannot be read. */
function text(file: string): string | Error {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return new Error(`cannot read \`${file}\``);
  }
}

/** JSON from a file, or why not. */
function jsonFile(file: string, what: string): unknown {
  const read = text(file);
  if (read instanceof Error) return read;
  try {
    return JSON.parse(read);
  } catch {
    return new Error(`\`${file}\` is not JSON: expected ${what}`);
  }
}

const isStringMap = (value: unknown): value is Record<string, string> =>
  value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");

/** The approvers' public keys by name: from a folder of `NAME.pub` files, or a JSON object `{ "cfo": "-----BEGIN PUBLIC KEY-----..." }`, given as text or in a file. */
export function approverKeys(spec: string): Record<string, string> | Error {
  if (spec.trimStart().startsWith("{")) {
    try {
      const keys: unknown = JSON.parse(spec);
      return isStringMap(keys) ? keys : new Error("`--approvers` must be a JSON object of public keys (PEM) by approver name");
    } catch {
      return new Error("`--approvers` starts with `{` but is not JSON: give a JSON object of public keys by name, a JSON file or a folder of NAME.pub");
    }
  }
  let folder: boolean;
  try {
    folder = statSync(spec).isDirectory();
  } catch {
    return new Error(`cannot read \`${spec}\`: give a folder of NAME.pub files or a JSON file of public keys by name`);
  }
  if (folder) {
    const keys: Record<string, string> = {};
    for (const file of readdirSync(spec)
      .filter((f) => f.endsWith(".pub"))
      .sort())
      keys[basename(file, ".pub")] = readFileSync(join(spec, file), "utf8");
    return Object.keys(keys).length > 0
      ? keys
      : new Error(`\`${spec}\` holds no NAME.pub files: \`apol keys generate --out ${join(spec, "NAME")}\` writes one`);
  }
  const keys = jsonFile(spec, "an object of public keys (PEM) by approver name");
  if (keys instanceof Error) return keys;
  return isStringMap(keys) ? keys : new Error(`\`${spec}\` must be a JSON object of public keys (PEM) by approver name`);
}

/** Sign-in tokens by approver name, from a JSON file. */
export function tokenFile(file: string): Record<string, string> | Error {
  const tokens = jsonFile(file, "an object of tokens by approver name");
  if (tokens instanceof Error) return tokens;
  return isStringMap(tokens) ? tokens : new Error(`\`${file}\` must be a JSON object of tokens by approver name`);
}

/** Webhooks from a JSON file: a list of `{ "url", "group"?, "format"?: "json" | "slack" }`. */
export function webhookFile(file: string): Webhook[] | Error {
  const hooks = jsonFile(file, "a list of webhooks");
  if (hooks instanceof Error) return hooks;
  const ok =
    Array.isArray(hooks) &&
    hooks.every(
      (h: unknown) =>
        h !== null &&
        typeof h === "object" &&
        typeof (h as Webhook).url === "string" &&
        ["string", "undefined"].includes(typeof (h as Webhook).group) &&
        [undefined, "json", "slack"].includes((h as Webhook).format),
    );
  return ok ? (hooks as Webhook[]) : new Error(`\`${file}\` must be a JSON list of \`{ "url": "...", "group"?: "finance", "format"?: "json" | "slack" }\``);
}

/** The approver groups the policy names: `approvals 2 of finance` makes `finance` the group of the approvers that rule lists. */
export function policyGroups(source: string, module: PolicyModule): Record<string, readonly string[]> {
  const groups: Record<string, readonly string[]> = {};
  for (const declaration of parse(source).ast.declarations) {
    if (declaration.kind !== "RuleDecl") continue;
    const from = declaration.clauses.find((c) => c.kind === "approvals");
    const listed = module.rules.find((r) => r.name === declaration.name.text)?.approvals?.from;
    if (from?.kind === "approvals" && from.from.kind === "Path" && from.from.fields.length === 0 && listed) groups[from.from.head.text] = listed;
  }
  return groups;
}
