// Every ` ```sh ` block of README.md and docs/*.md that runs `apol` is run as written, in a copy of examples/, and a ` ```text `
// block right after it is what its last command prints (`...` lines elide); the few commands that cannot run here say why,
// and no such mark is stale. Plain `apol` commands run in this process through the CLI's `main` (see apol-in-process.ts); the
// others (`node …`, pipes) in bash. test/e2e covers the `apol` executable itself.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, buildOnce, root } from "../e2e/apol-process.js";
import { apolInProcess } from "./apol-in-process.js";
import { commandBlocks, shows, type CommandBlock } from "./command-blocks.js";

/**
 * Commands not run here, each found by a piece of its text in its document, with the reason. `printsSample`: the sample after
 * the block is this command's output, so it is compared where the command runs.
 */
const notRun: readonly { readonly doc: string; readonly command: string; readonly why: string; readonly printsSample?: true }[] = [
  { doc: "README.md", command: "npm install", why: "CI installs the workspace before it runs the tests" },
  {
    doc: "README.md",
    command: "apol mcp --policy examples/mcp/everything.apol",
    why: "a gateway that serves until stopped; test/docs/mcp-example.test.ts drives it with a client",
  },
  {
    doc: "README.md",
    command: "node examples/review/approve-transfer.mjs",
    why: "review ids, times and signatures differ per run: test/docs/review-example.test.ts runs it and compares the sample with them normalised",
    printsSample: true,
  },
  { doc: "README.md", command: "apol review serve", why: "serves the review desk until stopped, on a Redis server; test/review-desk/ runs it" },
  { doc: "docs/approvals.md", command: "node examples/review/approve-transfer.mjs", why: "run and compared by test/docs/review-example.test.ts" },
  { doc: "docs/audit.md", command: "apol audit verify /var/log/apol/decisions.log --key log.pub\n", why: "forms to use on a deployment's log, not a script" },
  { doc: "docs/audit.md", command: "--log-id 4f0c2a9e17b35d8c6e21f0a9b47d3c55", why: "forms to use on a deployment's log, not a script" },
  { doc: "docs/audit.md", command: "--allow-open", why: "forms to use on a deployment's log, not a script" },
  { doc: "docs/audit.md", command: "apol audit show /var/log/apol/decisions.log", why: "forms to use on a deployment's log, not a script" },
  { doc: "docs/integrations.md", command: "node examples/openai-agents/agent.mjs", why: "run and its transcript pinned by test/docs/sdk-examples.test.ts" },
  { doc: "docs/integrations.md", command: "node examples/langchain/agent.mjs", why: "run and its transcript pinned by test/docs/sdk-examples.test.ts" },
  { doc: "docs/mcp.md", command: "server-filesystem /srv/data", why: "a gateway that serves until stopped, over a server npx would download" },
  {
    doc: "docs/mcp.md",
    command: "apol import mcp --url http://127.0.0.1:3001/mcp",
    why: "reads a server that serves Streamable HTTP at that address; mcp/ tests import over HTTP",
  },
  { doc: "docs/review-desk.md", command: "node examples/review/desk.mjs", why: "run and compared by test/docs/review-example.test.ts", printsSample: true },
  {
    doc: "docs/review-desk.md",
    command: "apol review serve --policy bank.apol",
    why: "serves the review desk until stopped, on a Redis server; test/review-desk/ runs it",
  },
];

/** Commands that exit with another code than 0 by design, with the reason. */
const exits: readonly { readonly command: string; readonly code: number; readonly why: string }[] = [
  { command: "--fail-on deny", code: 1, why: "the new policy denies calls the deployed one did not: the gate fails, as the docs show" },
  { command: "apol lint examples/lint/transfers.apol", code: 1, why: "the example is there to have findings, and findings fail `apol lint`" },
];

/** Files the docs' commands name that are not under examples/: a policy pair and its traffic, a folder of policies, a signed log. */
const given = (dir: string): void => {
  cpSync(join(root, "examples", "replay", "assistant.apol"), join(dir, "new.apol"));
  cpSync(join(root, "examples", "replay", "assistant-deployed.apol"), join(dir, "deployed.apol"));
  cpSync(join(root, "examples", "replay", "traffic.jsonl"), join(dir, "traffic.jsonl"));
  mkdirSync(join(dir, "policies"));
  for (const name of readdirSync(join(root, "examples")).filter((n) => n.endsWith(".apol"))) cpSync(join(root, "examples", name), join(dir, "policies", name));
};
/** Blocks that start from a state earlier commands made, each with those commands. */
const setups: readonly { readonly doc: string; readonly command: string; readonly run: readonly string[] }[] = [
  {
    doc: "docs/audit.md",
    command: "apol audit export decisions.log --trace",
    run: ["apol keys generate --out log", "apol replay deployed.apol traffic.jsonl --log decisions.log --log-key log.key"],
  },
];

