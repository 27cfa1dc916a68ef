import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tokenTypes } from "./semantic-tokens.js";

/** The token types VS Code knows without a declaration (its standard legend). */
const standard = new Set(["namespace", "class", "enum", "interface", "struct", "typeParameter", "type", "parameter", "variable", "property", "enumMember", "decorator", "event", "function", "method", "macro", "label", "comment", "string", "keyword", "number", "regexp", "operator"]);

const manifest = JSON.parse(readFileSync(new URL("../../vscode-extension/package.json", import.meta.url), "utf8")) as {
  contributes: { semanticTokenTypes: { id: string; superType: string }[]; configurationDefaults: Record<string, Record<string, unknown>> };
};

describe("the VS Code extension's manifest", () => {
  it("declares every token type of the server's legend that VS Code does not know, each with a standard super type", () => {
    const declared = manifest.contributes.semanticTokenTypes;
    expect(declared.map((t) => t.id).sort()).toEqual(tokenTypes.filter((t) => !standard.has(t)).sort());
    for (const t of declared) expect(standard.has(t.superType)).toBe(true);
  });

  it("indents apol files by two spaces, as `apol fmt` does", () => {
    expect(manifest.contributes.configurationDefaults["[apol]"]).toMatchObject({ "editor.tabSize": 2, "editor.insertSpaces": true });
  });
});
