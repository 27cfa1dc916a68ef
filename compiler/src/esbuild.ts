// An esbuild plugin: `import policy from "./banking.apol"` compiles the policy at build time, with diagnostics as esbuild errors.
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { PartialMessage, Plugin } from "esbuild";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
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

/**
 * The plugin. A `.apol` import yields the compiled module: named exports `evaluate`,
 * `redactions`, `redact`, `rules`, `tools`, `needs`, `policy`, `policyHash`, `timezone`, and a default export bundling
 * them, ready for `createEnforcer`.
 */
export default function apolPlugin(options: PipelineOptions = {}): Plugin {
  return {
    name: "apol",
    setup(build) {
      build.onLoad({ filter: /\.apol$/ }, async (args) => {
        const text = await readFile(args.path, "utf8");
        const { outputs, diagnostics } = runPipeline(text, args.path, "emit", options);
        const lines = new LineIndex(text);
        const errors = diagnostics.filter((d) => d.severity === "error").map((d) => toMessage(d, args.path, lines));
        const warnings = diagnostics.filter((d) => d.severity === "warning").map((d) => toMessage(d, args.path, lines));
        if (errors.length > 0 || !outputs.emit) return { errors, warnings };
        const contents = `${outputs.emit.js}\nexport default { policy, policyHash, timezone, tools, rules, needs, evaluate, redactions, redact };\n`;
        return { contents, loader: "js", resolveDir: dirname(args.path), warnings, watchFiles: [args.path] };
      });
    },
  };
}
