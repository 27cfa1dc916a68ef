// An esbuild plugin: `import policy from "./banking.apol"` compiles the policy at build time, with diagnostics as esbuild errors.
import { readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { PartialMessage, Plugin } from "esbuild";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { toolJsonSchemas } from "./emit/json-schema.js";
import { jsValue } from "./emit/literals.js";
import { runPipeline, type PipelineOptions } from "./pipeline.js";
import { LineIndex } from "./source/span.js";

/** An esbuild message for a diagnostic, with its location (esbuild columns are 0-based). */
function toMessage(diagnostic: Diagnostic, file: string, lines: LineIndex): PartialMessage {
  const start = lines.position(diagnostic.span.start);
  const end = lines.position(diagnostic.span.end);
  const lineText = lines.lineText(start.line);
  return {
    id: diagnostic.code,
    text: `${diagnostic.message} [${diagnostic.code}]`,
    location: {
      file,
      line: start.line,
      column: start.column - 1,
      length: end.line === start.line ? Math.max(0, end.column - start.column) : lineText.length - (start.column - 1),
      lineText,
    },
    notes: diagnostic.help ? [{ text: diagnostic.help }] : [],
  };
}

/** Options of the plugin: the pipeline's, and whether to write each policy's declarations beside it. */
export interface ApolPluginOptions extends PipelineOptions {
  /**
   * Write `NAME.d.apol.ts` beside each imported `NAME.apol` (when its text changes), so TypeScript with
   * `allowArbitraryExtensions` types `import policy from "./NAME.apol"` by that policy; without it,
   * `@apol/compiler/apol-module` declares every `.apol` import untyped.
   */
  readonly declarations?: boolean;
}

const exportNames = "policy, policyHash, timezone, tools, rules, needs, evaluate, redactions, redact, schemas";

/**
 * The plugin. A `.apol` import yields the compiled module: named exports `evaluate`,
 * `redactions`, `redact`, `rules`, `tools`, `needs`, `policy`, `policyHash`, `timezone`, `schemas` (each tool's
 * arguments as a JSON Schema), and a default export bundling them, ready for `createEnforcer`.
 */
export default function apolPlugin(options: ApolPluginOptions = {}): Plugin {
  return {
    name: "apol",
    setup(build) {
      build.onLoad({ filter: /\.apol$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        const { outputs, diagnostics } = runPipeline(text, args.path, "emit", options);
        const lines = new LineIndex(text);
        const errors = diagnostics.filter((d) => d.severity === "error").map((d) => toMessage(d, args.path, lines));
        const warnings = diagnostics.filter((d) => d.severity === "warning").map((d) => toMessage(d, args.path, lines));
        if (errors.length > 0 || !outputs.emit || !outputs.check) return { errors, warnings };
        const schemas = `export const schemas = Object.freeze(${jsValue(toolJsonSchemas(outputs.check))});`;
        const contents = `${outputs.emit.js}\n${schemas}\nexport default { ${exportNames} };\n`;
        if (options.declarations === true) await writeIfChanged(args.path.replace(/\.apol$/, ".d.apol.ts"), declarations(outputs.emit.dts));
        return { contents, loader: "js", resolveDir: dirname(args.path), warnings, watchFiles: [args.path] };
      });
    },
  };
}

/** The module's declarations with what the plugin adds: `schemas` and the default export. */
function declarations(dts: string): string {
  return [
    dts.trimEnd(),
    'import type { JsonSchema } from "@apol/runtime";',
    "/** Each tool's arguments as a JSON Schema, from the policy. */",
    'export declare const schemas: Readonly<Record<Request["tool"], JsonSchema>>;',
    `declare const compiled: { ${exportNames
      .split(", ")
      .map((name) => `readonly ${name}: typeof ${name};`)
      .join(" ")} };`,
    "export default compiled;",
    "",
  ].join("\n");
}

/** Writes a file only when its text changes, so a watching build is not woken by its own output. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  const old = await readFile(path, "utf8").catch(() => undefined);
  if (old !== text) await writeFile(path, text);
}
