import { describe, expect, it } from "vitest";
import { InsertTextFormat, type CompletionItem } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

let counter = 0;
/** The completion items at the document's `<|>`. */
async function complete(text: string): Promise<CompletionItem[]> {
  const doc = await session().open(`file:///contexts/${counter++}.apol`, text);
  const result = await session().request<CompletionItem[] | null>("textDocument/completion", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
  return result ?? [];
}
const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label).sort();

const ops = `policy ops
enum Env { dev, prod }
tool deploy(service: string, env: Env, note?: string, tags?: string[]) tags release
tool fetch_url(url: string) tags web
const oncall = ["alice", "bob"]
const envs = [dev, prod]
const limit = 5
const owner = "carol"
rule small {
  allow deploy
  when args.env == dev
}
rule prod_review {
  review deploy
  when args.env == prod
  approvals 1 of oncall
}
rule no_fetch {
  deny fetch_url
  reason "no"
}
`;

describe("completion by context", () => {
  it("offers durations after `expires`", async () => {
    expect(labels(await complete(`${ops}rule r {\n  review deploy\n  approvals 1 of oncall\n  expires <|>\n}`))).toEqual(["1h", "24h", "30m", "7d"]);
  });

  it("offers `*` among the targets of an effect", async () => {
    expect(labels(await complete(`${ops}rule r {\n  deny <|>\n}`))).toContain("*");
  });

  it("offers only list consts after `in`, and only lists of strings after `approvals N of`", async () => {
    expect(labels(await complete(`${ops}rule r {\n  allow deploy\n  when args.service in <|>\n}`))).toEqual(["oncall"]);
    expect(labels(await complete(`${ops}rule r {\n  review deploy\n  approvals 1 of <|>\n}`))).toEqual(["oncall"]);
  });

  it("offers only optional arguments in `has(args.`", async () => {
    expect(labels(await complete(`${ops}rule r {\n  allow deploy\n  when has(args.<|>)\n}`))).toEqual(["note", "tags"]);
  });

  it("offers only allow rules after `expect allow by`, and only deny rules after `expect deny by`", async () => {
    expect(labels(await complete(`${ops}test "t" {\n  call deploy(service: "a", env: dev)\n  expect allow by <|>\n}`))).toEqual(["small"]);
    expect(labels(await complete(`${ops}test "t" {\n  call deploy(service: "a", env: dev)\n  expect deny by <|>\n}`))).toEqual(["no_fetch"]);
  });

  it("offers no second effect in a rule that has one", async () => {
    const items = labels(await complete(`${ops}rule r {\n  allow deploy\n  <|>\n}`));
    expect(items).toEqual(expect.arrayContaining(["when", "unless", "reason"]));
    expect(items).not.toContain("deny");
    expect(items).not.toContain("allow");
  });

  it("offers declarations, with snippets, at the top level, and no expression there", async () => {
    const items = await complete(`${ops}<|>`);
    expect(labels(items)).not.toContain("policy");
    expect(labels(items)).not.toContain("not");
    const rule = items.find((i) => i.label === "rule allow");
    expect(rule).toMatchObject({ insertTextFormat: InsertTextFormat.Snippet });
  });

  it("offers no declaration snippet inside an expression or after `by`", async () => {
    for (const text of [
      `${ops}rule r {\n  allow deploy\n  when args.env == <|>\n}`,
      `${ops}test "t" {\n  call deploy(service: "a", env: dev)\n  expect allow by <|>\n}`,
    ]) {
      expect((await complete(text)).filter((i) => i.insertTextFormat === InsertTextFormat.Snippet && /^(rule|tool|test|policy)\b/.test(i.label))).toEqual([]);
    }
  });
});
