import { RuleChecks } from "@apol/compiler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "./analysis.js";
import { IncrementalParser } from "./incremental-parse.js";
import { applyEdit, editOf, examplePolicies } from "./test-support/random-edits.js";
import { IncrementalTokens } from "./incremental-tokens.js";
import { classify, encode } from "./semantic-tokens.js";

const policies = [
  ...examplePolicies(),
  // Rules with comments above and between them, a doc comment, a block comment and two rules of the same text.
  `policy p
/// A tool.
tool t(a: string, n: int) tags money
const k = 3

// About r.
rule r {
  allow t when args.a == "x" and args.n > k
}
/* a block
   comment */
rule s { deny t when count(t where it.args.n > 2, 1h) > 0 }
rule r {
  allow t when args.a == "x" and args.n > k
}
test "t" {
  call t(a: "x", n: 1)
  expect allow
}
`,
];

/** One document as the language server analyzes it (one parser and one set of rule checks across its texts), with one token cache. */
function editor() {
  const parser = new IncrementalParser();
  const rules = new RuleChecks();
  const tokens = new IncrementalTokens();
  let version = 0;
  return (text: string) => {
    const analysis = analyze("file:///p.apol", ++version, text, undefined, { parser, rules });
    return { analysis, tokens: tokens.tokens(analysis) };
  };
}

/** The tokens of a text analyzed afresh (its own parser and no kept rule checks), classified whole. */
function fresh(text: string): number[] {
  const analysis = analyze("file:///p.apol", 1, text, undefined, { parser: new IncrementalParser() });
  return encode(analysis, classify(analysis));
}

const snippets = [
  " ",
  "\n",
  "x",
  "(",
  ")",
  "1",
  "}",
  " and true",
  "\nrule extra {\n  deny *\n}\n",
  "\ntool extra(a: string)\n",
  '"',
  "args.",
  "// note\n",
  "/*",
  "*/",
  "\n/// doc\n",
  "rule ",
  "é",
];

const edit = editOf(snippets);

describe("semantic tokens reused per rule", () => {
  it("equal the tokens of the same text classified afresh after every edit", () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(edit, { minLength: 1, maxLength: 10 }), (policy, edits) => {
        const edited = editor();
        let text = policy;
        expect(edited(text).tokens).toEqual(fresh(text));
        for (const e of edits) {
          text = applyEdit(text, e);
          const { analysis, tokens } = edited(text);
          expect(tokens).toEqual(encode(analysis, classify(analysis)));
          expect(tokens).toEqual(fresh(text));
        }
      }),
      { seed: 20261208, numRuns: 40 },
    );
  });

  it("answers the same analysis again with the same tokens without classifying again", () => {
    const parser = new IncrementalParser();
    const tokens = new IncrementalTokens();
    const analysis = analyze("file:///p.apol", 1, policies.at(-1) as string, undefined, { parser });
    expect(tokens.tokens(analysis)).toBe(tokens.tokens(analysis));
  });
});
