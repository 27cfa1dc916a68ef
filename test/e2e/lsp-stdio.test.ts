// End-to-end: the built `apol-lsp --stdio` binary, driven over its pipes through a whole editing session.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, Hover, Location, PublishDiagnosticsParams, ShowMessageParams } from "vscode-languageserver";
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
    const definition = await server.client.sendRequest<Location[]>("textDocument/definition", { textDocument: { uri }, position: find("approvals 2 of finance", 15) });
    expect(definition).toEqual([{ uri, range: { start: find("const finance", 6), end: find("const finance", 13) } }]);
    const completion = await server.client.sendRequest<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: find("args.amount <= 500", 5) });
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
      contentChanges: [{ range: { start: { line: at.line, character: at.character + 19 }, end: { line: at.line, character: at.character + 19 } }, text: "500" }],
    });
    expect((await diagnosticsOf(3)).diagnostics).toEqual([]);
  });

  it("runs a passing and a failing test through `workspace/executeCommand`, with a message and a diagnostic for each", async () => {
    const shop = "file:///e2e/shop.apol";
    const text = 'policy shop\ntool buy(item: string, price: number)\nrule cheap { allow buy when args.price <= 10 }\ntest "cheap" {\n  call buy(item: "pen", price: 2)\n  expect allow by cheap\n}\ntest "dear" {\n  call buy(item: "car", price: 2000)\n  expect allow\n}\n';
    await server.client.sendNotification("textDocument/didOpen", { textDocument: { uri: shop, languageId: "apol", version: 1, text } });
    const run = (title: string) => server.client.sendRequest("workspace/executeCommand", { command: "apol.test.run", arguments: [shop, title] });
    expect(await run("cheap")).toEqual({ tests: [{ title: "cheap", passed: true }] });
    expect(await run("dear")).toEqual({ tests: [{ title: "dear", passed: false }] });
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

  it("shuts down and exits with status 0", async () => {
    await server.client.sendRequest("shutdown");
    await server.client.sendNotification("exit");
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe("");
  });
});
