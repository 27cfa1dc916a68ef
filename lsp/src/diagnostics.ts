// Compiler diagnostics and lint findings as LSP diagnostics: exact ranges, the code linked to its docs, related spans, the fix kept in `data`.
import type { Diagnostic as CompilerDiagnostic, Fix } from "@apol/compiler";
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from "vscode-languageserver";
import { compilerDiagnostics, inDocument, type Analysis } from "./analysis.js";
import { toLocation, toRange } from "./positions.js";

/** Where the diagnostics table of the language reference (docs/language.md, section 12) is published. */
const diagnosticsDocsBase = "https://apol.dev/docs/diagnostics";

/** The docs page of a code: `apol/unknown-tool` → `https://apol.dev/docs/diagnostics#unknown-tool`. */
export function docsUrl(code: string): string {
  return `${diagnosticsDocsBase}#${code.replace(/^apol\//, "")}`;
}

/** What an LSP diagnostic carries in `data`: the compiler's fix, for the quick fix. */
interface DiagnosticData {
  readonly fix?: Fix;
}

/**
 * Every diagnostic of an analysis in LSP form: the compiler's and, with `withLints`, the lint
 * findings as warnings. A test file shows those in its own text; its policy shows its own.
 */
export function lspDiagnostics(analysis: Analysis, withLints: boolean): Diagnostic[] {
  const all = (withLints ? compilerDiagnostics(analysis) : analysis.diagnostics).filter((d) => inDocument(analysis, d.span));
  const shown = all.slice(0, maxDiagnostics).map((d) => lspDiagnostic(analysis, d));
  const next = all[maxDiagnostics];
  if (next === undefined) return shown;
  const more = all.length - maxDiagnostics;
  return [
    ...shown,
    {
      range: toRange(analysis.index, next.span),
      severity: DiagnosticSeverity.Information,
      message: `${more.toLocaleString("en-US")} more problems are not shown; fix the ones above first`,
    },
  ];
}

/**
 * The most diagnostics one document shows: past a few hundred nobody reads them, and a pasted
 * megabyte of junk would otherwise send a hundred thousand in one notification.
 */
export const maxDiagnostics = 500;

/**
 * Whether a warning is only a hint for now: "never used" is noise while a policy is written top
 * to bottom and no rule exists yet to use its declarations.
 */
function quiet(analysis: Analysis, d: CompilerDiagnostic): boolean {
  return d.code === "apol/unused-declaration" && analysis.checked.symbols.rules.size === 0;
}

/** One compiler diagnostic in LSP form; the help line follows the message, as the CLI prints it. A related span in a test file's policy points into the policy. */
export function lspDiagnostic(analysis: Analysis, d: CompilerDiagnostic): Diagnostic {
  const data: DiagnosticData = d.fix ? { fix: d.fix } : {};
  return {
    range: toRange(analysis.index, d.span),
    severity: d.severity === "error" ? DiagnosticSeverity.Error : quiet(analysis, d) ? DiagnosticSeverity.Hint : DiagnosticSeverity.Warning,
    code: d.code,
    codeDescription: { href: docsUrl(d.code) },
    // No \`source\`: the code already starts with \`apol/\`, and VS Code would list \`apol(apol/unknown-tool)\`.
    message: d.help ? `${d.message}\nhelp: ${d.help}` : d.message,
    ...(d.code === "apol/unused-declaration" ? { tags: [DiagnosticTag.Unnecessary] } : {}),
    ...(d.related && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: toLocation(analysis, r.span), message: r.message })) }
      : {}),
    data,
  };
}
