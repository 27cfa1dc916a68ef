import { describe, expect, it } from "vitest";
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

describe("folding ranges", () => {
  it("folds multi-line declarations, test histories and lists, and runs of comments", async () => {
    const text = `policy p
// one
// two
tool t(
  a: string
)
/* a
   block */
const many = [
  "a",
  "b"
]
rule r {
  allow t
}
test "x" {
  history {
    call t(a: "1")
  }
  call t(a: "2")
  expect allow
}
rule one { allow t }
`;
    const doc = await session().open("file:///folding/a.apol", text);
    const ranges = await session().request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: doc.uri } });
    expect(ranges).toEqual([
      { startLine: 1, endLine: 2, kind: FoldingRangeKind.Comment },
      { startLine: 3, endLine: 4 },
      { startLine: 6, endLine: 7, kind: FoldingRangeKind.Comment },
      { startLine: 8, endLine: 10 },
      { startLine: 12, endLine: 13 },
      { startLine: 15, endLine: 20 },
      { startLine: 16, endLine: 17 },
    ]);
  });

  it("folds a run of `///` doc comments apart from the `//` comments next to it, and a multi-line tool below it", async () => {
    const text =
      "policy p\n// about the tools\n// below\n/// Sends money.\n/// Needs a review.\ntool send(\n  to: string,\n  amount: number\n)\n/// One line.\ntool t()\n";
    const doc = await session().open("file:///folding/doc.apol", text);
    expect(await session().request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: doc.uri } })).toEqual([
      { startLine: 1, endLine: 2, kind: FoldingRangeKind.Comment },
      { startLine: 3, endLine: 4, kind: FoldingRangeKind.Comment },
      { startLine: 5, endLine: 7 },
    ]);
  });

  it("folds a test file's own regions, not its policy's", async () => {
    await session().open("file:///folding/tests/p.apol", "policy p\ntool t(\n  a: string\n)\n// one\n// two\n");
    const doc = await session().open("file:///folding/tests/p.test.apol", '// three\ntest "x" {\n  call t(a: "1")\n  expect allow\n}\n');
    expect(await session().request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: doc.uri } })).toEqual([{ startLine: 1, endLine: 3 }]);
  });
});
