// The VS Code extension's package carries every screenshot its README shows, and the metadata the Marketplace and Open VSX need to link them.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { root } from "./workspace.js";

const extension = join(root, "vscode-extension");

it("packages the README's screenshots and names the repository the images are linked from", () => {
  const listed = spawnSync(process.execPath, [join(root, "node_modules", "@vscode", "vsce", "vsce"), "ls", "--no-dependencies"], { cwd: extension, encoding: "utf8" });
  expect(listed.status, listed.stderr).toBe(0);
  const files = new Set(listed.stdout.split("\n"));
  const images = [...readFileSync(join(extension, "README.md"), "utf8").matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] ?? "");
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(files.has(image), image).toBe(true);
  for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "images/icon.png"]) expect(files.has(file), file).toBe(true);
  const manifest = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as { repository?: { url?: string } };
  expect(manifest.repository?.url).toBe("https://github.com/apol-lang/apol.git");
  // Relative images become absolute on the gallery pages: `package:vscode` passes the folder's base URLs.
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  expect(rootManifest.scripts["package:vscode"]).toContain("--baseImagesUrl https://github.com/apol-lang/apol/raw/HEAD/vscode-extension");
});
