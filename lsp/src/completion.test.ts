import { describe, expect, it } from "vitest";
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

let counter = 0;
/** The completion items at the document's `<|>`. */
async function complete(text: string): Promise<CompletionItem[]> {
  const doc = await session().open(`file:///completion/${counter++}.apol`, text);
  const result = await session().request<CompletionItem[] | null>("textDocument/completion", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
  return result ?? [];
}
const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label).sort();

const bank = `policy bank
/// Who the agent acts for.
enum Role { admin, teller }
user { id: string, role: Role, teams: string[] }
agent { trust: number }
/// Moves money out of the bank.
tool send_money(recipient: string, amount: number, memo?: string) tags financial, external tier 3
tool send_email(to: string[], amount: int) tags external returns internal
tool get_page(url: string) returns untrusted output { title: string, links: string[] }
/// The most a teller may send.
const limit = 500
const finance = ["cfo"]
`;

describe("completion", () => {
  it("offers the keywords the grammar allows at the cursor", async () => {
    expect(labels(await complete(`${bank}rule r {\n  <|>\n}`))).toEqual([
      "allow",
      "approvals",
      "deny",
      "expires",
      "reason",
      "redact",
      "review",
      "unless",
      "when",
    ]);
    expect(labels(await complete(`<|>`))).toEqual(
      [
        ...[
          "agent",
          "const",
          "context",
          "def",
          "enum",
          "policy",
          "policy file",
          "predicate",
          "resource",
          "rule",
          "rule allow",
          "rule deny",
          "rule redact",
          "rule review",
        ],
        ...["test", "test of a call", "tool", "tool with an argument", "user"],
      ].sort(),
    );
    const afterTool = labels(await complete(`${bank}tool t() <|>`));
    expect(afterTool).toEqual(expect.arrayContaining(["tags", "tier", "returns", "output", "rule"]));
    expect(afterTool).not.toContain("when");
  });

  it("offers the declared tools after an effect, with their signature and doc comment", async () => {
    const items = await complete(`${bank}rule r {\n  deny <|>\n}`);
    expect(labels(items)).toEqual(["*", "get_page", "send_email", "send_money", "tagged", "tier"]);
    expect(items.find((i) => i.label === "send_money")).toMatchObject({
      kind: CompletionItemKind.Function,
      detail: "tool send_money(recipient: string, amount: number, memo?: string) tags financial, external tier 3",
      documentation: {
        kind: "markdown",
        value:
          "```apol\ntool send_money(recipient: string, amount: number, memo?: string) tags financial, external tier 3\n```\n\nMoves money out of the bank.",
      },
    });
  });

  it("offers tools as the targets of a history function, and windows after them", async () => {
    expect(labels(await complete(`${bank}rule r {\n  deny send_money\n  when count(<|>\n}`))).toEqual([
      "*",
      "get_page",
      "send_email",
      "send_money",
      "tagged",
      "tier",
    ]);
    expect(labels(await complete(`${bank}rule r {\n  deny send_money\n  when count(send_email, <|>) > 3\n}`))).toEqual(
      expect.arrayContaining(["1h", "24h", "7d", "30m", "session"]),
    );
  });

  it("offers after `is` the forms of the tested value's union first, then every type", async () => {
    const text =
      "policy p\nenum Role { a, b }\ntool rent(company: string | string[], who: Role | { id: int })\nrule r {\n  deny rent\n  when args.company is <|>\n}";
    const items = await complete(text);
    expect(items.filter((i) => i.preselect).map((i) => [i.label, i.detail])).toEqual([
      ["string", "a form of `string | string[]`"],
      ["string[]", "a form of `string | string[]`"],
    ]);
    expect(labels(items)).toEqual(expect.arrayContaining(["int", "bool", "json", "Role"]));
    const record = await complete(text.replace("args.company is <|>", "args.who is <|>"));
    expect(record.filter((i) => i.preselect).map((i) => i.label)).toEqual(["Role", "{ id: int }"]);
    expect(labels(await complete("policy p\ntool rent(company: string | <|>)"))).toEqual(expect.arrayContaining(["string", "int", "json"]));
  });

  it("offers tags after `tagged`", async () => {
    const items = await complete(`${bank}rule r {\n  deny tagged <|>\n}`);
    expect(labels(items)).toEqual(["external", "financial"]);
    expect(items.find((i) => i.label === "external")?.documentation).toEqual({
      kind: "markdown",
      value: "```apol\n(tag) external\n```\n\ncarried by `send_money`, `send_email`",
    });
  });

  it("offers after `args.` only the arguments every targeted tool has, with their types", async () => {
    const both = await complete(`${bank}rule r {\n  deny send_money, send_email\n  when args.<|>\n}`);
    expect(both.map((i) => [i.label, i.detail, i.kind])).toEqual([["amount", "amount: number", CompletionItemKind.Field]]);
    const one = await complete(`${bank}rule r {\n  deny send_money\n  when args.<|> > 3\n}`);
    expect(one.map((i) => [i.label, i.detail])).toEqual([
      ["recipient", "recipient: string"],
      ["amount", "amount: number"],
      ["memo", "memo?: string"],
    ]);
    const tagged = await complete(`${bank}rule r {\n  deny tagged external\n  when args.<|>\n}`);
    expect(labels(tagged)).toEqual(["amount"]);
  });

  it("offers the fields of `user.`, `agent.`, the record of an argument, and nested outputs", async () => {
    const user = await complete(`${bank}rule r {\n  allow send_money\n  when user.<|>\n}`);
    expect(user.map((i) => [i.label, i.detail])).toEqual([
      ["id", "id: string"],
      ["role", "role: Role"],
      ["teams", "teams: string[]"],
    ]);
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when agent.<|>\n}`))).toEqual(["trust"]);
    expect(labels(await complete(`${bank}rule r {\n  redact get_page output.<|>\n}`))).toEqual(["links", "title"]);
    expect(labels(await complete(`${bank}rule r {\n  redact send_money args.<|>\n}`))).toEqual(["amount", "memo", "recipient"]);
    expect(labels(await complete(`${bank}rule r {\n  redact send_money output.memo, args.<|>\n}`))).toEqual(["amount", "memo", "recipient"]);
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when now.<|>\n}`))).toEqual(["hour", "minute", "weekday"]);
  });

  it("offers in a redact path only the fields the checker accepts in every targeted tool, and fields after `[*].`", async () => {
    const cards = `policy p
tool pay(card: { number: string, cvc: string }) output { items: { name: string, price: number }[] }
tool refund(card: { number: string }) output { items: { name: string }[] }
`;
    expect(labels(await complete(`${cards}rule r {\n  redact pay, refund args.card.<|>\n}`))).toEqual(["number"]);
    expect(labels(await complete(`${cards}rule r {\n  redact pay, refund output.items[*].<|>\n}`))).toEqual(["name"]);
    // A list needs `[*]` before its items' fields: the checker rejects `output.items.name`.
    expect(labels(await complete(`${cards}rule r {\n  redact pay output.items.<|>\n}`))).toEqual([]);
  });

  it("offers a quantifier's variable in its body, not in the list it ranges over", async () => {
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when any(x in [<|>]: x == "a")\n}`))).not.toContain("x");
  });

  it("offers the arguments of the history function's tools after `it.args.`", async () => {
    const items = await complete(`${bank}rule r {\n  deny send_money\n  when count(get_page where it.args.<|>, 1h) > 3\n}`);
    expect(items.map((i) => [i.label, i.detail])).toEqual([["url", "url: string"]]);
    expect(labels(await complete(`${bank}rule r {\n  deny send_money\n  when seen(get_page where it.<|>, 1h)\n}`))).toEqual(["args", "output", "tool"]);
  });

  it("offers the symbols of the expected enum after `==` and in a list compared with an enum field", async () => {
    const equal = await complete(`${bank}rule r {\n  allow send_money\n  when user.role == <|>\n}`);
    expect(equal.map((i) => [i.label, i.kind, i.detail])).toEqual([
      ["admin", CompletionItemKind.EnumMember, "Role"],
      ["teller", CompletionItemKind.EnumMember, "Role"],
    ]);
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when user.role in [admin, <|>]\n}`))).toEqual(["admin", "teller"]);
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when now.weekday != <|>\n}`))).toEqual([
      "fri",
      "mon",
      "sat",
      "sun",
      "thu",
      "tue",
      "wed",
    ]);
    expect(labels(await complete(`${bank}test "t" {\n  user { id: "u", role: <|> }\n}`))).toEqual(["admin", "teller"]);
  });

  it("offers consts, variables and built-in functions with snippets in expressions", async () => {
    const items = await complete(`${bank}rule r {\n  allow send_money\n  when any(x in user.teams: <|>)\n}`);
    expect(items.find((i) => i.label === "limit")).toMatchObject({
      kind: CompletionItemKind.Constant,
      detail: "int",
      documentation: { kind: "markdown", value: "```apol\nconst limit: int = 500\n```\n\nThe most a teller may send." },
    });
    expect(items.find((i) => i.label === "x")).toMatchObject({ kind: CompletionItemKind.Variable, detail: "string" });
    expect(items.find((i) => i.label === "lower")).toMatchObject({
      kind: CompletionItemKind.Function,
      detail: "lower(s: string) -> string",
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { newText: "lower(${1:s})" },
    });
    expect(items.find((i) => i.label === "count")).toMatchObject({
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { newText: "count(${1:tool}, ${2:1h})" },
    });
    expect(labels(items)).toEqual(expect.arrayContaining(["args", "user", "agent", "tool", "now", "not", "true"]));
    expect(labels(items)).not.toContain("it");
  });

  it("offers labels for the label argument of `from`", async () => {
    expect(labels(await complete(`${bank}rule r {\n  allow send_money\n  when from(args.memo, <|>)\n}`))).toEqual(["internal", "untrusted"]);
  });

  it("offers rule names after `expect ... by`, effects and `output` after `expect`, and a tool's arguments in a test call", async () => {
    const withRules = `${bank}rule small { allow send_money when args.amount < limit }\nrule big { deny send_money when args.amount > 900 reason "too much" }\n`;
    const rules = await complete(`${withRules}test "t" {\n  call send_money(recipient: "a", amount: 1)\n  expect deny by <|>\n}`);
    expect(labels(rules)).toEqual(["big"]);
    expect(rules.find((i) => i.label === "big")).toMatchObject({ kind: CompletionItemKind.Event, detail: "deny send_money" });
    const afterExpect = await complete(`${withRules}test "t" {\n  call send_money(recipient: "a", amount: 1)\n  expect <|>\n}`);
    expect(labels(afterExpect)).toEqual(["allow", "deny", "output", "review"]);
    expect(afterExpect.find((i) => i.label === "output")).toMatchObject({
      kind: CompletionItemKind.Keyword,
      detail: "expect what the model reads of the call's output, after `redact` rules",
    });
    const args = await complete(`${withRules}test "t" {\n  call send_money(<|>)\n}`);
    expect(args.map((i) => [i.label, i.textEdit?.newText])).toEqual([
      ["recipient", "recipient: "],
      ["amount", "amount: "],
      ["memo", "memo: "],
    ]);
  });

  it("replaces the word being typed", async () => {
    const doc = await session().open(`file:///completion/word.apol`, `${bank}rule r {\n  deny send_money\n  when args.am<|>\n}`);
    const items = await session().request<CompletionItem[]>("textDocument/completion", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    const position = doc.positions[0] as { line: number; character: number };
    expect(items.find((i) => i.label === "amount")?.textEdit).toEqual({
      range: { start: { line: position.line, character: position.character - 2 }, end: position },
      newText: "amount",
    });
  });

  it("offers nothing inside comments and strings", async () => {
    expect(await complete(`${bank}// a comment <|>\n`)).toEqual([]);
    expect(await complete(`${bank}rule r { deny send_money reason "a <|>" }`)).toEqual([]);
  });

  it("completes from the current text after edits, using the declarations of the last analysis", async () => {
    const doc = await session().open("file:///completion/edited.apol", `${bank}rule r {\n  deny send_money\n}\n`);
    await session().diagnostics(doc.uri, 1);
    const end = { line: bank.split("\n").length + 0, character: 17 };
    await session().change(doc, { range: { start: end, end }, text: "\n  when args." });
    const items = await session().request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: doc.uri },
      position: { line: end.line + 1, character: 12 },
    });
    expect(labels(items)).toEqual(["amount", "memo", "recipient"]);
  });

  it("completes at once after a change that declares a tool and starts a rule over it (the analysis still pending)", async () => {
    const doc = await session().open("file:///completion/race.apol", `${bank}`);
    await session().diagnostics(doc.uri, 1);
    const end = { line: bank.split("\n").length - 1, character: 0 };
    await session().change(doc, { range: { start: end, end }, text: "tool deploy(service: string, env?: string)\nrule d {\n  allow deploy\n  when args." });
    const items = await session().request<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: doc.uri },
      position: { line: end.line + 3, character: 12 },
    });
    expect(labels(items)).toEqual(["env", "service"]);
  });
});
