import { describe, expect, it } from "vitest";
import {
  CompletionItemKind,
  InsertTextFormat,
  SymbolKind,
  type CompletionItem,
  type DocumentSymbol,
  type Hover,
  type Location,
  type SignatureHelp,
  type WorkspaceEdit,
} from "vscode-languageserver";
import { legend } from "./semantic-tokens.js";
import { applyWorkspaceEdit, cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";

const uri = "file:///fixtures/predicates.apol";
const policy = `policy mail
user { id: string, contacts: string[] }
const company_domains = ["acme.example"]

/// Internal, a known contact, or typed by the user.
def internal(address: string, contacts: string[]) =
  domain(address) in company_domains or address in contacts or from(address, user)

def everyone(addresses: string[], contacts: string[]) = all(a in addresses: internal(a, contacts))

tool send_email(to: string[], subject: string)

rule outside {
  deny send_email
  when not everyone(args.to, user.contacts)
}

rule mail {
  allow send_email
  when count(send_email where any(t in it.args.to: internal(t, user.contacts)), 1h) < 10
}
`;
const session = serverFixture({ [uri]: policy });
const at = (snippet: string) => ({ textDocument: { uri }, position: cursorAt(policy, snippet) });
const declared = (snippet: string): Location[] => [{ uri, range: rangeAt(policy, snippet) }];
const markdown = (h: Hover | null) => (h?.contents as { value: string } | undefined)?.value;

describe("predicates in the language server", () => {
  it("goes from a call, in a condition, a quantifier and a `where`, to the declaration, and from a parameter's use to the parameter", async () => {
    const declaration = declared("def <|internal|>(");
    expect(await session().request<Location[]>("textDocument/definition", at("all(a in addresses: in<|>ternal"))).toEqual(declaration);
    expect(await session().request<Location[]>("textDocument/definition", at("any(t in it.args.to: in<|>ternal"))).toEqual(declaration);
    expect(await session().request<Location[]>("textDocument/definition", at("when not every<|>one"))).toEqual(declared("def <|everyone|>("));
    expect(await session().request<Location[]>("textDocument/definition", at("domain(addr<|>ess)"))).toEqual(declared("def internal(<|address|>: string"));
  });

  it("finds every reference of a predicate, declaration included, and of a parameter within its body", async () => {
    const refs = await session().request<Location[]>("textDocument/references", { ...at("def inter<|>nal("), context: { includeDeclaration: true } });
    expect(refs.map((r) => r.range)).toEqual([
      rangeAt(policy, "def <|internal|>("),
      rangeAt(policy, "addresses: <|internal|>(a"),
      rangeAt(policy, "it.args.to: <|internal|>(t"),
    ]);
    const params = await session().request<Location[]>("textDocument/references", {
      ...at("def internal(address: string, con<|>tacts"),
      context: { includeDeclaration: true },
    });
    expect(params.map((r) => r.range)).toEqual([rangeAt(policy, "address: string, <|contacts|>: string[]"), rangeAt(policy, "address in <|contacts|> or")]);
  });

  it("renames a predicate at its declaration and every call, and a parameter within its body only", async () => {
    const edit = await session().request<WorkspaceEdit>("textDocument/rename", { ...at("addresses: inter<|>nal(a"), newName: "known" });
    const renamed = applyWorkspaceEdit(policy, edit, uri);
    expect(renamed).toContain("def known(address: string, contacts: string[]) =");
    expect(renamed).toContain("all(a in addresses: known(a, contacts))");
    expect(renamed).toContain("any(t in it.args.to: known(t, user.contacts))");
    const param = await session().request<WorkspaceEdit>("textDocument/rename", { ...at("def everyone(addresses: string[], con<|>tacts"), newName: "known" });
    const paramRenamed = applyWorkspaceEdit(policy, param, uri);
    expect(paramRenamed).toContain("def everyone(addresses: string[], known: string[]) = all(a in addresses: internal(a, known))");
    // The other predicate's `contacts` is another parameter.
    expect(paramRenamed).toContain("def internal(address: string, contacts: string[]) =");
    await expect(session().request<WorkspaceEdit>("textDocument/rename", { ...at("addresses: inter<|>nal(a"), newName: "everyone" })).rejects.toThrow(
      "`everyone` is already a predicate: pick another name",
    );
    await expect(session().request<WorkspaceEdit>("textDocument/rename", { ...at("addresses: inter<|>nal(a"), newName: "lower" })).rejects.toThrow(
      "`lower` is already a built-in function: pick another name",
    );
    await expect(
      session().request<WorkspaceEdit>("textDocument/rename", { ...at("def everyone(addresses: string[], con<|>tacts"), newName: "addresses" }),
    ).rejects.toThrow("`addresses` is already a parameter of `everyone`: pick another name");
  });

  it("shows a predicate's signature and doc comment on hover, and a parameter's type", async () => {
    expect(markdown(await session().request<Hover | null>("textDocument/hover", at("addresses: inter<|>nal(a")))).toBe(
      "```apol\ndef internal(address: string, contacts: string[]) -> bool\n```\n\nInternal, a known contact, or typed by the user.",
    );
    expect(markdown(await session().request<Hover | null>("textDocument/hover", at("domain(addr<|>ess)")))).toBe(
      "```apol\n(parameter) address: string\n```\n\na parameter of `internal`",
    );
  });

  it("lists predicates in the outline as functions with their parameters", async () => {
    const symbols = await session().request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri } });
    expect(symbols.find((s) => s.name === "internal")).toMatchObject({ kind: SymbolKind.Function, detail: "(address: string, contacts: string[]) -> bool" });
  });

  it("classifies predicate names as functions and parameters as parameters", async () => {
    const { data } = await session().request<{ data: number[] }>("textDocument/semanticTokens/full", { textDocument: { uri } });
    const tokens: { line: number; char: number; length: number; type: string }[] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i] as number;
      char = data[i] === 0 ? char + (data[i + 1] as number) : (data[i + 1] as number);
      tokens.push({ line, char, length: data[i + 2] as number, type: legend.tokenTypes[data[i + 3] as number] ?? "" });
    }
    const typeAt = (snippet: string) => {
      const { start } = rangeAt(policy, snippet);
      return tokens.find((t) => t.line === start.line && t.char === start.character)?.type;
    };
    expect(typeAt("def <|internal|>(")).toBe("function");
    expect(typeAt("addresses: <|internal|>(a")).toBe("function");
    expect(typeAt("def internal(<|address|>: string")).toBe("parameter");
    expect(typeAt("domain(<|address|>)")).toBe("parameter");
  });
});

