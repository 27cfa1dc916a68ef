import { readdirSync, readFileSync } from "node:fs";
import { RuleChecks } from "@apol/compiler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, type Analysis } from "./analysis.js";
import { IncrementalParser } from "./incremental-parse.js";

const examples = new URL("../../examples/", import.meta.url);
const policies = readdirSync(examples)
  .filter((f) => f.endsWith(".apol"))
  .map((f) => readFileSync(new URL(f, examples), "utf8"));

/** What a full analysis and an incremental one must agree on: every diagnostic, every reference, and the rules that decide. */
function essence(analysis: Analysis) {
  const references = [...analysis.checked.references].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || JSON.stringify(a.target).localeCompare(JSON.stringify(b.target)),
  );
  return {
    diagnostics: analysis.diagnostics,
    references,
    rules: analysis.checked.rules.map((r) => ({ name: r.name, tools: r.tools, reason: r.reason, approvals: r.approvals, span: r.decl.span })),
    types: analysis.checked.types.size,
    scopes: analysis.checked.scopes.size,
  };
}

/**
 * One document analyzed as the language server does it: one parser across its texts, and with
 * `reuse` one set of rule checks. The parser cuts the text per declaration, so the analysis
 * without reuse is the one to compare with (on broken text it differs from a whole-file parse).
 */
function editor(reuse = true) {
  const parser = new IncrementalParser();
  const rules = reuse ? new RuleChecks() : undefined;
  return (text: string) => analyze("file:///p.apol", 1, text, undefined, parser, "full", rules);
}

const snippets = [" ", "\n", "x", "(", ")", "1", "}", " and true", "\nrule extra {\n  deny *\n}\n", "\ntool extra(a: string)\n", '"', "args.", "// note\n"];

/** An edit of a text: `count` characters removed at a fraction `at` of its length, and a snippet put there. */
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.integer({ min: 0, max: 6 }), snippet: fc.constantFrom(...snippets) });

function apply(text: string, e: { at: number; count: number; snippet: string }): string {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.snippet + text.slice(at + e.count);
}

describe("re-checking only the rules an edit touched", () => {
  it("gives the full check's diagnostics, references and rules after every edit of every example", () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(edit, { minLength: 1, maxLength: 8 }), (policy, edits) => {
        const [reusing, full] = [editor(), editor(false)];
        let text = policy;
        expect(essence(reusing(text))).toEqual(essence(full(text)));
        for (const e of edits) {
          text = apply(text, e);
          expect(essence(reusing(text))).toEqual(essence(full(text)));
        }
      }),
      { seed: 20261207, numRuns: 40 },
    );
  });

  it("checks again only the rule that changed while the declarations stay the same, and every rule once a tool changes", () => {
    const analyzeEdited = editor();
    const text = 'policy p\ntool t(a: string)\nrule r {\n  allow t when args.a == "x"\n}\nrule s {\n  deny t when args.a == "y"\n}\n';
    const first = analyzeEdited(text).checked.rules;
    const edited = analyzeEdited(text.replace('"y"', '"z"')).checked.rules;
    expect(edited[0]).toBe(first[0]);
    expect(edited[1]).not.toBe(first[1]);
    const toolChanged = analyzeEdited(text.replace("a: string", "a: string, b?: string")).checked.rules;
    expect(toolChanged[0]).not.toBe(edited[0]);
  });

  it("moves the references of a rule that an edit above moved", () => {
    const analyzeEdited = editor();
    const text = 'policy p\ntool t(a: string)\nrule q {\n  deny t\n}\nrule r {\n  allow t when any(x in [args.a]: x == "v")\n}\n';
    const before = analyzeEdited(text).checked.rules[1];
    // A longer rule above moves `r` without changing it or any declaration it sees: its check is reused, its references moved.
    const moved = text.replace("deny t", 'deny t when args.a == "longer"');
    const after = analyzeEdited(moved);
    expect(after.checked.rules[1]).toBe(before);
    const variable = after.checked.references.find((r) => r.target.kind === "variable" && !r.declaration);
    expect(variable && moved.slice(variable.span.start, variable.span.end)).toBe("x");
    expect(variable?.target.kind === "variable" && moved.slice(variable.target.declaredAt.start, variable.target.declaredAt.end)).toBe("x");
    expect(essence(after)).toEqual(essence(analyze("file:///p.apol", 1, moved)));
  });
});
