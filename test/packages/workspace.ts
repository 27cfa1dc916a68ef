// The workspace's publishable packages, discovered from the root package.json, so a package added there is covered by the package tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** What the package tests read of a manifest. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly license?: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly publishConfig?: { readonly access?: string };
  readonly engines?: { readonly node?: string };
  readonly files?: readonly string[];
  readonly main?: string;
  readonly types?: string;
  readonly bin?: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, string | { readonly types?: string; readonly default?: string }>>;
  readonly scripts?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

export interface WorkspacePackage {
  /** The folder, relative to the repository root. */
  readonly folder: string;
  readonly manifest: Manifest;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** Every workspace package that is published (not `private`), in the root manifest's order. */
export function publishedPackages(): WorkspacePackage[] {
  const { workspaces } = readJson<{ workspaces: string[] }>(join(root, "package.json"));
  return workspaces.map((folder) => ({ folder, manifest: readJson<Manifest>(join(root, folder, "package.json")) })).filter((p) => p.manifest.private !== true);
}
