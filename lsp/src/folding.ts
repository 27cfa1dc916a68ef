// Folding ranges: multi-line declarations, test histories, lists, objects and records, and runs of comments.
import { walk, type Ast, type Span } from "@apol/compiler";
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import { inDocument, type Analysis } from "./analysis.js";
import { PerDeclaration } from "./per-declaration.js";

const foldable: ReadonlySet<string> = new Set([
  "EnumDecl",
  "ShapeDecl",
  "ToolDecl",
  "ConstDecl",
  "RuleDecl",
  "TestDecl",
  "history",
  "List",
  "Object",
  "RecordType",
]);

/** Every foldable region of a document (a test file's own, not its policy's), sorted by start line. */
export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const decl of analysis.ast.declarations) if (inDocument(analysis, decl.span)) out.push(...kept.get(analysis, decl));
  out.push(
    ...commentRuns(
      analysis,
      analysis.ast.comments.filter((c) => inDocument(analysis, c.span)),
    ),
  );
  // A const's list and the const itself often span the same lines: one fold is enough.
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine)
    .filter((r) => {
      const key = `${r.startLine}:${r.endLine}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The folds of one declaration, in the order of its nodes (a fold read from its own text, kept while it is unchanged). */
function declarationFolds(analysis: Analysis, decl: Ast.Declaration): FoldingRange[] {
  const out: FoldingRange[] = [];
  walk(decl, (node) => {
    if (!("kind" in node) || !foldable.has(node.kind)) return;
    const range = lines(analysis, node.span);
    if (range) out.push(range);
  });
  return out;
}

const kept = new PerDeclaration(declarationFolds, (folds, by) => folds.map((f) => ({ ...f, startLine: f.startLine + by, endLine: f.endLine + by })));

/** The lines of a span; a closing `}`, `]` or `)` alone on the last line stays visible. */
function lines(analysis: Analysis, span: Span, kind?: FoldingRangeKind): FoldingRange | undefined {
  const startLine = analysis.index.position(span.start).line - 1;
  let endLine = analysis.index.position(span.end).line - 1;
  const lastLine = analysis.index.lineText(endLine + 1);
  if (kind === undefined && /^\s*[}\])]/.test(lastLine)) endLine--;
  if (endLine <= startLine) return undefined;
  return { startLine, endLine, ...(kind ? { kind } : {}) };
}

/** Block comments over several lines, and runs of two or more line comments (or of `///` doc comments) on consecutive lines. */
function commentRuns(analysis: Analysis, comments: readonly Ast.Comment[]): FoldingRange[] {
  const out: FoldingRange[] = [];
  let run: Span | undefined;
  let runLine = -1;
  let runKind: Ast.Comment["kind"] | undefined;
  const flush = (): void => {
    const range = run && lines(analysis, run, FoldingRangeKind.Comment);
    if (range) out.push(range);
    run = undefined;
  };
  for (const comment of comments) {
    const line = analysis.index.position(comment.span.start).line;
    if (comment.kind === "block") {
      flush();
      const range = lines(analysis, comment.span, FoldingRangeKind.Comment);
      if (range) out.push(range);
      continue;
    }
    // A `///` run documents the declaration below it: a `//` line next to it is other prose, folded apart.
    if (run && line === runLine + 1 && comment.kind === runKind) run = { start: run.start, end: comment.span.end };
    else {
      flush();
      run = comment.span;
    }
    runLine = line;
    runKind = comment.kind;
  }
  flush();
  return out;
}
