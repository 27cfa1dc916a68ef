import { describe, expect, it } from "vitest";
import type { Range, SelectionRange } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

function chain(selection: SelectionRange | undefined): Range[] {
  const out: Range[] = [];
  for (let s = selection; s; s = s.parent) out.push(s.range);
  return out;
}

describe("selection ranges", () => {
  it("grows from the name under the cursor through each enclosing expression to the file", async () => {
    const doc = await session().open(
      "file:///selection/a.apol",
      "policy p\ntool t(n: number)\n<|rule r {\n  allow t\n  <|when <|<|<|args.<|amo<|>unt|>|> > 1|> and true|>|>\n}|>\n",
    );
    const ranges = await session().request<SelectionRange[]>("textDocument/selectionRange", { textDocument: { uri: doc.uri }, positions: [doc.positions[0]] });
    const [rule, when, and, comparison, path, name] = doc.ranges;
    const file = { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } };
    expect(chain(ranges[0])).toEqual([name, path, comparison, and, when, rule, file]);
  });

  it("grows in a test file out to the test file, not into its policy", async () => {
    await session().open("file:///selection/tests/p.apol", "policy p\ntool t(n: number)\nrule r { allow t }\n");
    const doc = await session().open("file:///selection/tests/p.test.apol", '<|test "x" {\n  <|call <|t|>(n: 1)|>\n  expect allow\n}|>\n');
    const ranges = await session().request<SelectionRange[]>("textDocument/selectionRange", {
      textDocument: { uri: doc.uri },
      positions: [doc.ranges[2]?.start],
    });
    const [test, call, name] = doc.ranges;
    const file = { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } };
    expect(chain(ranges[0])).toEqual([name, call, test, file]);
  });
});
