// `apol init [DIR]`: scaffolds a policy, its tests, a trace to replay and an npm script, and prints the next three commands.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exit, usageError, type Command } from "./command.js";

const policy = `// assistant.apol: the tool calls the agent may make. \`apol check\` type-checks it; its tests are in assistant.test.apol.
policy assistant

/// The user the agent acts for.
user { id: string }

/// Every tool the agent can reach; a call to any other tool is denied.
tool read_file(path: string) returns internal
tool send_email(to: string, subject: string, body: string) tags external

rule reads {
  allow read_file
  when args.path like "/srv/**"
}

rule mail {
  allow send_email
  when args.to endsWith "@example.com"
}
`;

const tests = `// Tests of assistant.apol: \`apol test assistant.apol\` runs them, each in a fresh session.
test "files under /srv can be read" {
  call read_file(path: "/srv/notes.txt")
  expect allow by reads
}

test "mail goes only to the company" {
  call send_email(to: "ann@elsewhere.example", subject: "notes", body: "attached")
  expect deny
}
`;

const trace = [
  { session: "s-1", now: "2026-01-05T09:00:00Z", user: { id: "u1" }, tool: "read_file", args: { path: "/srv/notes.txt" } },
  { session: "s-1", now: "2026-01-05T09:01:00Z", user: { id: "u1" }, tool: "send_email", args: { to: "bob@example.com", subject: "notes", body: "attached" } },
  { session: "s-1", now: "2026-01-05T09:02:00Z", user: { id: "u1" }, tool: "read_file", args: { path: "/etc/passwd" } },
]
  .map((step) => `${JSON.stringify(step)}\n`)
  .join("");

/** The npm script `init` adds, and what it runs. */
const script = { name: "test:policy", command: "apol check assistant.apol && apol test assistant.apol" };

/** The `init` command. */
export const init: Command = {
  name: "init",
  summary: "start a policy: assistant.apol, its tests, a trace and an npm script",
  usage: "[DIR]",
  description: [
    "Writes assistant.apol (a policy with two tools and two rules), assistant.test.apol (its tests) and assistant.trace.jsonl",
    `(three calls to replay) into DIR (default: the current folder, created if missing), and adds the npm script`,
    `\`${script.name}\` to DIR/package.json (creating a private one if there is none). Then prints the next three commands.`,
    "Overwrites nothing: exits with 2, writing nothing, if one of the files or the script already exists.",
  ],
  options: [],
  run(args, { io }) {
    const [dir = ".", ...extra] = args.positionals;
    if (extra.length > 0) return usageError(io, "init", `give at most one folder; usage: apol init ${init.usage}`);
    const files: [string, string][] = [
      ["assistant.apol", policy],
      ["assistant.test.apol", tests],
      ["assistant.trace.jsonl", trace],
    ];
    const taken = files.map(([name]) => join(dir, name)).filter((path) => existsSync(path));
    if (taken.length > 0)
      return usageError(io, "init", `${taken.map((p) => `\`${p}\``).join(", ")} already exist${taken.length === 1 ? "s" : ""}; nothing was written`);
    const manifestPath = join(dir, "package.json");
    let manifest: { scripts?: Record<string, string> } & Record<string, unknown>;
    try {
      manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, "utf8")) as typeof manifest) : { name: "assistant-policy", private: true };
    } catch (error) {
      return usageError(io, "init", `cannot read \`${manifestPath}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (manifest.scripts?.[script.name] !== undefined)
      return usageError(io, "init", `\`${manifestPath}\` already has a \`${script.name}\` script; nothing was written`);
    try {
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of files) writeFileSync(join(dir, name), text, { flag: "wx" });
      writeFileSync(manifestPath, `${JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, [script.name]: script.command } }, null, 2)}\n`);
    } catch (error) {
      return usageError(io, "init", `cannot write into \`${dir}\`: ${error instanceof Error ? error.message : String(error)}`);
    }
    const at = (name: string): string => (dir === "." ? name : join(dir, name));
    io.stdout.write(
      [
        `wrote ${files.map(([name]) => at(name)).join(", ")} and the npm script \`${script.name}\` in ${at("package.json")}`,
        "next:",
        `  npx apol test ${at("assistant.apol")}`,
        `  npx apol replay ${at("assistant.apol")} ${at("assistant.trace.jsonl")}`,
        `  echo '{"tool": "read_file", "args": {"path": "/etc/passwd"}}' | npx apol eval ${at("assistant.apol")} --explain --format text`,
        "",
      ].join("\n"),
    );
    return exit.ok;
  },
};
