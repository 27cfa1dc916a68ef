// Differential test: on every policy we ship, each token the lexer finds gets the matching scope from the grammar.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TokenType } from "chevrotain";
import { describe, expect, it } from "vitest";
import { lex } from "../compiler/src/syntax/lex.js";
import * as t from "../compiler/src/syntax/tokens.js";
import { LineIndex } from "../compiler/src/source/span.js";
import { roleScopes, scopeOf } from "./tm-grammar.js";
import { tokenize, type ScopedToken } from "./textmate.js";

const repo = fileURLToPath(new URL("..", import.meta.url));

/** Where a keyword or a name stands as a name, the grammar scopes it as one of these. */
const nameScopes = [
  "variable.other.apol",
  "variable.other.property.apol",
  "variable.parameter.apol",
  "variable.other.constant.apol",
  "variable.other.enummember.apol",
  "entity.name.namespace.apol",
  "entity.name.type.apol",
  "entity.name.type.enum.apol",
  "entity.name.type.rule.apol",
  "entity.name.function.tool.apol",
  "entity.name.function.predicate.apol",
  "entity.name.function.call.apol",
  "entity.name.tag.apol",
  "entity.name.label.apol",
  "support.function.builtin.apol",
  "support.type.primitive.apol",
];

const literalScopes: ReadonlyMap<TokenType, string> = new Map([
  [t.StringLiteral, "string.quoted.double.apol"],
  [t.Duration, "constant.numeric.duration.apol"],
  [t.NumberLiteral, "constant.numeric.decimal.apol"],
  [t.DocComment, "comment.line.documentation.apol"],
  [t.LineComment, "comment.line.double-slash.apol"],
  [t.BlockComment, "comment.block.apol"],
  [t.ReservedRuleName, "support.constant.reserved-rule.apol"],
  ...t.recoveryTokens.map((r): [TokenType, string] => [r.token, "invalid.illegal.recovery.apol"]),
]);

/** The scopes the grammar may give a lexer token; a keyword may also stand as a name (`args.count`, `{ in: 1 }`). */
function allowedScopes(token: TokenType, image: string): readonly string[] {
  const literal = literalScopes.get(token);
  if (literal) return [literal];
  if (t.punctuation.some((p) => p.token === token)) return [scopeOf(token)];
  const keyword = t.keywordSpecs.find((k) => k.word === image);
  if (keyword) return [roleScopes[keyword.role], ...nameScopes];
  // A word that is a keyword only where a test statement starts (`approve`) or after a test call's `)` (`unchecked`).
  if (token === t.Identifier && (image === t.approveWord || image === t.uncheckedWord)) return [roleScopes.test, ...nameScopes];
  if (token === t.Identifier) return nameScopes;
  throw new Error(`no expectation for the token \`${token.name}\``);
}

/** The innermost scope at a position, ignoring the scopes of punctuation inside strings and comments. */
function scopeAt(lines: readonly (readonly ScopedToken[])[], line: number, column: number): string[] {
  const token = lines[line]?.find((tk) => tk.start <= column && column < tk.end);
  return [...(token?.scopes ?? [])];
}

function fencedApol(markdown: string): string[] {
  return [...markdown.matchAll(/^```apol[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
}

const sources: [string, string][] = [
  ...readdirSync(join(repo, "examples"))
    .filter((f) => f.endsWith(".apol"))
    .map((f): [string, string] => [`examples/${f}`, readFileSync(join(repo, "examples", f), "utf8")]),
  ...fencedApol(readFileSync(join(repo, "docs", "language.md"), "utf8")).map((code, i): [string, string] => [`docs/language.md block ${i + 1}`, code]),
  ...readdirSync(join(repo, "grammar", "tests"))
    .filter((f) => f.endsWith(".apol"))
    .map((f): [string, string] => [`grammar/tests/${f}`, readFileSync(join(repo, "grammar", "tests", f), "utf8")]),
];

describe("the grammar agrees with the lexer", () => {
  it("has sources to compare on", () => expect(sources.length).toBeGreaterThan(30));

  it.each(sources)("%s", async (_name, text) => {
    const { lines, endsAtTopLevel } = await tokenize(text);
    const index = new LineIndex(text);
    const { tokens, comments } = lex(text);
    const disagreements: string[] = [];
    for (const token of [...tokens, ...comments]) {
      const at = index.position(token.startOffset);
      const scopes = scopeAt(lines, at.line - 1, at.column - 1);
      const allowed = allowedScopes(token.tokenType, token.image);
      if (!allowed.some((s) => scopes.includes(s))) {
        disagreements.push(`${at.line}:${at.column} ${token.tokenType.name} \`${token.image}\` has ${scopes.slice(1).join(" ") || "no scope"}`);
      }
    }
    expect(disagreements).toEqual([]);
    expect(endsAtTopLevel).toBe(true);
  });
});
