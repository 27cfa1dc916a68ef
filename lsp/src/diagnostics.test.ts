import { describe, expect, it } from "vitest";
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from "vscode-languageserver";
import { docsUrl, maxDiagnostics } from "./diagnostics.js";
import { rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy } from "./test-support/fixtures.js";

const session = serverFixture();

const summary = (d: Diagnostic) => ({ code: d.code, range: d.range, severity: d.severity });
/** The codes of every publication for a document's version, oldest first. */
const codesPublished = (uri: string, version: number) =>
  session()
    .published.filter((p) => p.uri === uri && p.version === version)
    .map((p) => p.diagnostics.map((d) => d.code));

describe("diagnostics", () => {
  it("reports several problems per file, each on exactly the token it is about", async () => {
    const doc = await session().open(
      "file:///diag/several.apol",
      `policy p
tool send_money(amount: number)
rule r {
  allow <|send_mony|>
}
rule s {
  deny send_money
  when args.<|amout|> > 5 and <|args.amount == "x"|>
}
`,
    );
    const published = await session().diagnostics(doc.uri, 1);
    expect(published.diagnostics.map(summary)).toEqual([
      { code: "apol/unknown-tool", range: doc.ranges[0], severity: DiagnosticSeverity.Error },
      { code: "apol/unknown-argument", range: doc.ranges[1], severity: DiagnosticSeverity.Error },
      { code: "apol/type-mismatch", range: doc.ranges[2], severity: DiagnosticSeverity.Error },
    ]);
    const [unknownTool] = published.diagnostics;
    expect(unknownTool?.message).toBe("unknown tool `send_mony`\nhelp: did you mean `send_money`?");
    // Listed as `apol/unknown-tool`: a source would make VS Code show `apol(apol/unknown-tool)`.
    expect(unknownTool?.source).toBeUndefined();
    expect(unknownTool?.codeDescription).toEqual({ href: "https://apol.dev/docs/diagnostics#unknown-tool" });
    expect(unknownTool?.data).toEqual({ fix: { title: "replace with `send_money`", edits: [{ span: { start: 58, end: 67 }, newText: "send_money" }] } });
  });

  it("follows incremental edits that introduce and then fix a syntax error", async () => {
    const doc = await session().open("file:///diag/edits.apol", "policy p\ntool t(a: number)\nrule r { allow t when args.a > 1 }\n");
    expect((await session().diagnostics(doc.uri, 1)).diagnostics).toEqual([]);
    // Delete the `1`: `args.a >` then `}` is a syntax error at the `}`.
    await session().change(doc, { range: { start: { line: 2, character: 31 }, end: { line: 2, character: 32 } }, text: "" });
    const broken = await session().diagnostics(doc.uri, 2);
    expect(broken.diagnostics.map(summary)).toEqual([
      { code: "apol/syntax-error", range: { start: { line: 2, character: 32 }, end: { line: 2, character: 33 } }, severity: DiagnosticSeverity.Error },
    ]);
    await session().change(doc, { range: { start: { line: 2, character: 31 }, end: { line: 2, character: 31 } }, text: "10" });
    expect((await session().diagnostics(doc.uri, 3)).diagnostics).toEqual([]);
  });

  it("applies several incremental changes in one notification, in order", async () => {
    const doc = await session().open("file:///diag/batch.apol", "policy p\ntool t(a: number)\nrule r { allow t }\n");
    await session().diagnostics(doc.uri, 1);
    await session().change(
      doc,
      { range: { start: { line: 2, character: 15 }, end: { line: 2, character: 16 } }, text: "u" },
      { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } }, text: "u" },
    );
    expect((await session().diagnostics(doc.uri, 2)).diagnostics).toEqual([]);
  });

  it("links related spans, and marks unused declarations as unnecessary", async () => {
    const doc = await session().open("file:///diag/related.apol", "policy p\nconst <|a|> = 1\nconst <|a|> = 2\ntool t()\nrule r { allow t }\n");
    const published = await session().diagnostics(doc.uri, 1);
    const duplicate = published.diagnostics.find((d) => d.code === "apol/duplicate-declaration");
    expect(duplicate?.range).toEqual(doc.ranges[1]);
    expect(duplicate?.relatedInformation).toEqual([{ location: { uri: doc.uri, range: doc.ranges[0] }, message: "first declaration of `a`" }]);
    const unused = published.diagnostics.find((d) => d.code === "apol/unused-declaration");
    expect(unused).toMatchObject({ range: doc.ranges[0], severity: DiagnosticSeverity.Warning, tags: [DiagnosticTag.Unnecessary] });
  });

  it("reports lexing errors one character wide", async () => {
    const doc = await session().open("file:///diag/lex.apol", "policy p\ntool t(a: number)\nrule r { allow t when args.a > 1 <|&|> args.a < 5 }\n");
    const published = await session().diagnostics(doc.uri, 1);
    expect(published.diagnostics.map((d) => [d.code, d.range])).toContainEqual(["apol/unexpected-character", doc.ranges[0]]);
  });

  it("clears a closed document's diagnostics", async () => {
    const doc = await session().open("file:///diag/closed.apol", "policy p\nrule r { allow nope }\n");
    expect((await session().diagnostics(doc.uri, 1)).diagnostics.length).toBeGreaterThan(0);
    const before = session().published.length;
    await session().client.sendNotification("textDocument/didClose", { textDocument: { uri: doc.uri } });
    await expect
      .poll(() =>
        session()
          .published.slice(before)
          .find((p) => p.uri === doc.uri),
      )
      .toEqual({ uri: doc.uri, diagnostics: [] });
  });

  it("publishes lint findings as warnings with their related spans, right after the checker's diagnostics", async () => {
    const doc = await session().open("file:///diag/lints.apol", "policy p\ntool a()\nrule <|r|> { allow a }\nrule <|again|> { allow a }\n");
    const linted = await session().diagnostics(doc.uri, 1, (p) => p.diagnostics.length > 0);
    expect(linted.diagnostics).toEqual([
      {
        range: doc.ranges[1],
        severity: DiagnosticSeverity.Warning,
        code: "apol/duplicate-rule",
        codeDescription: { href: "https://apol.dev/docs/diagnostics#duplicate-rule" },
        message: "rule `again` repeats rule `r`, which always decides first\nhelp: remove `again`",
        relatedInformation: [{ location: { uri: doc.uri, range: doc.ranges[0] }, message: "the earlier rule" }],
        data: {},
      },
    ]);
    expect(codesPublished(doc.uri, 1)).toEqual([[], ["apol/duplicate-rule"]]);
  });

  it("keeps lint warnings steady across edits, and lints only a document without errors", async () => {
    const doc = await session().open("file:///diag/steady.apol", "policy p\ntool a()\nrule r { allow a }\nrule again { allow a }\n");
    await session().diagnostics(doc.uri, 1, (p) => p.diagnostics.length > 0);
    // A comment keeps the finding: it is published once, with the lints, rather than cleared and published again.
    await session().change(doc, { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: "// tools\n" });
    await session().diagnostics(doc.uri, 2, (p) => p.diagnostics.length > 0);
    // An error stops the lints.
    await session().change(doc, { range: { start: { line: 4, character: 19 }, end: { line: 4, character: 20 } }, text: "b" });
    await session().diagnostics(doc.uri, 3);
    await session().change(doc, { range: { start: { line: 4, character: 19 }, end: { line: 4, character: 20 } }, text: "a" });
    await session().diagnostics(doc.uri, 4, (p) => p.diagnostics.length > 0);
    expect([2, 3, 4].map((version) => codesPublished(doc.uri, version))).toEqual([
      [["apol/duplicate-rule"]],
      [["apol/unknown-tool"]],
      [[], ["apol/duplicate-rule"]],
    ]);
  });

  it("shows a test file its own diagnostics at their exact ranges, none of its policy's, and relates them to the policy", async () => {
    const policy = await session().open(
      "file:///diag/tests/bank.apol",
      bankPolicy.replace("tool send_email(to: string[], amount: int)", "tool send_email(to: strin[], amount: int)"),
    );
    const tests = await session().open(
      "file:///diag/tests/bank.test.apol",
      `test <|"tellers send small amounts"|> {
  user { id: "u1", role: teller, teams: [] }
  call <|send_mony|>(recipient: "x", amount: 5)
  expect allow
}
`,
    );
    expect((await session().diagnostics(policy.uri, 1)).diagnostics.map((d) => d.code)).toEqual(["apol/unknown-type"]);
    const published = await session().diagnostics(tests.uri, 1);
    expect(published.diagnostics.map(summary)).toEqual([
      { code: "apol/duplicate-test", range: tests.ranges[0], severity: DiagnosticSeverity.Error },
      { code: "apol/unknown-tool", range: tests.ranges[1], severity: DiagnosticSeverity.Error },
    ]);
    expect(published.diagnostics[0]?.relatedInformation).toEqual([
      { location: { uri: policy.uri, range: rangeAt(bankPolicy, '<|"tellers send small amounts"|>') }, message: "first test with this title" },
    ]);
  });

  it("checks a test file again when its policy changes", async () => {
    const policy = await session().open("file:///diag/again/p.apol", "policy p\ntool t()\nrule r { allow t }\n");
    const tests = await session().open("file:///diag/again/p.test.apol", 'test "x" {\n  call <|t|>()\n  expect allow\n}\n');
    expect((await session().diagnostics(tests.uri, 1)).diagnostics).toEqual([]);
    await session().change(policy, { range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } }, text: "u" });
    const after = await session().diagnostics(tests.uri, 1, (p) => p.diagnostics.length > 0);
    expect(after.diagnostics.map((d) => [d.code, d.range, d.message])).toEqual([
      ["apol/unknown-tool", tests.ranges[0], "unknown tool `t`\nhelp: did you mean `u`?"],
    ]);
  });

  it("says once, at its start, that a test file has no policy beside it", async () => {
    const tests = await session().open("file:///diag/lonely/none.test.apol", 'test "x" {\n  call t()\n  expect allow\n}\n');
    expect((await session().diagnostics(tests.uri, 1)).diagnostics).toEqual([
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: DiagnosticSeverity.Error,
        code: "apol/missing-policy",
        codeDescription: { href: "https://apol.dev/docs/diagnostics#missing-policy" },
        message:
          "no policy `none.apol` beside this test file\nhelp: the tests in `NAME.test.apol` run against `NAME.apol`: create `none.apol`, or rename this file if it is a policy of its own",
        data: {},
      },
    ]);
  });

  it("shows at most `maxDiagnostics` problems of a file of junk, and says how many more there are", async () => {
    const doc = await session().open("file:///diag/junk.apol", "policy p\n" + "§ ".repeat(2000));
    const published = await session().diagnostics(doc.uri, 1);
    expect(published.diagnostics).toHaveLength(maxDiagnostics + 1);
    expect(published.diagnostics.at(-1)).toMatchObject({
      severity: DiagnosticSeverity.Information,
      message: "1,500 more problems are not shown; fix the ones above first",
    });
  });

  it("shows unused declarations as hints until the policy has a rule, then as warnings", async () => {
    const doc = await session().open("file:///diag/unused.apol", "policy p\nconst x = 1\ntool deploy(env: string)\n");
    expect((await session().diagnostics(doc.uri, 1)).diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["apol/unused-declaration", DiagnosticSeverity.Hint],
      ["apol/unused-declaration", DiagnosticSeverity.Hint],
    ]);
    await session().change(doc, { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: "rule r { deny deploy }\n" });
    expect((await session().diagnostics(doc.uri, 2)).diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ["apol/unused-declaration", DiagnosticSeverity.Warning],
    ]);
  });

  it("derives each docs link from the code", () => {
    expect(docsUrl("apol/unknown-argument")).toBe("https://apol.dev/docs/diagnostics#unknown-argument");
  });
});
