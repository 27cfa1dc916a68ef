// End-to-end: the built `apol-lsp --stdio` binary, driven over its pipes through a whole editing session.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens, CompletionItem, Hover, Location, PublishDiagnosticsParams, ShowMessageParams } from "vscode-languageserver";
import { buildOnce, root } from "./apol-process.js";
import { spawnServer, type LspProcess } from "./lsp-process.js";

const file = join(root, "examples", "banking.apol");
const uri = pathToFileURL(file).href;
const text = readFileSync(file, "utf8");
const lines = text.split("\n");
/** The 0-based position of the first `needle` on or after line `from`, `offset` characters into it. */
function find(needle: string, offset = 0, from = 0): { line: number; character: number } {
  for (let line = from; line < lines.length; line++) {
    const at = (lines[line] as string).indexOf(needle);
    if (at >= 0) return { line, character: at + offset };
  }
  throw new Error(`no \`${needle}\` in banking.apol`);
}

let server: LspProcess;
const published: PublishDiagnosticsParams[] = [];
const messages: ShowMessageParams[] = [];
async function diagnosticsOf(version: number): Promise<PublishDiagnosticsParams> {
  await expect.poll(() => published.find((p) => p.uri === uri && p.version === version), { timeout: 20_000 }).toBeDefined();
  return published.find((p) => p.uri === uri && p.version === version) as PublishDiagnosticsParams;
}

beforeAll(async () => {
  buildOnce();
  server = spawnServer();
  server.client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    published.push(p);
  });
  server.client.onNotification("window/showMessage", (m: ShowMessageParams) => {
    messages.push(m);
  });
  const init = await server.client.sendRequest<{ serverInfo: { name: string } }>("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
  expect(init.serverInfo.name).toBe("apol-lsp");
  await server.client.sendNotification("initialized", {});
  await server.client.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "apol", version: 1, text } });
});
afterAll(() => {
  if (server.child.exitCode === null) server.child.kill();
});

