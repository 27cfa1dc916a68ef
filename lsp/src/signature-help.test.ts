import { describe, expect, it } from "vitest";
import type { SignatureHelp } from "vscode-languageserver";
import { serverFixture } from "./test-support/fixture.js";

const session = serverFixture();

let counter = 0;
async function help(text: string): Promise<SignatureHelp | null> {
  const doc = await session().open(`file:///signature/${counter++}.apol`, text);
  return session().request<SignatureHelp | null>("textDocument/signatureHelp", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
}
/** The label of the active parameter. */
function active(h: SignatureHelp | null): string | undefined {
  const signature = h?.signatures[h.activeSignature ?? 0];
  const parameter = signature?.parameters?.[h?.activeParameter ?? 0];
  const label = parameter?.label;
  return Array.isArray(label) ? signature?.label.slice(label[0], label[1]) : label;
}

const head = "policy p\ntool t(a: string, n: number)\n";

describe("signature help", () => {
  it("shows a built-in's signature and docs while its arguments are typed", async () => {
    const h = await help(`${head}rule r { allow t when lower(<|>`);
    expect(h?.signatures).toEqual([
      {
        label: "lower(s: string) -> string",
        documentation: { kind: "markdown", value: "The string in lower case (Unicode default case mapping)." },
        parameters: [{ label: [6, 15] }],
      },
    ]);
    expect(active(h)).toBe("s: string");
  });

  it("moves to the next parameter after a comma, not counting commas inside nested calls and lists", async () => {
    expect(active(await help(`${head}rule r { allow t when from(args.a, <|>) }`))).toBe("label");
    expect(active(await help(`${head}rule r { allow t when from(lower(args.a)<|>) }`))).toBe("value");
    expect(active(await help(`${head}rule r { allow t when from([args.a, "b"], <|>) }`))).toBe("label");
  });

  it("covers history functions and quantifiers, whose parts a `:` separates", async () => {
    const count = await help(`${head}rule r { allow t when count(t where it.args.n > 1, <|>) > 2 }`);
    expect(count?.signatures[0]?.label).toBe("count(TARGETS [where EXPR], WINDOW) -> int");
    expect(active(count)).toBe("WINDOW");
    expect(active(await help(`${head}rule r { allow t when count(<|>`))).toBe("TARGETS [where EXPR]");
    expect(active(await help(`${head}rule r { allow t when any(x in [args.a]: <|>) }`))).toBe("EXPR");
  });

  it("shows the innermost call around the cursor, and nothing outside calls", async () => {
    expect((await help(`${head}rule r { allow t when has(args.a) and len(lower(<|>)) > 1 }`))?.signatures[0]?.label).toBe("lower(s: string) -> string");
    expect(await help(`${head}rule r { allow t when len(lower(args.a)) > <|>1 }`)).toBeNull();
    expect(await help(`${head}rule r { allow t when (args.n + <|>1) > 2 }`)).toBeNull();
  });
});
