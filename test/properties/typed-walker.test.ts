// The compiler's typed AST walker visits exactly the nodes a reflective walk over every field finds, on every corpus file and on prefixes cut mid-declaration.
import { describe, expect, it } from "vitest";
import { childrenOf, walk, type Node } from "../../compiler/src/ast/walk.js";
import { parse } from "../../compiler/src/syntax/parse.js";
import { policySources } from "../harness/sources.js";

const corpus: readonly string[] = policySources().map((s) => s.text);

/** The oracle: every value of `node` (or item of an array value) that carries a span. */
function reflectedChildren(node: object): object[] {
  const isSpanned = (v: unknown): v is { span: { start: number } } =>
    typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { span?: { start?: unknown } }).span?.start === "number";
  const found = new Set<object>();
  for (const value of Object.values(node)) for (const item of Array.isArray(value) ? value : [value]) if (isSpanned(item)) found.add(item);
  return [...found];
}

describe("the typed AST walker", () => {
  it("lists every spanned child of every node, on whole corpus files and on prefixes", () => {
    const problems: string[] = [];
    let nodes = 0;
    for (const text of corpus) {
      for (const cut of [text.length, Math.floor(text.length / 2), Math.floor(text.length / 3)]) {
        walk(parse(text.slice(0, cut)).ast, (node: Node) => {
          nodes++;
          const typed = new Set<object>(childrenOf(node));
          const reflected = reflectedChildren(node);
          const kind = "kind" in node ? node.kind : "key" in node ? "ObjectEntry" : "Name";
          for (const child of reflected) if (!typed.has(child)) problems.push(`${kind} at ${node.span.start}: misses a child at ${(child as Node).span.start}`);
          if (typed.size !== reflected.length) problems.push(`${kind} at ${node.span.start}: ${typed.size} children, reflection finds ${reflected.length}`);
        });
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
    expect([...new Set(problems)]).toEqual([]);
  });
});
