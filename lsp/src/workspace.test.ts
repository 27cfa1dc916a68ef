import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileChangeType, SymbolKind, type SymbolInformation } from "vscode-languageserver";
import { startSession, type TestSession } from "./test-support/client.js";
import { readFileUri } from "./workspace.js";

let root: string;
let session: TestSession;
const uriOf = (name: string) => pathToFileURL(join(root, name)).href;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "apol-lsp-workspace-"));
  mkdirSync(join(root, "team"));
  mkdirSync(join(root, "node_modules"));
  writeFileSync(join(root, "payments.apol"), "policy payments\ntool pay(amount: number)\nrule pay_small { allow pay when args.amount < 10 }\n");
  writeFileSync(join(root, "team", "mail.apol"), "policy mail\ntool send()\nrule mail_rule { allow sendd }\n");
  writeFileSync(join(root, "node_modules", "ignored.apol"), "policy ignored\n");
  writeFileSync(join(root, "notes.txt"), "policy not_apol\n");
  session = await startSession({ rootUri: pathToFileURL(root).href, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
});
afterAll(async () => {
  await session.close();
  rmSync(root, { recursive: true, force: true });
});

const symbols = (query: string) => session.request<SymbolInformation[]>("workspace/symbol", { query });

describe("a multi-file workspace", () => {
  it("indexes every .apol file under the workspace folders and publishes their diagnostics", async () => {
    expect((await session.diagnostics(uriOf("payments.apol"))).diagnostics).toEqual([]);
    const mail = await session.diagnostics(uriOf("team/mail.apol"));
    expect(mail.diagnostics.map((d) => d.code)).toEqual(["apol/unknown-tool"]);
    expect(session.published.some((p) => p.uri.includes("ignored") || p.uri.includes("notes"))).toBe(false);
  });

  it("finds declarations of every indexed file by workspace symbol query", async () => {
    await session.diagnostics(uriOf("team/mail.apol"));
    const found = await symbols("_");
    expect(found.map((s) => [s.name, s.kind, s.location.uri, s.containerName])).toEqual([
      ["pay_small", SymbolKind.Event, uriOf("payments.apol"), "payments"],
      ["mail_rule", SymbolKind.Event, uriOf("team/mail.apol"), "mail"],
    ]);
    expect((await symbols("pysml")).map((s) => s.name)).toEqual(["pay_small"]);
  });

  it("prefers the editor's text while a file is open, and the disk's after it is closed", async () => {
    const uri = uriOf("payments.apol");
    const doc = await session.open(uri, "policy payments\ntool pay(amount: number)\nrule renamed { allow pay }\n");
    expect((await symbols("renamed")).map((s) => s.location.uri)).toEqual([uri]);
    await session.client.sendNotification("textDocument/didClose", { textDocument: { uri: doc.uri } });
    await expect.poll(async () => (await symbols("pay_small")).map((s) => s.name)).toEqual(["pay_small"]);
    expect(await symbols("renamed")).toEqual([]);
  });

  it("follows files created, changed and deleted on disk", async () => {
    writeFileSync(join(root, "team", "new.apol"), "policy fresh\ntool t()\nrule brand_new { allow t }\n");
    await session.client.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf("team/new.apol"), type: FileChangeType.Created }] });
    await expect.poll(async () => (await symbols("brand_new")).map((s) => s.location.uri)).toEqual([uriOf("team/new.apol")]);
    rmSync(join(root, "team", "new.apol"));
    await session.client.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf("team/new.apol"), type: FileChangeType.Deleted }] });
    await expect.poll(async () => symbols("brand_new")).toEqual([]);
    expect([...session.published].reverse().find((p) => p.uri === uriOf("team/new.apol"))).toEqual({ uri: uriOf("team/new.apol"), diagnostics: [] });
  });

  it("checks a test file found on disk after its policy, and says so when it has none", async () => {
    writeFileSync(join(root, "payments.test.apol"), 'test "pays a little" {\n  call pay(amount: 1)\n  expect allow by pay_small\n}\n');
    writeFileSync(join(root, "team", "orphan.test.apol"), 'test "nothing" {\n  call pay(amount: 1)\n  expect allow\n}\n');
    await session.client.sendNotification("workspace/didChangeWatchedFiles", {
      changes: [
        { uri: uriOf("payments.test.apol"), type: FileChangeType.Created },
        { uri: uriOf("team/orphan.test.apol"), type: FileChangeType.Created },
      ],
    });
    expect((await session.diagnostics(uriOf("payments.test.apol"))).diagnostics).toEqual([]);
    expect((await session.diagnostics(uriOf("team/orphan.test.apol"))).diagnostics.map((d) => [d.code, d.range.start])).toEqual([
      ["apol/missing-policy", { line: 0, character: 0 }],
    ]);
  });

  it("reads any `file:` URI from disk, in the workspace or not", () => {
    expect(readFileUri(uriOf("payments.apol"))).toBe("policy payments\ntool pay(amount: number)\nrule pay_small { allow pay when args.amount < 10 }\n");
    expect(readFileUri(uriOf("missing.apol"))).toBeUndefined();
    expect(readFileUri("untitled:Untitled-1")).toBeUndefined();
  });

  it("pushes the diagnostics of files a pulling client has not opened, and clears them when it opens one", async () => {
    const pulling = await startSession({ rootUri: pathToFileURL(root).href, capabilities: { textDocument: { diagnostic: {} } } });
    try {
      const mail = uriOf("team/mail.apol");
      expect((await pulling.diagnostics(mail)).diagnostics.map((d) => d.code)).toEqual(["apol/unknown-tool"]);
      await pulling.open(mail, "policy mail\ntool send()\nrule mail_rule { allow sendd }\n");
      // The empty notification that clears the pushed ones is the last for the file: the pulled ones replace it.
      await pulling.diagnostics(mail, undefined, (p) => p.diagnostics.length === 0);
      expect(pulling.published.filter((p) => p.uri === mail).map((p) => p.diagnostics.length)).toEqual([1, 0]);
      const pulled = await pulling.request<{ items: { code: string }[] }>("textDocument/diagnostic", { textDocument: { uri: mail } });
      expect(pulled.items.map((d) => d.code)).toEqual(["apol/unknown-tool"]);
    } finally {
      await pulling.close();
    }
  });
});
