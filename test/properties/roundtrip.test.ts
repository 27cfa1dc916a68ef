// Round-trip properties of the printer and the formatter: parse(print(ast)) is ast, format is idempotent and keeps meaning and comments.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { print } from "../../compiler/src/format/print.js";
import { format } from "../../compiler/src/format/format.js";
import { lex } from "../../compiler/src/syntax/lex.js";
import { parse } from "../../compiler/src/syntax/parse.js";
import { policy } from "./ast-arbitraries.js";
import { commentTexts, withoutLayout } from "./ast-compare.js";

const numRuns = 300;
const root = join(import.meta.dirname, "..", "..");

// Comment text for any kind of comment: no line breaks, no `*/`, never starting a `///` by accident.
const commentBody = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, " ").replaceAll("*/", "* /"));

/** What may stand between two tokens without changing the token stream. */
const separator: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(" ", "\n", "\n\n", "\n\n\n  ", "\t"),
  commentBody.map((t) => ` // ${t}\n`),
  commentBody.map((t) => `\n// ${t}\n`),
  commentBody.map((t) => `\n\n// ${t}\n\n`),
  commentBody.map((t) => `\n/// ${t}\n`),
  commentBody.map((t) => ` /* ${t} */ `),
  commentBody.map((t) => `\n/* ${t}\n   ${t} */\n`),
  commentBody.map((t) => ` /* ${t} */\n`),
);

/**
 * Sources that say what a generated policy says, written the way people do: printed or
 * squashed onto one line, then with whitespace and comments of every kind between tokens.
 */
const messySource: fc.Arbitrary<string> = fc
  .tuple(policy, fc.boolean(), fc.array(fc.tuple(fc.nat(), separator), { maxLength: 12 }))
  .map(([ast, squash, insertions]) => {
    const printed = print(ast);
    const tokens = lex(printed).tokens;
    if (tokens.length === 0) return insertions.map(([, sep]) => sep).join("");
    const after = new Map<number, string>();
    for (const [at, sep] of insertions) {
      const i = at % tokens.length;
      after.set(i, (after.get(i) ?? "") + sep);
    }
    let out = "";
    tokens.forEach((tok, i) => {
      const next = tokens[i + 1];
      const gap = next ? printed.slice(tok.startOffset + tok.image.length, next.startOffset) : "\n";
      out += tok.image + (after.get(i) ?? "") + (squash ? " " : gap);
    });
    return out;
  });

function apolFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return entries.filter((f) => f.endsWith(".apol") && !f.split(/[\\/]/).includes("node_modules")).map((f) => join(dir, f));
}

describe("print", () => {
  it("prints every generated AST as source that parses back to the same tree", () => {
    fc.assert(
      fc.property(policy, (ast) => {
        const parsed = parse(print(ast));
        expect(parsed.diagnostics).toEqual([]);
        expect(withoutLayout(parsed.ast)).toEqual(withoutLayout(ast));
      }),
      { numRuns },
    );
  });
});

describe("format", () => {
  it("keeps the meaning of messy sources: the same tree, spans and comments aside", () => {
    fc.assert(
      fc.property(messySource, (source) => {
        const before = parse(source);
        expect(before.diagnostics).toEqual([]);
        const after = parse(format(source).text);
        expect(after.diagnostics).toEqual([]);
        expect(withoutLayout(after.ast)).toEqual(withoutLayout(before.ast));
      }),
      { numRuns },
    );
  });

  it("is idempotent on messy sources", () => {
    fc.assert(
      fc.property(messySource, (source) => {
        const once = format(source).text;
        expect(format(once).text).toBe(once);
      }),
      { numRuns },
    );
  });

  it("keeps every comment of messy sources", () => {
    fc.assert(
      fc.property(messySource, (source) => {
        const formatted = format(source).text;
        expect(commentTexts(parse(formatted).ast)).toEqual(commentTexts(parse(source).ast));
      }),
      { numRuns },
    );
  });

  it("is idempotent and keeps comments on every .apol file in examples/ and test/", () => {
    for (const file of [...apolFiles(join(root, "examples")), ...apolFiles(join(root, "test"))]) {
      const source = readFileSync(file, "utf8");
      const once = format(source);
      if (once.diagnostics.some((d) => d.severity === "error")) {
        // Files with syntax errors (diagnostic corpora) come back untouched.
        expect(once.text, file).toBe(source);
        continue;
      }
      expect(format(once.text).text, file).toBe(once.text);
      expect(commentTexts(parse(once.text).ast), file).toEqual(commentTexts(parse(source).ast));
    }
  });
});
