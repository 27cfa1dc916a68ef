import { beforeAll, describe, expect, it } from "vitest";
import { DiagnosticSeverity, ErrorCodes, MessageType, type Diagnostic } from "vscode-languageserver";
import type { OpenDocument } from "./test-support/client.js";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();
let doc: OpenDocument;
beforeAll(async () => {
  doc = await session().open(
    "file:///runs/shop.apol",
    `policy shop
tool buy(item: string, price: number)
rule cheap { allow buy when args.price <= 10 }
rule no_guns { deny buy when args.item == "gun" }
test <|"cheap"|> {
  call buy(item: "pen", price: 2)
  expect allow by cheap
}
test <|"dear"|> {
  call buy(item: "car", price: 2000)
  <|expect allow|>
  call buy(item: "gun", price: 1)
  <|expect allow by cheap|>
}
`,
  );
});

/** Runs the test command and returns its answer and the message it showed. */
async function run(uri: string, ...title: string[]): Promise<{ answer: unknown; message: unknown }> {
  const before = session().messages.length;
  const answer = await session().request("workspace/executeCommand", { command: "apol.test.run", arguments: [uri, ...title] });
  expect(session().messages.length).toBe(before + 1);
  return { answer, message: session().messages[before] };
}

/** The test diagnostics published for the document's current version. */
async function testDiagnostics(): Promise<Diagnostic[]> {
  return (await session().diagnostics(doc.uri, doc.version)).diagnostics.filter((d) => d.source === "apol test");
}

const passed = (range: unknown, title: string) => ({ range, severity: DiagnosticSeverity.Information, source: "apol test", message: `test "${title}" passed` });
const dearFailures = () => [
  {
    range: doc.ranges[2],
    severity: DiagnosticSeverity.Error,
    source: "apol test",
    message: 'test "dear" failed: expected `allow`, got `deny by $default`: no rule allows `buy`\nmatched: no rule',
  },
  {
    range: doc.ranges[3],
    severity: DiagnosticSeverity.Error,
    source: "apol test",
    message: 'test "dear" failed: expected `allow by cheap`, got `deny by no_guns`: denied by rule `no_guns`\nmatched: cheap, no_guns',
  },
];