describe("apol-lsp --stdio", () => {
  it("publishes no diagnostics for the clean banking example", async () => {
    expect((await diagnosticsOf(1)).diagnostics).toEqual([]);
  });

  it("answers hover, definition and completion", async () => {
    const hover = await server.client.sendRequest<Hover>("textDocument/hover", { textDocument: { uri }, position: find("allow send_money", 7) });
    expect((hover.contents as { value: string }).value).toContain("tool send_money(recipient: string, amount: number, subject: string, date: string)");
    const definition = await server.client.sendRequest<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: find("approvals 2 of finance", 15),
    });
    expect(definition).toEqual([{ uri, range: { start: find("const finance", 6), end: find("const finance", 13) } }]);
    const completion = await server.client.sendRequest<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri },
      position: find("args.amount <= 500", 5),
    });
    expect(completion.map((i) => i.label)).toEqual(["recipient", "amount", "subject", "date"]);
  });

  it("reports a syntax error after an incremental edit breaks the file, and clears it after the fix", async () => {
    const at = find("when args.amount > 500");
    await server.client.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: at.line, character: at.character + 19 }, end: { line: at.line, character: at.character + 22 } }, text: "" }],
    });
    const broken = await diagnosticsOf(2);
    expect(broken.diagnostics.map((d) => d.code)).toEqual(["apol/syntax-error"]);
    // The operand is missing at the end of the line: the error sits right after `>`, not on the next line.
    const gap = { line: at.line, character: at.character + 18 };
    expect(broken.diagnostics[0]?.range).toEqual({ start: gap, end: gap });
    await server.client.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 3 },
      contentChanges: [
        { range: { start: { line: at.line, character: at.character + 19 }, end: { line: at.line, character: at.character + 19 } }, text: "500" },
      ],
    });
    expect((await diagnosticsOf(3)).diagnostics).toEqual([]);
  });

  it("runs a passing and a failing test through `workspace/executeCommand`, with a message and a diagnostic for each", async () => {
    const shop = "file:///e2e/shop.apol";
    const text =
      'policy shop\ntool buy(item: string, price: number)\nrule cheap { allow buy when args.price <= 10 }\ntest "cheap" {\n  call buy(item: "pen", price: 2)\n  expect allow by cheap\n}\ntest "dear" {\n  call buy(item: "car", price: 2000)\n  expect allow\n}\n';
    await server.client.sendNotification("textDocument/didOpen", { textDocument: { uri: shop, languageId: "apol", version: 1, text } });
    const run = (title: string) => server.client.sendRequest("workspace/executeCommand", { command: "apol.test.run", arguments: [shop, title] });
    expect(await run("cheap")).toEqual({ tests: [{ title: "cheap", passed: true }], lines: ["pass  cheap", "1 test passed"] });
    expect(await run("dear")).toEqual({ tests: [{ title: "dear", passed: false }], lines: ["FAIL  dear", "1 of 1 test failed"] });
    expect(messages).toEqual([
      { type: 3, message: 'test "cheap" passed' },
      { type: 1, message: 'test "dear" failed: expected `allow`, got `deny by $default`' },
    ]);
    // The response comes after the diagnostics it published.
    const latest = published.filter((p) => p.uri === shop).at(-1);
    expect(latest?.diagnostics.map((d) => [d.severity, d.source, d.range.start.line, d.range.start.character, d.message])).toEqual([
      [3, "apol test", 3, 5, 'test "cheap" passed'],
      [1, "apol test", 9, 2, 'test "dear" failed: expected `allow`, got `deny by $default`: no rule allows `buy`\nmatched: no rule'],
    ]);
  });

  it("treats a test file as the continuation of its open policy: its own diagnostics, definitions into the policy, lenses that run its tests", async () => {
    const tests = pathToFileURL(join(root, "examples", "banking.test.apol")).href;
    const title = "an analyst moves no money";
    const testText = `// Tests of banking.apol, kept beside it.
test "${title}" {
  agent { id: "bank-bot", trust: 0.9 }
  user { id: "u2", role: analyst, department: "risk" }
  call send_mony(recipient: "DE89370400440532013000", amount: 50, subject: "lunch", date: "2026-11-02")
  expect deny
}
`;
    const diagnosticsOfTests = async (version: number) => {
      await expect.poll(() => published.find((p) => p.uri === tests && p.version === version), { timeout: 20_000 }).toBeDefined();
      return (published.find((p) => p.uri === tests && p.version === version) as PublishDiagnosticsParams).diagnostics;
    };
    await server.client.sendNotification("textDocument/didOpen", { textDocument: { uri: tests, languageId: "apol", version: 1, text: testText } });
    // The typo is the only problem: no unknown tools, shapes or missing `policy` header besides it.
    const typo = { start: { line: 4, character: 7 }, end: { line: 4, character: 16 } };
    expect((await diagnosticsOfTests(1)).map((d) => [d.code, d.range, d.message])).toEqual([
      ["apol/unknown-tool", typo, "unknown tool `send_mony`\nhelp: did you mean `send_money`?"],
    ]);
    await server.client.sendNotification("textDocument/didChange", {
      textDocument: { uri: tests, version: 2 },
      contentChanges: [{ range: typo, text: "send_money" }],
    });
    expect(await diagnosticsOfTests(2)).toEqual([]);

    const definition = await server.client.sendRequest<Location[]>("textDocument/definition", {
      textDocument: { uri: tests },
      position: { line: 4, character: 9 },
    });
    expect(definition).toEqual([{ uri, range: { start: find("tool send_money", 5), end: find("tool send_money", 15) } }]);
    const role = await server.client.sendRequest<Location[]>("textDocument/definition", { textDocument: { uri: tests }, position: { line: 3, character: 25 } });
    expect(role).toEqual([{ uri, range: { start: find("analyst,"), end: find("analyst,", 7) } }]);

    const lenses = await server.client.sendRequest<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: tests } });
    const runOne = lenses.find((l) => l.command?.title === "▶ run test");
    expect(runOne?.range).toEqual({ start: { line: 1, character: 5 }, end: { line: 1, character: 5 + title.length + 2 } });
    expect(runOne?.command?.arguments).toEqual([tests, title]);
    const answer = await server.client.sendRequest("workspace/executeCommand", { command: runOne?.command?.command, arguments: runOne?.command?.arguments });
    expect(answer).toEqual({ tests: [{ title, passed: true }], lines: [`pass  ${title}`, "1 test passed"] });
    expect(messages.at(-1)).toEqual({ type: 3, message: `test "${title}" passed` });
  });

  it("shuts down and exits with status 0", async () => {
    await server.client.sendRequest("shutdown");
    await server.client.sendNotification("exit");
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe("");
  });
});
