// The folders of the workspace's sources import each other without a cycle, so each can be read, tested and moved from the bottom up.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, folderGraph, type FolderGraph, type Knot } from "./folder-graph.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A knot as one cycle's edges, each with the import that makes it, and every folder caught in it. */
function describeKnot(graph: FolderGraph, { cycle, members }: Knot): string {
  const edges = cycle.slice(1).map((to, i) => `  ${cycle[i]} -> ${to}   (${graph.get(cycle[i] ?? "")?.get(to) ?? "?"})`);
  return [`cycle:`, ...edges, `  (the knot holds ${members.join(", ")})`].join("\n");
}

describe("the folder-level import graph", () => {
  const graph = folderGraph(root);

  it("covers every package's sources, the compiler's folders among them", () => {
    for (const folder of [
      "compiler/src/syntax",
      "compiler/src/check",
      "compiler/src/reference",
      "runtime/src/index.ts",
      "lsp/src/completion",
      "cli/src/main.ts",
    ]) {
      expect([...graph.keys()], folder).toContain(folder);
    }
    expect(graph.get("compiler/src/check")?.has("compiler/src/syntax") || graph.get("compiler/src/check")?.has("compiler/src/ast")).toBe(true);
  });

  it("has no cycle (a file directly in a package's src is a node of its own)", () => {
    const found = cycles(graph);
    expect(found.map((knot) => describeKnot(graph, knot)).join("\n")).toBe("");
  });
});

describe("the graph of a scratch workspace", () => {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ workspaces: ["core", "app"] }),
    "core/package.json": JSON.stringify({
      name: "@apol/core",
      exports: { ".": { types: "./dist/index.d.ts", default: "./dist/index.js" }, "./deep": { default: "./dist/deep/x.js" } },
    }),
    "core/src/index.ts": 'export * from "./a/one.js";\n',
    "core/src/a/one.ts": 'import type { Two } from "../b/two.js";\nexport type One = Two;\n',
    "core/src/a/one.test.ts": 'import "../../../app/src/main.js";\n',
    "core/src/b/two.ts": 'export type Two = string;\nexport const later = () => import("../a/one.js");\n',
    "core/src/deep/x.ts": "export const x = 1;\n",
    "app/package.json": JSON.stringify({ name: "@apol/app" }),
    "app/src/main.ts": 'import { x } from "@apol/core/deep";\nimport "@apol/core";\nimport "node:fs";\n',
  };
  const scratch = mkdtempSync(join(tmpdir(), "apol-imports-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), text);
  }
  const graph = folderGraph(scratch);
  rmSync(scratch, { recursive: true });

  it("reads type-only, dynamic and package imports, gives a root file a node of its own and leaves tests out", () => {
    const edges = Object.fromEntries([...graph].map(([from, to]) => [from, [...to.keys()].sort()]));
    expect(edges).toEqual({
      "core/src/index.ts": ["core/src/a"],
      "core/src/a": ["core/src/b"],
      "core/src/b": ["core/src/a"],
      "core/src/deep": [],
      "app/src/main.ts": ["core/src/deep", "core/src/index.ts"],
    });
  });

  it("finds the cycle between two folders, with the import behind each edge", () => {
    const [knot, ...others] = cycles(graph);
    expect(others).toEqual([]);
    expect(knot && describeKnot(graph, knot)).toBe(
      [
        "cycle:",
        '  core/src/a -> core/src/b   (core/src/a/one.ts imports "../b/two.js")',
        '  core/src/b -> core/src/a   (core/src/b/two.ts imports "../a/one.js")',
        "  (the knot holds core/src/a, core/src/b)",
      ].join("\n"),
    );
  });
});

describe("the cycle finder", () => {
  it("finds a cycle through three folders and names its edges in order", () => {
    const graph: FolderGraph = new Map([
      ["a", new Map([["b", "a.ts imports b"]])],
      ["b", new Map([["c", "b.ts imports c"]])],
      [
        "c",
        new Map([
          ["a", "c.ts imports a"],
          ["d", "c.ts imports d"],
        ]),
      ],
      ["d", new Map()],
    ]);
    expect(cycles(graph)).toEqual([{ cycle: ["a", "b", "c", "a"], members: ["a", "b", "c"] }]);
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
