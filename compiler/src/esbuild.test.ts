import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import apolPlugin from "./esbuild.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function workspace(files: Record<string, string>): string {
  // Inside the repository, so `@apol/runtime` resolves through the workspace's node_modules.
  const dir = mkdtempSync(join(repo, "node_modules", ".apol-esbuild-"));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const policy = `policy shop
tool buy(item: string, price: number)
rule cheap { allow buy when args.price <= 10 }
`;

describe("esbuild plugin", () => {
  it("compiles an imported .apol file into the bundle", async () => {
    const dir = workspace({
      "shop.apol": policy,
      "main.js": `import shop from "./shop.apol";
import { createEnforcer } from "@apol/runtime";
const enforcer = createEnforcer(shop);
export const decisions = [
  enforcer.decide({ tool: "buy", args: { item: "pen", price: 2 } }),
  enforcer.decide({ tool: "buy", args: { item: "car", price: 20000 } }),
];`,
    });
    const result = await build({ entryPoints: [join(dir, "main.js")], bundle: true, format: "esm", platform: "node", write: false, plugins: [apolPlugin()] });
    const out = join(dir, "out.mjs");
    writeFileSync(out, result.outputFiles[0]?.text ?? "");
    const { decisions } = (await import(out)) as { decisions: { effect: string; rule: string }[] };
    expect(decisions.map((d) => [d.effect, d.rule])).toEqual([
      ["allow", "cheap"],
      ["deny", "$default"],
    ]);
  });

  it("reports diagnostics as esbuild errors with their locations", async () => {
    const dir = workspace({ "bad.apol": "policy p\ntool buy(item: string)\nrule r { allow byu }\n", "main.js": 'import "./bad.apol";' });
    const failure = await build({ entryPoints: [join(dir, "main.js")], bundle: true, write: false, logLevel: "silent", plugins: [apolPlugin()] }).catch(
      (error: { errors: { text: string; location: { line: number; column: number; length: number }; notes: { text: string }[] }[] }) => error,
    );
    expect("errors" in failure).toBe(true);
    const [error] = (failure as { errors: { text: string; location: { line: number; column: number; length: number }; notes: { text: string }[] }[] }).errors;
    expect(error?.text).toBe("unknown tool `byu` [apol/unknown-tool]");
    expect(error?.location).toMatchObject({ line: 3, column: 15, length: 3 });
    expect(error?.notes[0]?.text).toBe("did you mean `buy`?");
  });

  it("exports each tool's JSON Schema and, asked to, writes declarations that type the import by the policy", async () => {
    const dir = workspace({
      "shop.apol": policy,
      "main.js": 'import shop, { schemas } from "./shop.apol";\nexport const same = shop.schemas === schemas;\nexport { schemas };',
      "ok.ts":
        'import shop from "./shop.apol";\nimport { createEnforcer } from "@apol/runtime";\ncreateEnforcer(shop).decide({ tool: "buy", args: { item: "pen", price: 2 } });\n',
      "typo.ts":
        'import shop from "./shop.apol";\nimport { createEnforcer } from "@apol/runtime";\ncreateEnforcer(shop).decide({ tool: "byu", args: { item: "pen", price: 2 } });\n',
      "untyped.ts":
        '/// <reference path="../../compiler/apol-module.d.ts" />\nimport shop from "./other.apol";\nimport { createEnforcer } from "@apol/runtime";\ncreateEnforcer(shop).decide({ tool: "anything" });\n',
    });
    const result = await build({
      entryPoints: [join(dir, "main.js")],
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
      plugins: [apolPlugin({ declarations: true })],
    });
    const out = join(dir, "out.mjs");
    writeFileSync(out, result.outputFiles[0]?.text ?? "");
    const { same, schemas } = (await import(out)) as { same: boolean; schemas: Record<string, unknown> };
    expect(same).toBe(true);
    expect(schemas["buy"]).toMatchObject({ type: "object", required: ["item", "price"] });
    expect(readFileSync(join(dir, "shop.d.apol.ts"), "utf8")).toContain('readonly tool: "buy"');
    // TypeScript itself, as a user's project would run it: the typed import accepts the call and refuses the misspelt tool.
    const errors = (file: string, typed: boolean): string[] => {
      const program = ts.createProgram([join(dir, file)], {
        strict: true,
        noEmit: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        target: ts.ScriptTarget.ES2022,
        allowArbitraryExtensions: typed,
        types: [],
      });
      return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    };
    expect(errors("ok.ts", true)).toEqual([]);
    expect(errors("typo.ts", true).join("\n")).toMatch(/"byu"/);
    expect(errors("untyped.ts", false)).toEqual([]);
  });
});
