import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, Hover, Location } from "vscode-languageserver";
import { missingPolicy, policyUriOf } from "./test-files.js";
import { cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

describe("test files", () => {
  it("names the policy a test file continues, and none for other documents", () => {
    expect(policyUriOf("file:///w/banking.test.apol")).toBe("file:///w/banking.apol");
    expect(policyUriOf("file:///w/my%20bank.test.apol")).toBe("file:///w/my%20bank.apol");
    expect(policyUriOf("file:///w/banking.apol")).toBeUndefined();
    expect(policyUriOf("file:///w/test.apol")).toBeUndefined();
    expect(policyUriOf("untitled:Untitled-1")).toBeUndefined();
  });

  it("says at the start of a test file that its policy is missing, and how to fix it", () => {
    expect(missingPolicy("banking.apol")).toEqual({
      code: "apol/missing-policy",
      severity: "error",
      span: { start: 0, end: 0 },
      message: "no policy `banking.apol` beside this test file",
      help: "the tests in `NAME.test.apol` run against `NAME.apol`: create `banking.apol`, or rename this file if it is a policy of its own",
    });
  });
});

describe("a test file in the editor", () => {
  const policyUri = "file:///editor/bank.apol";
  const session = serverFixture({ [policyUri]: bankPolicy });
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "apol-lsp-test-files-"));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  let counter = 0;
  /** Opens a test file of `bank.apol` in a folder of its own beside a copy of the policy, and asks for the completions at its `<|>`. */
  async function completeIn(marked: string): Promise<string[]> {
    const uri = `file:///editor/c${counter}/bank.test.apol`;
    await session().open(`file:///editor/c${counter++}/bank.apol`, bankPolicy);
    const doc = await session().open(uri, marked);
    const items = await session().request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: doc.positions[0] });
    return items.map((i) => i.label).sort();
  }

  it("hovers a name with its declaration in the policy, over its range in the test file", async () => {
    const doc = await session().open("file:///editor/bank.test.apol", bankTests);
    const h = await session().request<Hover>("textDocument/hover", {
      textDocument: { uri: doc.uri },
      position: cursorAt(bankTests, `sen<|>d_money(recipient: "z"`),
    });
    expect(h.range).toEqual(rangeAt(bankTests, `<|send_money|>(recipient: "z"`));
    expect((h.contents as { value: string }).value).toBe(
      "```apol\ntool send_money(recipient: string, amount: number, memo?: string) tags financial tier 3\n```\n\nMoves money out of the bank.",
    );
    expect((await session().diagnostics(doc.uri, 1)).diagnostics).toEqual([]);
  });

  it("completes the policy's tools, the arguments of a `call`, its rules and its shapes' fields", async () => {
    expect(await completeIn('test "x" {\n  call <|>\n}\n')).toEqual(["send_email", "send_money"]);
    expect(await completeIn('test "x" {\n  call send_money(<|>)\n}\n')).toEqual(["amount", "memo", "recipient"]);
    // After `expect EFFECT by`, only the rules of that effect.
    expect(await completeIn('test "x" {\n  call send_money(recipient: "x", amount: 1)\n  expect allow by <|>\n}\n')).toEqual(["small"]);
    expect(await completeIn('test "x" {\n  call send_money(recipient: "x", amount: 1)\n  expect deny by <|>\n}\n')).toEqual(["cap"]);
    expect(await completeIn('test "x" {\n  user { <|> }\n}\n')).toEqual(["id", "role", "teams"]);
    // `approve` is a statement where a statement may start.
    expect(await completeIn('test "x" {\n  call send_money(recipient: "x", amount: 900)\n  expect review\n  <|>\n}\n')).toContain("approve");
    // `output` after `expect`, and `unchecked` (never a tool's name) after a call's `)`, but not in `history`, whose calls were allowed.
    expect(await completeIn('test "x" {\n  call send_money(recipient: "x", amount: 900)\n  expect <|>\n}\n')).toEqual(["allow", "deny", "output", "review"]);
    expect(await completeIn('test "x" {\n  call send_money(recipient: "x", amount: 900) <|>\n}\n')).toContain("unchecked");
    expect(await completeIn('test "x" {\n  history {\n    call send_money(recipient: "x", amount: 900) <|>\n  }\n}\n')).toEqual(["call", "labels", "returns"]);
  });

  it("reads the policy from disk when the editor does not have it open", async () => {
    writeFileSync(join(dir, "shop.apol"), "policy shop\ntool buy(item: string)\nrule ok { allow buy }\n");
    const uri = pathToFileURL(join(dir, "shop.test.apol")).href;
    const tests = 'test "buy" {\n  call buy(item: "pen")\n  expect allow by ok\n}\n';
    await session().open(uri, tests);
    expect((await session().diagnostics(uri, 1)).diagnostics).toEqual([]);
    const found = await session().request<Location[]>("textDocument/definition", { textDocument: { uri }, position: cursorAt(tests, "b<|>uy(") });
    expect(found).toEqual([{ uri: pathToFileURL(join(dir, "shop.apol")).href, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 8 } } }]);
  });
});