const blocks = [
  join(root, "README.md"),
  ...readdirSync(join(root, "docs"))
    .filter((n) => n.endsWith(".md"))
    .map((n) => join(root, "docs", n)),
].flatMap((path) => commandBlocks(readFileSync(path, "utf8"), path.slice(root.length)));
const scratch = mkdtempSync(join(tmpdir(), "apol-doc-blocks-"));
const shims = join(scratch, "bin");
let blockCount = 0;

beforeAll(() => {
  buildOnce();
  // `apol` and `npx apol` run the built CLI, as `npm install` at the repository root makes them run; any other npx runs npm's.
  mkdirSync(shims);
  const npx = spawnSync("sh", ["-c", "command -v npx"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(join(shims, "apol"), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  writeFileSync(join(shims, "npx"), `#!/bin/sh\nif [ "$1" = apol ]; then shift; exec apol "$@"; fi\nexec "${npx}" "$@"\n`);
  for (const shim of ["apol", "npx"]) chmodSync(join(shims, shim), 0o755);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const marked = (block: CommandBlock, command: string) => notRun.find((m) => block.doc === m.doc && `${command}\n`.includes(m.command));

/** Runs a block's commands in order in a fresh folder holding examples/ and the given files; what the last one printed. */
async function run(block: CommandBlock): Promise<{ printed: string; failures: string[] }> {
  const dir = join(scratch, `block-${++blockCount}`);
  mkdirSync(dir);
  cpSync(join(root, "examples"), join(dir, "examples"), { recursive: true });
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  given(dir);
  const setup = setups.find((s) => block.doc === s.doc && block.commands.some((c) => c.includes(s.command)))?.run ?? [];
  const env = { ...process.env, PATH: `${shims}:${process.env["PATH"] ?? ""}`, NO_COLOR: "1", npm_config_update_notifier: "false" };
  let printed = "";
  const failures: string[] = [];
  for (const command of [...setup, ...block.commands]) {
    if (marked(block, command)) continue;
    const result = (await apolInProcess(command, dir)) ?? inBash(command, dir, env);
    printed = result.printed;
    const expected = exits.find((e) => command.includes(e.command))?.code ?? 0;
    if (result.status !== expected) failures.push(`\`${command}\` exited ${result.status}, not ${expected}:\n${result.printed}`);
  }
  return { printed, failures };
}

/** Runs a command in bash, grouped so that its own redirection (`> apol.sarif`) keeps its stderr out of the file. */
function inBash(command: string, dir: string, env: NodeJS.ProcessEnv): { status: number | null; printed: string } {
  const result = spawnSync("bash", ["-c", `{ ${command}\n} 2>&1`], { cwd: dir, encoding: "utf8", env, timeout: 60_000 });
  return { status: result.status, printed: `${result.stdout}${result.stderr}` };
}

describe("the command blocks of README.md and docs/", () => {
  it("are found, with their samples", () => {
    expect(blocks.length).toBeGreaterThan(15);
    expect(blocks.filter((b) => b.sample !== undefined).length).toBeGreaterThan(5);
  });

  it("mark no command that is not there", () => {
    for (const mark of notRun) {
      expect(
        blocks.some((b) => b.doc === mark.doc && b.commands.some((c) => `${c}\n`.includes(mark.command))),
        `${mark.doc}: ${mark.command}`,
      ).toBe(true);
    }
    for (const exit of exits)
      expect(
        blocks.some((b) => b.commands.some((c) => c.includes(exit.command))),
        exit.command,
      ).toBe(true);
    for (const setup of setups)
      expect(
        blocks.some((b) => b.doc === setup.doc && b.commands.some((c) => c.includes(setup.command))),
        setup.command,
      ).toBe(true);
  });

  const runnable = blocks.filter((b) => b.commands.some((c) => marked(b, c) === undefined));
  it.each(runnable.map((b) => [`${b.doc}:${b.line}`, b] as const))("%s runs as written, printing the sample it shows", async (_where, block) => {
    const { printed, failures } = await run(block);
    expect(failures).toEqual([]);
    const sampled = block.sample !== undefined && !block.commands.some((c) => marked(block, c)?.printsSample);
    if (sampled && block.sample !== undefined)
      expect(shows(printed, block.sample), `${block.doc}:${block.line} shows\n${block.sample}\nbut its last command prints\n${printed}`).toBe(true);
  });
});

describe("samples", () => {
  it("match whole, cut only where a `...` line stands", () => {
    expect(shows("a\nb\nc\nd\n", "a\nb\nc\nd\n")).toBe(true);
    expect(shows("a\nb\nc\nd\n", "a\nb\n...\nd\n")).toBe(true);
    expect(shows("a\nb\nc\nd\n", "...\nc\n...\n")).toBe(true);
    expect(shows("a\nb\nc\nd\n", "a\nb\n")).toBe(false);
    expect(shows("a\nb\nc\nd\n", "b\nc\nd\n")).toBe(false);
    expect(shows("a\nb\nc\nd\n", "a\nc\n")).toBe(false);
    expect(shows("a\nb\nc\nd\n", "c\n...\nb\n")).toBe(false);
  });
});