describe("running tests from the editor", () => {
  it("runs one passing test: an information on its title and a message", async () => {
    expect(await run(doc.uri, "cheap")).toEqual({
      answer: { tests: [{ title: "cheap", passed: true }], lines: ["pass  cheap", "1 test passed"] },
      message: { type: MessageType.Info, message: 'test "cheap" passed' },
    });
    expect(await testDiagnostics()).toEqual([passed(doc.ranges[0], "cheap")]);
  });

  it("runs one failing test: an error on each failed `expect` with what was expected and what happened, next to the earlier outcome", async () => {
    expect(await run(doc.uri, "dear")).toEqual({
      answer: { tests: [{ title: "dear", passed: false }], lines: ["FAIL  dear", "1 of 1 test failed"] },
      message: { type: MessageType.Error, message: 'test "dear" failed: expected `allow`, got `deny by $default`' },
    });
    expect(await testDiagnostics()).toEqual([passed(doc.ranges[0], "cheap"), ...dearFailures()]);
  });

  it("runs all tests, names the failed ones, and forgets the outcomes once the text changes", async () => {
    expect(await run(doc.uri)).toEqual({
      answer: {
        tests: [
          { title: "cheap", passed: true },
          { title: "dear", passed: false },
        ],
        lines: ["pass  cheap", "FAIL  dear", "1 of 2 tests failed"],
      },
      message: { type: MessageType.Error, message: '1 of 2 tests of `shop.apol` failed: "dear"' },
    });
    expect(await testDiagnostics()).toEqual([passed(doc.ranges[0], "cheap"), ...dearFailures()]);
    await session().change(doc, { range: { start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }, text: " // edited" });
    expect(await testDiagnostics()).toEqual([]);
  });

  it("says all passed in a document whose tests all pass", async () => {
    const green = await session().open("file:///runs/green.apol", 'policy g\ntool t()\nrule r { allow t }\ntest "a" {\n  call t()\n  expect allow\n}\n');
    expect(await run(green.uri)).toEqual({
      answer: { tests: [{ title: "a", passed: true }], lines: ["pass  a", "1 test passed"] },
      message: { type: MessageType.Info, message: "1 test of `green.apol` passed" },
    });
  });

  it("runs nothing in a document with errors, for an unknown test or document, and says why", async () => {
    const broken = await session().open(
      "file:///runs/broken.apol",
      'policy b\ntool t()\nrule r { allow t }\ntest "a" {\n  call t()\n  expect allow by nope\n}\n',
    );
    expect(await run(broken.uri)).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: "cannot run the tests of `broken.apol`: fix its errors first" },
    });
    expect(await run(doc.uri, "nope")).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: 'cannot run the tests of `shop.apol`: it has no test "nope"' },
    });
    const untested = await session().open("file:///runs/untested.apol", "policy u\ntool t()\nrule r { allow t }\n");
    expect(await run(untested.uri)).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: "cannot run the tests of `untested.apol`: it has none" },
    });
    expect(await run("file:///runs/unknown.apol")).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: "cannot run the tests of `unknown.apol`: the server has not read it" },
    });
  });

  it("rejects arguments that name no document", async () => {
    await expect(session().request("workspace/executeCommand", { command: "apol.test.run", arguments: [42] })).rejects.toMatchObject({
      code: ErrorCodes.InvalidParams,
      message: "expected `apol.test.run` with the arguments [uri] or [uri, title]",
    });
    expect(session().logs).toEqual([]);
  });

  it("runs a test file's tests against its policy, with the outcomes on the test file's lines", async () => {
    await session().open(
      "file:///runs/files/shop.apol",
      "policy shop\ntool buy(item: string, price: number)\nrule cheap { allow buy when args.price <= 10 }\n",
    );
    const tests = await session().open(
      "file:///runs/files/shop.test.apol",
      '// Tests of shop.apol.\ntest <|"cheap"|> {\n  call buy(item: "pen", price: 2)\n  expect allow by cheap\n}\ntest "dear" {\n  call buy(item: "car", price: 2000)\n  <|expect allow|>\n}\n',
    );
    expect(await run(tests.uri)).toEqual({
      answer: {
        tests: [
          { title: "cheap", passed: true },
          { title: "dear", passed: false },
        ],
        lines: ["pass  cheap", "FAIL  dear", "1 of 2 tests failed"],
      },
      message: { type: MessageType.Error, message: '1 of 2 tests of `shop.test.apol` failed: "dear"' },
    });
    const published = (await session().diagnostics(tests.uri, 1, (p) => p.diagnostics.length > 0)).diagnostics;
    expect(published.map((d) => [d.severity, d.range])).toEqual([
      [DiagnosticSeverity.Information, tests.ranges[0]],
      [DiagnosticSeverity.Error, tests.ranges[1]],
    ]);
    expect(await run(tests.uri, "cheap")).toEqual({
      answer: { tests: [{ title: "cheap", passed: true }], lines: ["pass  cheap", "1 test passed"] },
      message: { type: MessageType.Info, message: 'test "cheap" passed' },
    });
  });

  it("runs nothing in a test file whose policy has errors or is missing, and says why", async () => {
    await session().open("file:///runs/files/broken.apol", "policy broken\ntool t()\nrule r { allow nope }\n");
    const tests = 'test "a" {\n  call t()\n  expect deny\n}\n';
    const broken = await session().open("file:///runs/files/broken.test.apol", tests);
    expect(await run(broken.uri)).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: "cannot run the tests of `broken.test.apol`: fix the errors of `broken.apol` first" },
    });
    const lonely = await session().open("file:///runs/files/lonely.test.apol", tests);
    expect(await run(lonely.uri)).toEqual({
      answer: null,
      message: { type: MessageType.Error, message: "cannot run the tests of `lonely.test.apol`: there is no policy `lonely.apol` beside it" },
    });
  });

  it("runs a test whose pattern backtracks exponentially in RegExp without freezing the server: `matches` is linear", async () => {
    const hostile = await session().open(
      "file:///runs/regex.apol",
      `policy regex
tool run(command: string)
rule nested { allow run when args.command matches "^(a+){30}$" }
test <|"hostile"|> {
  call run(command: "${"a".repeat(31)}!")
  expect deny
}
`,
    );
    expect((await run(hostile.uri)).answer).toEqual({ tests: [{ title: "hostile", passed: true }], lines: ["pass  hostile", "1 test passed"] });
  });

  it("shows a failed `expect output` on its line with both outputs and the paths redacted", async () => {
    const hr = await session().open(
      "file:///runs/hr.apol",
      `policy hr
tool get(id: string)
rule ok { allow get }
rule hide { redact get output.salary }
test "pay" {
  call get(id: "1") returns { salary: 5 }
  expect allow
  <|expect output { salary: 5 }|>
}
`,
    );
    await session().request("workspace/executeCommand", { command: "apol.test.run", arguments: [hr.uri] });
    const diagnostics = (await session().diagnostics(hr.uri, hr.version)).diagnostics.filter((d) => d.source === "apol test");
    expect(diagnostics).toEqual([
      {
        range: hr.ranges[0],
        severity: DiagnosticSeverity.Error,
        source: "apol test",
        message: 'test "pay" failed: expected `output {"salary":5}`, got `output {"salary":"[redacted]"}` (redacted output.salary)\nmatched: ok',
      },
    ]);
  });
});
