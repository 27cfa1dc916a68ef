// `apol: Run tests in file` prints `apol check` results, then runs the tests only when the file has no errors.
import { describe, expect, it } from "vitest";
import { checkReport, testLines } from "./check-report.js";

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

describe("checkReport", () => {
  it("reports what `apol check` reports, and holds the tests back while the file has errors", () => {
    // A tool no rule targets adds a warning beside the misspelt target's error.
    const withUnused = policy.replace("tool send_email(to: string)\n", "tool send_email(to: string)\ntool unsubscribe(to: string)\n");
    expect(checkReport("policies/mail.apol", withUnused)).toEqual({
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
    expect(checkReport("mail.apol", policy.replace("send_emial", "send_email"))).toEqual({ lines: ["apol check mail.apol", "no errors", "apol test mail.apol"], runnable: true });
  });

  it("says so when a clean file has no tests", () => {
    expect(checkReport("ok.apol", "policy ok\ntool t()\nrule r { allow t }\n")).toEqual({ lines: ["apol check ok.apol", "no errors", "the file has no `test` blocks"], runnable: false });
  });
});

describe("testLines", () => {
  it("lists each test's outcome and counts the failures", () => {
    expect(testLines([{ title: "a", passed: true }, { title: "b", passed: false }])).toEqual(["pass  a", "FAIL  b", "1 of 2 tests failed"]);
    expect(testLines([{ title: "a", passed: true }])).toEqual(["pass  a", "1 test passed"]);
  });
});
