import { describe, expect, it } from "vitest";
import { InlayHintKind, type InlayHint } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

describe("inlay hints", () => {
  it("shows the inferred type after each const name in the range", async () => {
    const doc = await session().open(
      "file:///hints/a.apol",
      'policy p\nenum Role { admin, teller }\nconst limit<|> = 500\nconst ratio<|> = 0.5\nconst roles<|> = [admin, teller]\nconst names<|> = ["a"]\nconst broken = nope\n',
    );
    const hints = await session().request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } },
    });
    expect(hints).toEqual([
      { position: doc.positions[0], label: ": int", kind: InlayHintKind.Type, paddingLeft: false },
      { position: doc.positions[1], label: ": number", kind: InlayHintKind.Type, paddingLeft: false },
      { position: doc.positions[2], label: ": Role[]", kind: InlayHintKind.Type, paddingLeft: false },
      { position: doc.positions[3], label: ": string[]", kind: InlayHintKind.Type, paddingLeft: false },
    ]);
    const partial = await session().request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 20 } },
    });
    expect(partial.map((h) => h.label)).toEqual([": number"]);
  });

  it("shows the tools a `tagged` or `tier` target covers, in rules and history functions, a few by name and all in the tooltip", async () => {
    const doc = await session().open(
      "file:///hints/targets.apol",
      `policy p
tool a() tags x tier 2
tool b() tags x
tool "c.d"() tier 3
tool e() tier 3
tool f() tier 3
tool g() tier 3
rule r { deny tagged x<|> }
rule s { deny tier >= 2<|> when count(tagged nope<|>, 1h) > 2 }
rule t { allow a, * }
`,
    );
    const hints = await session().request<InlayHint[]>("textDocument/inlayHint", {
      textDocument: { uri: doc.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    });
    expect(hints).toEqual([
      { position: doc.positions[0], label: "a, b", paddingLeft: true },
      { position: doc.positions[1], label: 'a, "c.d", e +2', paddingLeft: true, tooltip: 'covers a, "c.d", e, f, g' },
      { position: doc.positions[2], label: "no tool", paddingLeft: true },
    ]);
  });
});
