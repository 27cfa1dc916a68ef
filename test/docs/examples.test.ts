// Every example policy and every complete snippet of the language reference checks clean; fragments parse.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
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
  });
  it.each(fragments.map((b) => [b.line, b.code] as const))("the fragment at line %i parses", (_line, code) => {
    expect(described(parse(code).diagnostics)).toEqual([]);
  });
});
