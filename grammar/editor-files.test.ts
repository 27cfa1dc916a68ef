// The snippets expand to apol that parses, and the language configuration's patterns do what the editor needs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../compiler/src/pipeline.js";
import { parse } from "../compiler/src/syntax/parse.js";

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, import.meta.url)), "utf8")) as T;
}

interface Snippet {
  readonly prefix: string;
  readonly description: string;
  readonly body: readonly string[];
}

/** A snippet as inserted when every placeholder keeps its default (the first choice of a choice list). */
function expand(body: readonly string[]): string {
  let text = body.join("\n").replace(/\$\{TM_FILENAME_BASE\}/g, "banking").replace(/\t/g, "  ");
  let previous = "";
  while (previous !== text) {
    previous = text;
    text = text.replace(/\$\{\d+:([^${}]*)\}/g, "$1").replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, "$1");
  }
  return text.replace(/\$\d+/g, "");
}

const snippets = readJson<Record<string, Snippet>>("./apol.snippets.json");

describe("apol.snippets.json", () => {
  it("offers a policy, a tool, a rule per effect and a test", () => {
    expect(Object.values(snippets).map((s) => s.prefix)).toEqual(["policy", "tool", "rule-allow", "rule-deny", "rule-review", "rule-redact", "test"]);
    for (const effect of ["allow", "deny", "review", "redact"]) {
      expect(expand(snippets[`rule ${effect}`]?.body ?? [])).toMatch(new RegExp(`^rule name \\{\\n  ${effect} tool_name`));
    }
  });

  it.each(Object.entries(snippets))("%s expands to apol that parses", (_name, snippet) => {
    expect(parse(expand(snippet.body)).diagnostics).toEqual([]);
  });

  it("expands the policy snippet to a policy that compiles clean", () => {
    const text = expand(snippets["policy"]?.body ?? []);
    expect(text).toBe("policy banking\n\ntool read_file(path: string)\n\nrule reads {\n  allow read_file\n}\n");
    expect(runPipeline(text, "banking.apol").diagnostics).toEqual([]);
  });
});

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
    expect(["rule r {", "tool t(", "  when x in [", "test \"a\" {"].map((l) => increase.test(l))).toEqual([true, true, true, true]);
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
