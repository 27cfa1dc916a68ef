// What users get from the registry: every published workspace package packed, installed from its tarball into a scratch app outside
// the workspace, then a policy compiled with the installed CLI and decided on, logged and verified; @apol/audit also bundled by esbuild.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishedPackages, root } from "./workspace.js";

const packages = publishedPackages();
const scratch = mkdtempSync(join(tmpdir(), "apol-packed-"));
const tarballs = join(scratch, "tarballs");
const app = join(scratch, "app");

/** What `npm pack --json` reports of each tarball. */
interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly size: number;
  readonly entryCount: number;
  readonly files: readonly { readonly path: string }[];
}
let packed: Packed[] = [];

/** Runs a command to success; `out` is its standard output (npm writes notices to stderr), `all` both streams. */
function run(command: string, args: readonly string[], cwd: string): { out: string; all: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(" ")}\` failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return { out: result.stdout, all: result.stdout + result.stderr };
}

const policy = `policy files

tool read_file(path: string)

rule reads {
  allow read_file
  when args.path like "/srv/**"
}
`;

const program = `
import { readFileSync } from "node:fs";
import { createEnforcer } from "@apol/runtime";
import { createStatelessEnforcer, logTo } from "@apol/runtime/stateless";
import { AuditLog, generateKeys, segments, verifyLog } from "@apol/audit";
import * as policy from "./build/files.js";

const { privateKey, publicKey } = generateKeys();
const log = new AuditLog({ path: "decisions.log", privateKey });
const enforcer = createEnforcer(policy, { log, clock: null });
// The policy reads no session, so the stateless entry decides it too, into the same log.
const stateless = createStatelessEnforcer(policy, { log: logTo(log), clock: null });
const decisions = [enforcer, stateless].flatMap((e) => {
  const decide = (path) => e.decide({ session: "s-1", now: "2026-01-01T00:00:00Z", tool: "read_file", args: { path } });
  return [decide("/srv/notes.txt"), decide("/etc/passwd")].map((d) => [d.effect, d.rule]);
});
log.close();
const files = segments("decisions.log").map((name) => ({ name, text: readFileSync(name, "utf8") }));
const report = verifyLog(files, publicKey);
console.log(JSON.stringify({ decisions, records: report.records, problem: report.problem ?? null }));
`;

beforeAll(() => {
  mkdirSync(tarballs);
  mkdirSync(app);
  // One `npm pack` for all: each package's prepack builds it (a no-op when dist/ is current).
  const workspaces = packages.flatMap((p) => ["-w", p.folder]);
  packed = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", tarballs, ...workspaces], root).out) as Packed[];
  const tarball = (name: string) => `file:${join(tarballs, packed.find((p) => p.name === name)?.filename ?? name)}`;
  const dependencies = Object.fromEntries(packages.map((p) => [p.manifest.name, tarball(p.manifest.name)]));
  // The packages depend on each other by version: overrides make npm take those from the tarballs too, not from the registry.
  // Peers (`ai`, `@openai/agents`, `@langchain/core`) are the app's business, as for a user: it depends on them itself.
  const peers = Object.assign({}, ...packages.map((p) => p.manifest.peerDependencies ?? {})) as Record<string, string>;
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "scratch-app", private: true, type: "module", dependencies: { ...peers, ...dependencies }, overrides: dependencies }),
  );
  // Third-party dependencies come from npm's cache when it has them.
  run("npm", ["install", "--prefer-offline", "--omit=peer", "--no-audit", "--no-fund", "--ignore-scripts"], app);
}, 180_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packed packages", () => {
  it("pack every published workspace package, with no test files and no map without its source", () => {
    expect(packed.map((p) => p.name).sort()).toEqual(packages.map((p) => p.manifest.name).sort());
    for (const tarball of packed) {
      const paths = new Set(tarball.files.map((f) => f.path));
      expect(
        [...paths].filter((p) => /\.test\.|test-support\//.test(p)),
        tarball.name,
      ).toEqual([]);
      expect(paths.has("README.md") && paths.has("LICENSE"), tarball.name).toBe(true);
      const installed = join(app, "node_modules", tarball.name);
      for (const map of [...paths].filter((p) => p.endsWith(".map"))) {
        const { sources } = JSON.parse(readFileSync(join(installed, map), "utf8")) as { sources: string[] };
        for (const source of sources)
          expect(paths.has(relative(installed, resolve(dirname(join(installed, map)), source))), `${tarball.name}: ${map} → ${source}`).toBe(true);
      }
    }
    // The figures the release notes quote.
    console.log(packed.map((p) => `${p.name}: ${(p.size / 1024).toFixed(1)} kB, ${p.entryCount} files`).join("\n"));
  });

  it("import every export of every package, and require() each main entry from CommonJS", () => {
    const specifiers = packages.flatMap(({ manifest }) =>
      Object.entries(manifest.exports ?? {})
        // A types-only subpath (`@apol/compiler/apol-module`) declares modules for TypeScript and has no code to import.
        .filter(([subpath, target]) => subpath !== "./package.json" && (typeof target === "string" || target.default !== undefined))
        .map(([subpath]) => manifest.name + subpath.slice(1)),
    );
    writeFileSync(join(app, "imports.mjs"), specifiers.map((s) => `await import(${JSON.stringify(s)});\n`).join(""));
    run(process.execPath, ["imports.mjs"], app);
    writeFileSync(join(app, "requires.cjs"), specifiers.map((s) => `require(${JSON.stringify(s)});\n`).join(""));
    run(process.execPath, ["--experimental-require-module", "--no-warnings", "requires.cjs"], app);
  });

  it("compile a policy with the installed CLI, then decide, log and verify with the installed libraries", () => {
    writeFileSync(join(app, "files.apol"), policy);
    expect(run(join(app, "node_modules", ".bin", "apol"), ["check", "files.apol"], app).all).toContain("no errors in 1 file");
    run(join(app, "node_modules", ".bin", "apol"), ["compile", "files.apol", "-o", "build"], app);
    writeFileSync(join(app, "program.mjs"), program);
    expect(JSON.parse(run(process.execPath, ["program.mjs"], app).out)).toEqual({
      decisions: [
        ["allow", "reads"],
        ["deny", "$default"],
        ["allow", "reads"],
        ["deny", "$default"],
      ],
      records: expect.any(Number),
      problem: null,
    });
  });

  it("run @apol/audit bundled by esbuild, from a folder with no node_modules", async () => {
    const bundled = join(scratch, "bundled");
    mkdirSync(bundled);
    cpSync(join(app, "build"), join(bundled, "build"), { recursive: true });
    await build({
      entryPoints: [join(app, "program.mjs")],
      outfile: join(bundled, "out", "program.mjs"),
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      logLevel: "silent",
    });
    // The bundle holds the policy module too; only the bundle and nothing beside it is run.
    rmSync(join(bundled, "build"), { recursive: true });
    expect(readdirSync(join(bundled, "out"))).toEqual(["program.mjs"]);
    expect(JSON.parse(run(process.execPath, [join("out", "program.mjs")], bundled).out).problem).toBe(null);
  });
});
