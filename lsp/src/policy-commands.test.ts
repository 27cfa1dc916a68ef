// The editor's `Run tests in file` report and `Compile current policy` module, answered by the server from the document's current text.
import { describe, expect, it } from "vitest";
import { ErrorCodes } from "vscode-languageserver";
import { analyze } from "./analysis.js";
import { checkReport, compileModule, testLines } from "./policy-commands.js";
import { serverFixture } from "./test-support/fixture.js";

const policy = `policy mail

tool send_email(to: string)

rule mail {
  allow send_emial
}

test "mail goes out" {
  call send_email(to: "a@b.c")
  expect allow
}

test "bounces" {
  call send_email(to: "x")
  expect deny
}
`;

const report = (file: string, text: string) => checkReport(analyze(`file:///w/${file}`, 1, text), file);

describe("checkReport", () => {
  it("reports what `apol check` reports, and holds the tests back while the file has errors", () => {
    // A tool no rule targets adds a warning beside the misspelt target's error.
    const withUnused = policy.replace("tool send_email(to: string)\n", "tool send_email(to: string)\ntool unsubscribe(to: string)\n");
    expect(report("policies/mail.apol", withUnused)).toEqual({
      lines: [
        "apol check policies/mail.apol",
        "policies/mail.apol:4:6: warning: no rule targets tool `unsubscribe`, so every call to it is denied [apol/unused-declaration]",
        "  help: add a rule such as `rule unsubscribe { allow unsubscribe }`, or remove the tool",
        "policies/mail.apol:7:9: error: unknown tool `send_emial` [apol/unknown-tool]",
        "  help: did you mean `send_email`?",
        "1 error, 1 warning",
        "its 2 tests run once the errors are fixed",
      ],
      runnable: false,
    });
  });

  it("lets a clean file's tests run", () => {
    expect(report("mail.apol", policy.replace("send_emial", "send_email"))).toEqual({
      lines: ["apol check mail.apol", "no errors", "apol test mail.apol"],
      runnable: true,
    });
  });

  it("says so when a clean file has no tests", () => {
    expect(report("ok.apol", "policy ok\ntool t()\nrule r { allow t }\n")).toEqual({
      lines: ["apol check ok.apol", "no errors", "the file has no `test` blocks"],
      runnable: false,
    });
  });

  it("checks a test file after its policy, as `apol test` does, and names the policy when it has errors", () => {
    const tests = 'test "t" {\n  call t()\n  expect allow\n}\n';
    const of = (policyText: string) => checkReport(analyze("file:///w/ok.test.apol", 1, tests, { uri: "file:///w/ok.apol", text: policyText }), "ok.test.apol");
    expect(of("policy ok\ntool t()\nrule r { allow t }\n")).toEqual({
      lines: ["apol check ok.test.apol", "no errors", "apol test ok.test.apol"],
      runnable: true,
    });
    expect(of("policy ok\ntool t()\nrule r { allow u }\n")).toEqual({
      lines: ["apol check ok.test.apol", "no errors", "its policy `ok.apol` has errors", "its test runs once the errors are fixed"],
      runnable: false,
    });
  });
});

describe("compileModule", () => {
  it("compiles the analyzed text, or counts the errors that keep it from compiling", () => {
    const clean = compileModule(analyze("file:///w/mail.apol", 1, policy.replace("send_emial", "send_email")));
    expect(clean).toMatchObject({ js: expect.stringContaining("send_email"), dts: expect.stringContaining("send_email") });
    expect(compileModule(analyze("file:///w/mail.apol", 1, policy))).toEqual({ errors: 1 });
    expect(compileModule(analyze("file:///w/mail.test.apol", 1, "", { uri: "file:///w/mail.apol", text: "policy m\n" }))).toEqual({
      problem: "a test file has no module of its own: compile its policy",
    });
  });
});

describe("testLines", () => {
  it("lists each test's outcome and counts the failures", () => {
    expect(
      testLines([
        { title: "a", passed: true },
        { title: "b", passed: false },
      ]),
    ).toEqual(["pass  a", "FAIL  b", "1 of 2 tests failed"]);
    expect(testLines([{ title: "a", passed: true }])).toEqual(["pass  a", "1 test passed"]);
  });
});

describe("the commands over the protocol", () => {
  const session = serverFixture();

  it("answers from the editor's current text, saved or not", async () => {
    const doc = await session().open("file:///w/cmd.apol", policy);
    const run = (command: string, args: unknown[]) => session().request("workspace/executeCommand", { command, arguments: args });
    expect(await run("apol.compile.module", [doc.uri])).toEqual({ errors: 1 });
    await session().change(doc, { text: policy.replace("send_emial", "send_email") });
    expect(await run("apol.check.report", [doc.uri, "cmd.apol"])).toEqual({
      lines: ["apol check cmd.apol", "no errors", "apol test cmd.apol"],
      runnable: true,
    });
    expect(await run("apol.compile.module", [doc.uri])).toMatchObject({ js: expect.any(String), dts: expect.any(String) });
    expect(await run("apol.compile.module", ["file:///w/unknown.apol"])).toBeNull();
    await expect(run("apol.check.report", [doc.uri])).rejects.toMatchObject({ code: ErrorCodes.InvalidParams });
  });
});
