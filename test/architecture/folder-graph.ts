// The import graph of the workspace's sources between folders, read with TypeScript's own import scanner, and its cycles.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative, sep } from "node:path";
import ts from "typescript";

/** A package of the workspace: its folder (relative to the root) and its name, for `@apol/...` imports. */
interface Package {
  readonly folder: string;
  readonly name: string;
  readonly exports: Readonly<Record<string, string | { readonly types?: string; readonly default?: string }>>;
}

/** The folder-level graph: each node's imports of other nodes, with one importing file and specifier per edge as evidence. */
export type FolderGraph = ReadonlyMap<string, ReadonlyMap<string, string>>;

const toPosix = (path: string): string => path.split(sep).join("/");

function workspacePackages(root: string): Package[] {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
  return manifest.workspaces
    .filter((folder) => existsSync(join(root, folder, "src")))
    .map((folder) => {
      const own = JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")) as Pick<Package, "name" | "exports">;
      return { folder, name: own.name, exports: own.exports ?? {} };
    });
}

/** The source files of a package: its `src` tree, tests left out (they may reach anywhere). */
function sourceFiles(root: string, pkg: Package): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(m?ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
    }
  };
  walk(posix.join(pkg.folder, "src"));
  return files;
}

/**
 * The node a file belongs to: its folder, except that a file directly in a package's `src` is a node of its own
 * (entry points and package-wide tables sit there, and would otherwise merge the package's every folder into one).
 */
export function nodeOf(file: string, packages: readonly Package[]): string {
  const folder = posix.dirname(file);
  return packages.some((p) => folder === `${p.folder}/src`) ? file : folder;
}

/** Where a `@apol/...` specifier lands in the sources: its export's build file, read back to the source it was built from. */
function resolvePackage(specifier: string, packages: readonly Package[]): string | undefined {
  const pkg = packages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
  if (!pkg) return undefined;
  const entry = pkg.exports[`.${specifier.slice(pkg.name.length)}`];
  const target = typeof entry === "string" ? entry : (entry?.default ?? entry?.types);
  if (!target || !target.startsWith("./dist/")) return undefined;
  return `${pkg.folder}/src/${target.slice("./dist/".length).replace(/\.d\.ts$|\.js$/, ".ts")}`;
}

/** The graph between folders of every workspace package's sources, relative and `@apol/...` imports both. */
export function folderGraph(root: string): FolderGraph {
  const packages = workspacePackages(root);
  const graph = new Map<string, Map<string, string>>();
  for (const pkg of packages) {
    for (const file of sourceFiles(root, pkg)) {
      const from = nodeOf(file, packages);
      const edges = graph.get(from) ?? new Map<string, string>();
      graph.set(from, edges);
      const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
      for (const { fileName: specifier } of importedFiles) {
        const target = specifier.startsWith(".")
          ? toPosix(relative(root, join(root, dirname(file), specifier))).replace(/\.js$/, ".ts")
          : resolvePackage(specifier, packages);
        if (target === undefined) continue;
        const to = nodeOf(target, packages);
        if (to !== from && !edges.has(to)) edges.set(to, `${file} imports "${specifier}"`);
      }
    }
  }
  return graph;
}

/** A knot of folders that import each other: one cycle through it, and all its folders (a knot may hold several cycles). */
export interface Knot {
  readonly cycle: readonly string[];
  readonly members: readonly string[];
}

/** Every knot of the graph: each strongly connected component of more than one node (Tarjan), with one cycle through it. */
export function cycles(graph: FolderGraph): Knot[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const connect = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node)?.keys() ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) components.push(component);
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return components.map((component) => ({ cycle: cyclePath(graph, new Set(component)), members: component.sort() }));
}

/** One cycle through a component: from its first node (in name order), breadth first back to it, staying inside. */
function cyclePath(graph: FolderGraph, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0] ?? "";
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] ?? "";
    for (const to of graph.get(node)?.keys() ?? []) {
      if (to === start) {
        const path: string[] = [];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) path.unshift(at);
        return [start, ...path, start];
      }
      if (!component.has(to) || previous.has(to)) continue;
      previous.set(to, node);
      queue.push(to);
    }
  }
  return [start];
}
