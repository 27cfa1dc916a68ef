// Every example policy and every complete snippet of the language reference checks clean, and every `sum` in them is safe from negative amounts; fragments parse.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintSource } from "../../compiler/src/lint/lint-source.js";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { parse } from "../../compiler/src/syntax/parse.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

/** Fenced blocks of a Markdown file with their info string (`apol`, `apol fragment`, ...). */
function fencedBlocks(markdown: string): { info: string; code: string; line: number }[] {
  const blocks: { info: string; code: string; line: number }[] = [];
  const pattern = /^```([^\n]*)\n([\s\S]*?)^```/gm;
  for (const match of markdown.matchAll(pattern)) {
    blocks.push({ info: (match[1] ?? "").trim(), code: match[2] ?? "", line: markdown.slice(0, match.index).split("\n").length });
  }
  return blocks;
}

function described(diagnostics: readonly { code: string; message: string }[]): string[] {
  return diagnostics.map((d) => `${d.code}: ${d.message}`);
}

const examples = readdirSync(join(repo, "examples")).filter((f) => f.endsWith(".apol"));
/** Every policy under examples/, in subfolders too (the replay pair caps payments with `sum`). */
const allExamples = readdirSync(join(repo, "examples"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".apol"));

/** The `apol/negative-sum` findings of a policy: a cap that a negative amount lifts. */
function negativeSums(text: string): string[] {
  return described(
    lintSource(text, "policy.apol")
      .findings.map((f) => f.diagnostic)
      .filter((d) => d.code === "apol/negative-sum"),
  );
}
const reference = readFileSync(join(repo, "docs", "language.md"), "utf8");
const blocks = fencedBlocks(reference);

describe("examples/", () => {
  it("has example policies", () => expect(examples.length).toBeGreaterThanOrEqual(4));
  it.each(examples)("%s compiles with no diagnostics at all", (name) => {
    const text = readFileSync(join(repo, "examples", name), "utf8");
    const result = runPipeline(text, `examples/${name}`);
    expect(described(result.diagnostics)).toEqual([]);
    expect(result.outputs.emit?.js).toContain("export function evaluate");
  });
  it.each(allExamples)("%s keeps every summed argument from being negative", (name) => {
    expect(negativeSums(readFileSync(join(repo, "examples", name), "utf8"))).toEqual([]);
  });
});

describe("docs/language.md", () => {
  const complete = blocks.filter((b) => b.info === "apol");
  const fragments = blocks.filter((b) => b.info === "apol fragment");

  it("has complete examples and fragments", () => {
    expect(complete.length).toBeGreaterThanOrEqual(2);
    expect(fragments.length).toBeGreaterThan(5);
  });
  it.each(complete.map((b) => [b.line, b.code] as const))("the policy at line %i checks clean", (_line, code) => {
    expect(described(runPipeline(code, "snippet.apol", "check").diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
    expect(negativeSums(code)).toEqual([]);
  });
  it.each(fragments.map((b) => [b.line, b.code] as const))("the fragment at line %i parses", (_line, code) => {
    expect(described(parse(code).diagnostics)).toEqual([]);
  });
});
