// Every published workspace package carries what the registry and its users need: README, LICENSE, metadata, files, exports, a build on pack.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishedPackages, root } from "./workspace.js";

describe.each(publishedPackages())("$manifest.name ($folder)", ({ folder, manifest }) => {
  const dir = join(root, folder);

  it("has a README showing its use and the MIT licence text", () => {
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
    expect(readme).toMatch(/```(js|ts|sh)\n/);
    expect(manifest.license).toBe("MIT");
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toBe(readFileSync(join(root, "LICENSE"), "utf8"));
  });

  it("has the registry metadata", () => {
    expect(manifest.name).toMatch(/^@apol\/[a-z-]+$/);
    expect(manifest.description).toBeTruthy();
    expect(manifest.keywords?.length).toBeGreaterThan(0);
    expect(manifest.homepage).toMatch(/^https:\/\//);
    expect(manifest.repository).toEqual({ type: "git", url: "https://github.com/apol-lang/apol.git", directory: folder });
    // Scoped packages publish as restricted unless told otherwise.
    expect(manifest.publishConfig?.access).toBe("public");
    expect(manifest.engines?.node).toBeTruthy();
  });

  it("builds on pack and ships its build, its sources (for the source maps) and its documents", () => {
    expect(manifest.scripts?.["prepack"]).toMatch(/^tsc -b\b/);
    expect(manifest.files).toEqual(expect.arrayContaining(["dist", "src", "!src/**/*.test.ts", "README.md", "LICENSE"]));
  });

  it("points main, types, exports and bin at built files", () => {
    const targets: string[] = [];
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === "./package.json") continue;
      expect(typeof target, subpath).toBe("object");
      if (typeof target === "string") continue;
      // A types-only subpath declares modules for TypeScript (`*.apol` imports): it has no code, and is written by hand, so shipped from the source.
      if (target.default === undefined && target.types?.endsWith(".d.ts")) {
        expect(Object.keys(target), subpath).toEqual(["types"]);
        expect(existsSync(join(dir, target.types)), target.types).toBe(true);
        expect(manifest.files, target.types).toContain(target.types.slice(2));
        continue;
      }
      expect(Object.keys(target), subpath).toEqual(["types", "default"]);
      targets.push(target.types ?? "", target.default ?? "");
    }
    if (manifest.bin === undefined) {
      expect(manifest.exports?.["."], "a library exports its root").toBeDefined();
      targets.push(manifest.main ?? "", manifest.types ?? "");
    } else targets.push(...Object.values(manifest.bin));
    for (const target of targets) {
      expect(target).toMatch(/^\.\/(dist|bin)\//);
      expect(existsSync(join(dir, target)), target).toBe(true);
    }
  });
});
