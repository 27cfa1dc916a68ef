import { RuleChecks, typeToString, type Span } from "@apol/compiler";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyze, type Analysis } from "./analysis.js";
import { IncrementalParser } from "./incremental-parse.js";
import { applyEdit, editOf, examplePolicies } from "./test-support/random-edits.js";

/** The examples, and a policy of `is` tests (which no example has) from the decision corpus (`test/decisions/unions/narrowing.yaml`). */
const policies = [
  ...examplePolicies(),
  `policy p
tool search(query: string, filters?: json, stops?: (int | { city: string })[])
tool rent_car(company: string | string[])
rule small_pages { allow search when has(args.filters) and args.filters is { limit: int } and args.filters.limit <= 10 }
rule no_filters { allow search unless has(args.filters) }
rule oslo { deny search when has(args.stops) and any(s in args.stops: not (s is int) and s.city == "Oslo") }
rule far { deny search when has(args.stops) and any(s in args.stops: s is int and s > 100) }
rule ok { allow rent_car }
rule repeat { deny rent_car when count(rent_car where it.args.company is string[] and "Shady" in it.args.company, session) > 0 }
`,
];

/**
 * A map of the checked policy as text, keyed by span (the two analyses compared have different
 * nodes): every entry its iteration gives, each also found by looking its key up.
 */
function entries<K extends { readonly kind: string; readonly span: Span }, V>(map: ReadonlyMap<K, V>, show: (value: V) => string): string[] {
  const out: string[] = [];
  for (const [key, value] of map) {
    expect(map.get(key)).toBe(value);
    out.push(`${key.kind}@${key.span.start}-${key.span.end}: ${show(value)}`);
  }
  expect(out.length).toBe(map.size);
  return out.sort();
}

/** What a full analysis and an incremental one must agree on: every diagnostic, every reference, the rules that decide and every expression's facts. */
function essence(analysis: Analysis) {
  const references = [...analysis.checked.references].sort(
    (a, b) => a.span.start - b.span.start || a.span.end - b.span.end || JSON.stringify(a.target).localeCompare(JSON.stringify(b.target)),
  );
  const { checked } = analysis;
  return {
    diagnostics: analysis.diagnostics,
    references,
    rules: checked.rules.map((r) => ({ name: r.name, tools: r.tools, reason: r.reason, approvals: r.approvals, span: r.decl.span })),
    types: entries(checked.types, typeToString),
    meanings: entries(checked.meanings, (m) => JSON.stringify(m)),
    patterns: entries(checked.patterns, (p) => p.join(" | ")),
    typeTests: entries(checked.typeTests, typeToString),
    historyTools: entries(checked.historyTools, (t) => t.join(", ")),
    scopes: entries(checked.scopes, (s) => `${s.tools.map((t) => t.name).join(", ")} ${[...s.variables.keys()].join(", ")} ${[...s.guarded].join(", ")}`),
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
  return (text: string) => analyze("file:///p.apol", 1, text, undefined, { parser, ...(rules ? { rules } : {}) });
}

const snippets = [" ", "\n", "x", "(", ")", "1", "}", " and true", "\nrule extra {\n  deny *\n}\n", "\ntool extra(a: string)\n", '"', "args.", "// note\n"];

const edit = editOf(snippets);

describe("re-checking only the rules an edit touched", () => {
  it("gives the full check's diagnostics, references and rules after every edit of every example", () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(edit, { minLength: 1, maxLength: 8 }), (policy, edits) => {
        const [reusing, full] = [editor(), editor(false)];
        let text = policy;
        expect(essence(reusing(text))).toEqual(essence(full(text)));
        for (const e of edits) {
          text = applyEdit(text, e);
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
