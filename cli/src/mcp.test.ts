// `apol mcp`'s refusals before it starts anything: missing or conflicting operands, bad identity JSON, config files, approvers.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ParsedArgs } from "./command.js";
import { main } from "./main.js";
import { mcpSettings } from "./mcp-settings.js";
import { memoryIo } from "./memory-io.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "apol-mcp-cli-"));
  writeFileSync(join(dir, "p.apol"), "policy p\ntool echo(message: string)\nrule echoes { allow echo }\n");
  writeFileSync(join(dir, "config.json"), JSON.stringify({ policy: join(dir, "p.apol"), polcy: "x" }));
  writeFileSync(join(dir, "approvers.json"), JSON.stringify({ ops: "missing.pub" }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(args: readonly string[]): Promise<[number, string]> {
  const io = memoryIo();
  const code = await main(["mcp", ...args], io);
  return [code, io.err()];
}

describe("apol mcp refuses, with the fix", () => {
  it("without a policy or a server, or with both a URL and a command", async () => {
    expect(await refusal(["--", "node", "server.js"])).toEqual([2, "apol mcp: missing `--policy POLICY`: the policy to enforce\n"]);
    expect(await refusal(["--policy", "p.apol"])).toEqual([
      2,
      "apol mcp: give the server to front: `-- COMMAND ARGS...` (started over stdio) or `--upstream URL`\n",
    ]);
    expect(await refusal(["--policy", "p.apol", "--upstream", "http://127.0.0.1:1/mcp", "--", "node"])).toEqual([
      2,
      "apol mcp: give either `--upstream URL` or `-- COMMAND ARGS...`, not both\n",
    ]);
    expect(await refusal(["--policy", "p.apol", "--upstream", "not a url"])).toEqual([
      2,
      "apol mcp: `not a url` is not a URL; expected e.g. `http://127.0.0.1:3001/mcp`\n",
    ]);
  });

  it("an identity that is not a JSON object, a bad port, bad labels", async () => {
    const base = ["--policy", "p.apol"];
    expect(await refusal([...base, "--user", "ann", "--", "node"])).toEqual([
      2,
      'apol mcp: `--user` (or `APOL_MCP_USER`) must be a JSON object, e.g. `--user \'{"id":"u-1"}\'`\n',
    ]);
    expect(await refusal([...base, "--http", "eighty", "--", "node"])).toEqual([2, "apol mcp: `--http eighty`: expected a port number\n"]);
    expect(await refusal([...base, "--resource-labels", "un trusted", "--", "node"])).toEqual([
      2,
      "apol mcp: `--resource-labels un trusted`: expected labels separated by commas, e.g. `untrusted`\n",
    ]);
  });

  it("a config file with an unknown option, and approvers whose key cannot be read", async () => {
    const [code, err] = await refusal(["--config", join(dir, "config.json"), "--", "node"]);
    expect([code, err]).toEqual([2, expect.stringContaining("apol mcp: unknown option `polcy` in the config")]);
    expect(await refusal(["--policy", join(dir, "p.apol"), "--approvers", join(dir, "approvers.json"), "--", "node"])).toEqual([
      2,
      "apol mcp: cannot read the public key `missing.pub` of approver `ops`\n",
    ]);
  });

  it("a server that cannot be started", async () => {
    const [code, err] = await refusal(["--policy", join(dir, "p.apol"), "--", join(dir, "no-such-server")]);
    expect([code, err]).toEqual([2, expect.stringMatching(/^apol mcp: cannot reach the server `.*no-such-server`: /)]);
  });
});

describe("apol mcp settings", () => {
  const args = (values: Record<string, string>): ParsedArgs => ({
    positionals: ["node", "server.js"],
    flags: new Set(),
    values: new Map(Object.entries(values)),
  });

  it("take the identity from a flag, else from APOL_MCP_USER (and _AGENT, _CONTEXT, _RESOURCE) in the environment", () => {
    const env = { APOL_MCP_USER: '{"id":"from-env"}', APOL_MCP_AGENT: '{"id":"bot"}' };
    expect(mcpSettings(args({ policy: "p.apol" }), env)).toMatchObject({ identity: { user: { id: "from-env" }, agent: { id: "bot" } } });
    expect(mcpSettings(args({ policy: "p.apol", user: '{"id":"from-flag"}' }), env)).toMatchObject({
      identity: { user: { id: "from-flag" }, agent: { id: "bot" } },
    });
    expect(mcpSettings(args({ policy: "p.apol" }), { APOL_MCP_USER: "ann" })).toBe(
      '`--user` (or `APOL_MCP_USER`) must be a JSON object, e.g. `--user \'{"id":"u-1"}\'`',
    );
  });
});
