import { readFileSync } from "node:fs";
import { format } from "@apol/compiler";
import { describe, expect, it } from "vitest";
import { tokenTypes } from "./semantic-tokens.js";

/** The token types VS Code knows without a declaration (its standard legend). */
const standard = new Set([
  "namespace",
  "class",
  "enum",
  "interface",
  "struct",
  "typeParameter",
  "type",
  "parameter",
  "variable",
  "property",
  "enumMember",
  "decorator",
  "event",
  "function",
  "method",
  "macro",
  "label",
  "comment",
  "string",
  "keyword",
  "number",
  "regexp",
  "operator",
]);

const manifest = JSON.parse(readFileSync(new URL("../../vscode-extension/package.json", import.meta.url), "utf8")) as {
  publisher: string;
  name: string;
  contributes: { semanticTokenTypes: { id: string; superType: string }[]; configurationDefaults: Record<string, Record<string, unknown>> };
};

describe("the VS Code extension's manifest", () => {
  it("declares every token type of the server's legend that VS Code does not know, each with a standard super type", () => {
    const declared = manifest.contributes.semanticTokenTypes;
    expect(declared.map((t) => t.id).sort()).toEqual(tokenTypes.filter((t) => !standard.has(t)).sort());
    for (const t of declared) expect(standard.has(t.superType)).toBe(true);
  });

  it("indents apol files as `apol fmt` does, with spaces, and formats them with this extension", () => {
    const defaults = manifest.contributes.configurationDefaults["[apol]"] ?? {};
    // What the formatter writes one level in: a rule's effect line.
    const formatted = format("policy p\ntool t()\nrule r {\nallow t\n}\n").text;
    const indent = /\n( *)allow t/.exec(formatted)?.[1];
    expect(defaults).toMatchObject({
      "editor.tabSize": indent?.length,
      "editor.insertSpaces": true,
      "editor.detectIndentation": false,
      "editor.defaultFormatter": `${manifest.publisher}.${manifest.name}`,
    });
  });
});
