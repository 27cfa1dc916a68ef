import { parse, runPipeline } from "@apol/compiler";
import { describe, expect, it } from "vitest";
import { declarationSnippets } from "./snippets.js";

/** A snippet as inserted when every placeholder keeps its default (the first choice of a choice list). */
function expand(body: string): string {
  let text = body;
  let previous = "";
  while (previous !== text) {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, "$1").replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, "$1");
  }
  return text.replace(/\$\d+/g, "");
}

describe("declaration snippets", () => {
  it("offer a policy, a tool, a predicate, a rule per effect and a test, each starting with its keyword", () => {
    expect(declarationSnippets.map((s) => s.label)).toEqual([
      "policy file",
      "tool with an argument",
      "predicate",
      "rule allow",
      "rule deny",
      "rule review",
      "rule redact",
      "test of a call",
    ]);
    for (const s of declarationSnippets) expect(expand(s.body).startsWith(`${s.keyword} `)).toBe(true);
  });

  it.each(declarationSnippets.map((s) => [s.label, s.body]))("%s expands to apol that parses", (_label, body) => {
    expect(parse(expand(body)).diagnostics).toEqual([]);
  });

  it("expands the policy snippet to a policy that compiles clean", () => {
    const text = expand(declarationSnippets[0]?.body ?? "");
    expect(text).toBe("policy name\n\ntool read_file(path: string)\n\nrule reads {\n  allow read_file\n}\n");
    expect(runPipeline(text, "name.apol").diagnostics).toEqual([]);
  });
});
