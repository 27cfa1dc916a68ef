// `apol: Run tests in file` prints `apol check` results and the file's tests, never a made-up test result.
import { describe, expect, it } from "vitest";
import { checkReport } from "./check-report.js";

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
  it("reports what `apol check` reports, then lists the tests it checked without claiming a result", () => {
    expect(checkReport("policies/mail.apol", policy)).toEqual([
      "apol check policies/mail.apol",
      "policies/mail.apol:3:6: warning: no rule targets tool `send_email`, so every call to it is denied [apol/unused-declaration]",
      "  help: add a rule such as `rule send_email { allow send_email }`, or remove the tool",
      "policies/mail.apol:6:9: error: unknown tool `send_emial` [apol/unknown-tool]",
      "  help: did you mean `send_email`?",
      "1 error, 1 warning",
      "2 test blocks type-checked, not run:",
      '  line 9: "mail goes out"',
      '  line 14: "bounces"',
      "Running `test` blocks arrives with `apol test`; until then this command only checks them.",
    ]);
  });

  it("says so when a clean file has no tests", () => {
    expect(checkReport("ok.apol", "policy ok\ntool t()\nrule r { allow t }\n")).toEqual([
      "apol check ok.apol",
      "no errors",
      "the file has no `test` blocks",
      "Running `test` blocks arrives with `apol test`; until then this command only checks them.",
    ]);
  });
});
