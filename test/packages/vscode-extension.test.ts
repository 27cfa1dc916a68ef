// The VS Code extension as it is published: the .vsix `npm run package:vscode` builds holds the bundles, the grammar, the icon,
// the licence and a README whose screenshots resolve on the gallery pages, and nothing else; ovsx, the Open VSX client, accepts it.
import { spawn, spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import { isLicenseOk } from "ovsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { root } from "./workspace.js";

const extension = join(root, "vscode-extension");
const scratch = mkdtempSync(join(tmpdir(), "apol-vsix-"));
const vsix = join(scratch, "apol-vscode.vsix");
/** A bound well above today's 1.0 MB (two minified bundles and six screenshots), so a stray folder or an unminified bundle fails. */
const maxBytes = 1.5 * 1024 * 1024;

interface ExtensionManifest {
  readonly publisher: string;
  readonly name: string;
  readonly version: string;
  readonly main: string;
  readonly icon: string;
  readonly contributes: {
    readonly grammars: readonly { readonly path: string }[];
    readonly languages: readonly { readonly configuration: string }[];
  };
}
const manifest = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as ExtensionManifest;
const readme = readFileSync(join(extension, "README.md"), "utf8");
/** The README's images, as written (relative to the extension's folder). */
const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
/** `package:vscode` is the one place that says where the README's relative links point once published. */
const packageScript = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts["package:vscode"] ?? "";
const baseImagesUrl = /--baseImagesUrl (\S+)/.exec(packageScript)?.[1];

let zip: JSZip;
async function text(path: string): Promise<string> {
  const entry = zip.file(path);
  if (entry === null) throw new Error(`${path} is not in the package`);
  return entry.async("string");
}

beforeAll(async () => {
  // The script the README documents, with the output moved out of the work tree.
  const packaged = spawnSync("npm", ["run", "--silent", "package:vscode", "--", "--out", vsix], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
  if (packaged.status !== 0) throw new Error(`npm run package:vscode failed (${packaged.status}):\n${packaged.stdout}${packaged.stderr}`);
  zip = await JSZip.loadAsync(readFileSync(vsix));
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the packaged extension", () => {
  it("holds the bundles, the grammar, the icon, the documents and the README's screenshots, and nothing else", () => {
    const inExtension = (path: string) => `extension/${path.replace(/^\.\//, "")}`;
    const expected = [
      "extension.vsixmanifest",
      "[Content_Types].xml",
      "extension/package.json",
      "extension/readme.md",
      "extension/changelog.md",
      "extension/LICENSE.txt",
      inExtension(manifest.main),
      // The language server and the runtime helpers a policy's tests import: extension.ts starts the one, the server loads the other.
      "extension/dist/server.js",
      "extension/dist/ops.mjs",
      ...manifest.contributes.grammars.map((g) => inExtension(g.path)),
      ...manifest.contributes.languages.map((l) => inExtension(l.configuration)),
      inExtension(manifest.icon),
      ...images.map(inExtension),
    ];
    const files = Object.values(zip.files)
      .filter((f) => !f.dir)
      .map((f) => f.name);
    expect(files.sort()).toEqual([...new Set(expected)].sort());
    expect(statSync(vsix).size).toBeLessThan(maxBytes);
  });

  it("bundles everything but `vscode` itself", async () => {
    // What a bundle still requires must exist at run time: Node's own modules, and `vscode` in the extension host.
    const required = (code: string) =>
      new Set([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? "").filter((name) => !isBuiltin(name)));
    expect([...required(await text(`extension/${manifest.main.replace(/^\.\//, "")}`))]).toEqual(["vscode"]);
    expect([...required(await text("extension/dist/server.js"))]).toEqual([]);
  });

  it("ships the grammar and language configuration grammar/ generates", async () => {
    for (const file of ["apol.tmLanguage.json", "language-configuration.json"]) {
      expect(JSON.parse(await text(`extension/dist/${file}`)), file).toEqual(JSON.parse(readFileSync(join(root, "grammar", file), "utf8")));
    }
  });

  it("links every screenshot of its README by an absolute URL, so the gallery pages show them", async () => {
    expect(images.length).toBeGreaterThan(0);
    expect(baseImagesUrl).toMatch(/^https:\/\//);
    const packagedReadme = await text("extension/readme.md");
    const packagedImages = [...packagedReadme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? "");
    expect(packagedImages).toEqual(images.map((image) => `${baseImagesUrl}/${image}`));
    // The marketplace shows the icon, the licence and the links from the generated manifest.
    const vsixManifest = await text("extension.vsixmanifest");
    expect(vsixManifest).toContain(`<Icon>extension/${manifest.icon}</Icon>`);
    expect(vsixManifest).toContain("<License>extension/LICENSE.txt</License>");
    expect(vsixManifest).toContain('Id="Microsoft.VisualStudio.Services.Links.Source" Value="https://github.com/apol-lang/apol.git"');
  });
});

describe("Open VSX", () => {
  it("has the licence ovsx requires before it publishes to open-vsx.org", async () => {
    // ovsx has no dry run; this is the check it makes of the extension's folder (its manifest, then a licence) before packaging.
    expect(await isLicenseOk(extension)).toBe(true);
  });

  it("publishes the .vsix with `ovsx publish` to a registry on this machine", async () => {
    // Open VSX cannot be reached here: a local server takes the upload at the registry's publish endpoint and answers, as the
    // registry does, with the extension it read from the upload's manifest, so ovsx runs end to end up to the network.
    const uploads: { url: string; body: Buffer }[] = [];
    const server: Server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const body = Buffer.concat(chunks);
        uploads.push({ url: `${request.method} ${request.url}`, body });
        JSZip.loadAsync(body)
          .then((upload) => upload.file("extension/package.json")?.async("string"))
          .then((json) => {
            const { publisher, name, version } = JSON.parse(json ?? "{}") as Partial<ExtensionManifest>;
            response.writeHead(201, { "content-type": "application/json" });
            response.end(JSON.stringify({ namespace: publisher, name, version, targetPlatform: "universal" }));
          })
          .catch((error: unknown) => {
            response.writeHead(400, { "content-type": "application/json" });
            response.end(JSON.stringify({ error: `not a vsix: ${String(error)}` }));
          });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("the local registry has no port");
      const registry = `http://127.0.0.1:${address.port}`;
      const ovsx = join(root, "node_modules", "ovsx", "bin", "ovsx");
      const child = spawn(process.execPath, [ovsx, "publish", vsix, "--registryUrl", registry, "--pat", "local-token"], { cwd: root });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
      expect(status, output).toBe(0);
      expect(output).toContain(`Published ${manifest.publisher}.${manifest.name} v${manifest.version}`);
      expect(uploads.map((u) => u.url)).toEqual(["POST /api/-/publish?token=local-token"]);
      expect(uploads[0]?.body.equals(readFileSync(vsix))).toBe(true);
    } finally {
      server.close();
    }
  });
});