describe("predicate signature help", () => {
  it("shows a predicate's signature and doc comment, the parameter being typed active", async () => {
    const doc = await session().open("file:///fixtures/predicate-signature.apol", `${policy}rule again { deny send_email when internal("a", <|>) }\n`);
    const help = await session().request<SignatureHelp | null>("textDocument/signatureHelp", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    expect(help?.signatures[0]?.label).toBe("internal(address: string, contacts: string[]) -> bool");
    expect(help?.signatures[0]?.documentation).toEqual({ kind: "markdown", value: "Internal, a known contact, or typed by the user." });
    expect(help?.activeParameter).toBe(1);
  });
});

describe("predicate completion", () => {
  let counter = 0;
  const complete = async (text: string): Promise<CompletionItem[]> => {
    const doc = await session().open(`file:///completion/predicates-${counter++}.apol`, text);
    return (await session().request<CompletionItem[] | null>("textDocument/completion", { textDocument: { uri: doc.uri }, position: doc.positions[0] })) ?? [];
  };
  const head = `policy p
/// Internal mail.
def internal(address: string, contacts: string[]) = address in contacts
tool send(to: string)
`;

  it("offers predicates with their signatures and a snippet where a condition is expected", async () => {
    const items = await complete(`${head}rule r {\n  allow send\n  when inte<|>\n}\n`);
    const item = items.find((i) => i.label === "internal");
    expect(item).toMatchObject({
      kind: CompletionItemKind.Function,
      detail: "internal(address: string, contacts: string[]) -> bool",
      insertTextFormat: InsertTextFormat.Snippet,
    });
    expect((item?.textEdit as { newText: string } | undefined)?.newText).toBe("internal(${1:address}, ${2:contacts})");
  });

  it("offers an enum parameter's symbols first at its argument", async () => {
    const items = await complete(
      `policy p\nenum Role { admin, teller }\ndef staff(role: Role) = role == admin\ntool send(to: string)\nrule r { allow send when staff(te<|>) }\n`,
    );
    expect(items.map((i) => i.label).sort()).toEqual(["admin", "teller"]);
  });

  it("offers a predicate's parameters and other predicates in its body, but not `args` or itself", async () => {
    const all = await complete(`${head}def other(mail: string) = ma<|>\nrule r { allow send when other(args.to) }\n`);
    const labels = all.map((i) => i.label);
    expect(labels).toEqual(expect.arrayContaining(["mail", "internal", "lower"]));
    expect(labels).not.toContain("args");
    // Calling itself would be recursion, which is refused.
    expect(labels).not.toContain("other");
  });
});
