// The language configuration's patterns do what the editor needs (the snippets are the language server's: lsp/src/completion/snippets.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, import.meta.url)), "utf8")) as T;
}

interface LanguageConfiguration {
  readonly wordPattern: string;
  readonly indentationRules: { readonly increaseIndentPattern: string; readonly decreaseIndentPattern: string };
  readonly onEnterRules: readonly { readonly beforeText: string; readonly action: { readonly indent: string; readonly appendText?: string } }[];
  readonly autoClosingPairs: readonly { readonly open: string; readonly close: string; readonly notIn?: readonly string[] }[];
}

const configuration = readJson<LanguageConfiguration>("./language-configuration.json");

describe("language-configuration.json", () => {
  it("takes durations, numbers and names as whole words", () => {
    const words = (text: string): string[] => text.match(new RegExp(configuration.wordPattern, "g")) ?? [];
    expect(words("count(send_email, 500ms)+1 > 2.5E-3 and x1h")).toEqual(["count", "send_email", "500ms", "1", "2.5E-3", "and", "x1h"]);
  });

  it("indents after an opening bracket and outdents at a closing one", () => {
    const increase = new RegExp(configuration.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(configuration.indentationRules.decreaseIndentPattern);
    expect(["rule r {", "tool t(", "  when x in [", 'test "a" {'].map((l) => increase.test(l))).toEqual([true, true, true, true]);
    expect(["rule r { allow t }", "// a comment {", "  allow t"].map((l) => increase.test(l))).toEqual([false, false, false]);
    expect(["}", "  )", "]", "  allow t"].map((l) => decrease.test(l))).toEqual([true, true, true, false]);
  });

  it("continues doc comments and indents continued conditions", () => {
    const actions = (line: string): string[] =>
      configuration.onEnterRules.filter((r) => new RegExp(r.beforeText).test(line)).map((r) => `${r.action.indent}${r.action.appendText ?? ""}`);
    expect(actions("/// Roles of the people")).toEqual(["none/// "]);
    expect(actions("  when user.role == admin and")).toEqual(["indent"]);
    expect(actions("tool send(to: string)")).toEqual(["indent"]);
    expect(actions("  when user.role == admin")).toEqual([]);
  });

  it("closes brackets and quotes outside strings and comments only", () => {
    expect(configuration.autoClosingPairs.map((p) => `${p.open}${p.close}:${(p.notIn ?? []).join(",")}`)).toEqual([
      "{}:string,comment",
      "[]:string,comment",
      "():string,comment",
      '"":string,comment',
      "/* */:string,comment",
    ]);
  });
});
