// The folders of the workspace's sources import each other without a cycle, so each can be read, tested and moved from the bottom up.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, folderGraph, type FolderGraph } from "./folder-graph.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A cycle as its edges, each with the import that makes it. */
function describeCycle(graph: FolderGraph, cycle: readonly string[]): string {
  return cycle
    .slice(1)
    .map((to, i) => `  ${cycle[i]} -> ${to}   (${graph.get(cycle[i] ?? "")?.get(to) ?? "?"})`)
    .join("\n");
}

describe("the folder-level import graph", () => {
  const graph = folderGraph(root);

  it("covers every package's sources, the compiler's folders among them", () => {
    for (const folder of ["compiler/src/syntax", "compiler/src/check", "compiler/src/reference", "runtime/src/index.ts", "lsp/src/completion", "cli/src/main.ts"]) {
      expect([...graph.keys()], folder).toContain(folder);
    }
    expect(graph.get("compiler/src/check")?.has("compiler/src/syntax") || graph.get("compiler/src/check")?.has("compiler/src/ast")).toBe(true);
  });

  it("has no cycle (a file directly in a package's src is a node of its own)", () => {
    const found = cycles(graph);
    expect(found.map((cycle) => `cycle:\n${describeCycle(graph, cycle)}`).join("\n")).toBe("");
  });
});

describe("the cycle finder", () => {
  it("finds a cycle through three folders and names its edges in order", () => {
    const graph: FolderGraph = new Map([
      ["a", new Map([["b", "a.ts imports b"]])],
      ["b", new Map([["c", "b.ts imports c"]])],
      ["c", new Map([["a", "c.ts imports a"], ["d", "c.ts imports d"]])],
      ["d", new Map()],
    ]);
    expect(cycles(graph)).toEqual([["a", "b", "c", "a"]]);
  });

  it("finds none in a graph that only fans in", () => {
    const graph: FolderGraph = new Map([
      ["a", new Map([["c", ""]])],
      ["b", new Map([["c", ""]])],
      ["c", new Map()],
    ]);
    expect(cycles(graph)).toEqual([]);
  });
});
