import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeLens } from "vscode-languageserver";
import { startSession, type TestSession } from "./test-support/client.js";

let session: TestSession;
beforeAll(async () => {
  session = await startSession();
});
afterAll(() => session.close());

describe("code lenses", () => {
  it("labels each test with its name and expected effects, and runs nothing", async () => {
    const doc = await session.open(
      "file:///lens/a.apol",
      'policy p\ntool t()\nrule r { allow t }\ntest <|"allowed"|> {\n  call t()\n  expect allow\n  call t()\n  expect deny by r\n}\ntest <|"empty"|> {\n}\n',
    );
    const lenses = await session.request<CodeLens[]>("textDocument/codeLens", { textDocument: { uri: doc.uri } });
    expect(lenses).toEqual([
      { range: doc.ranges[0], command: { title: '▶ test "allowed": expects allow, deny', command: "" } },
      { range: doc.ranges[1], command: { title: '▶ test "empty": expects nothing', command: "" } },
    ]);
  });
});
