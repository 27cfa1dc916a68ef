import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze } from "./analysis.js";
import { foldingRanges } from "./folding.js";
import { IncrementalParser } from "./incremental-parse.js";
import { documentSymbols } from "./symbols.js";
import { applyEdit, editOf } from "./test-support/random-edits.js";

const policy = readFileSync(new URL("../../examples/banking.apol", import.meta.url), "utf8");
const snippets = [" ", "\n", "\n\n", "x", "{", "}", "[1,\n2]", "\nrule extra {\n  deny *\n}\n", "\ntool extra(a: string)\n", "// note\n", "/*", "*/"];
const edit = editOf(snippets, 8);

describe("the outline and folds kept per declaration", () => {
  it("equal those of the same text made afresh after every edit, lines added and removed above included", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 10 }), (edits) => {
        const parser = new IncrementalParser();
        let text = policy;
        for (const e of edits) {
          text = applyEdit(text, e);
          // The editor's analysis (its parser keeps unchanged declarations) against one of a new parser, whose declarations are all new.
          const edited = analyze("file:///p.apol", 1, text, undefined, { parser, depth: "declarations" });
          const fresh = analyze("file:///p.apol", 1, text, undefined, { parser: new IncrementalParser(), depth: "declarations" });
          expect(documentSymbols(edited)).toEqual(documentSymbols(fresh));
          expect(foldingRanges(edited)).toEqual(foldingRanges(fresh));
        }
      }),
      { seed: 20261208, numRuns: 40 },
    );
  });
});
