import { describe, expect, it } from "vitest";
import type { CodeLens } from "vscode-languageserver";
import { rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy, bankTests } from "./test-support/fixtures.js";

const session = serverFixture();

const lensesOf = (uri: string) => session().request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri } });

describe("code lenses", () => {
  it("runs all tests from the policy's name, and each test from its title, next to the effects it expects", async () => {
    const doc = await session().open(
      "file:///lens/a.apol",
      'policy <|p|>\ntool t()\nrule r { allow t }\ntest <|"allowed"|> {\n  <|call t()|>\n  expect allow\n  <|call t()|>\n  expect deny by r\n}\ntest <|"empty"|> {\n}\n',
    );
    const run = "apol.test.run";
    expect(await lensesOf(doc.uri)).toEqual([
      { range: doc.ranges[0], command: { title: "▶ run all tests", command: run, arguments: [doc.uri] } },
      { range: doc.ranges[1], command: { title: "▶ run test", command: run, arguments: [doc.uri, "allowed"] } },
      { range: doc.ranges[1], command: { title: "expects allow, deny", command: "" } },
      { range: doc.ranges[2], command: { title: "▶ evaluate", command: "apol.test.evaluate", arguments: [doc.uri, "allowed", doc.text.indexOf("call t()")] } },
      {
        range: doc.ranges[3],
        command: { title: "▶ evaluate", command: "apol.test.evaluate", arguments: [doc.uri, "allowed", doc.text.lastIndexOf("call t()")] },
      },
      { range: doc.ranges[4], command: { title: "▶ run test", command: run, arguments: [doc.uri, "empty"] } },
      { range: doc.ranges[4], command: { title: "expects nothing", command: "" } },
    ]);
  });

  it("evaluates a test's call from its lens: the decision and the rules that matched", async () => {
    const doc = await session().open(
      "file:///lens/evaluate.apol",
      'policy p\ntool t(n: int)\nrule small { allow t when args.n < 3 }\nrule big { deny t when args.n > 9 reason "too big" }\ntest "x" {\n  call t(n: 1)\n  expect allow\n  call t(n: 10)\n  expect deny\n}\n',
    );
    const evaluate = (call: string) =>
      session().request("workspace/executeCommand", { command: "apol.test.evaluate", arguments: [doc.uri, "x", doc.text.indexOf(call)] });
    await evaluate("call t(n: 10)");
    expect(session().messages.at(-1)).toEqual({ type: 3, message: "`t`: deny by big; matched: big" });
    await evaluate("call t(n: 1)");
    expect(session().messages.at(-1)).toEqual({ type: 3, message: "`t`: allow by small; matched: small" });
  });

  it("puts the lens running all tests on the first test when the policy has no header", async () => {
    const doc = await session().open("file:///lens/headless.apol", 'tool t()\nrule r { allow t }\ntest <|"x"|> {\n  call t()\n  expect allow\n}\n');
    expect((await lensesOf(doc.uri)).slice(0, 2).map((l) => [l.range, l.command?.title])).toEqual([
      [doc.ranges[0], "▶ run all tests"],
      [doc.ranges[0], "▶ run test"],
    ]);
  });

  it("shows none in a policy without tests", async () => {
    const doc = await session().open("file:///lens/none.apol", "policy p\ntool t()\nrule r { allow t }\n");
    expect(await lensesOf(doc.uri)).toEqual([]);
  });

  it("runs a test file's own tests, all of them from its first test's title", async () => {
    await session().open("file:///lens/tests/bank.apol", bankPolicy);
    const doc = await session().open("file:///lens/tests/bank.test.apol", bankTests);
    const run = "apol.test.run";
    const first = rangeAt(bankTests, '<|"a teller sends a small amount"|>');
    const second = rangeAt(bankTests, `<|"an admin's large transfer needs approval"|>`);
    expect((await lensesOf(doc.uri)).filter((l) => l.command?.command !== "apol.test.evaluate")).toEqual([
      { range: first, command: { title: "▶ run all tests", command: run, arguments: [doc.uri] } },
      { range: first, command: { title: "▶ run test", command: run, arguments: [doc.uri, "a teller sends a small amount"] } },
      { range: first, command: { title: "expects allow", command: "" } },
      { range: second, command: { title: "▶ run test", command: run, arguments: [doc.uri, "an admin's large transfer needs approval"] } },
      { range: second, command: { title: "expects review", command: "" } },
    ]);
  });
});
