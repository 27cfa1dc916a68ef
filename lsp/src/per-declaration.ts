// Keeps what a feature made of each declaration, by the declaration's parse, and moves it by whole lines when the declaration moved.
import type { Ast } from "@apol/compiler";
import type { Analysis } from "./analysis.js";

/**
 * The incremental parser keeps the parse (the very object) of every declaration whose text an
 * edit left alone, so what a feature made of it from its text alone (its outline entry, its
 * folds) holds again, only on other lines when lines were added or removed above it: the
 * declaration starts a line, and its text is the same. Kept by the parse object, which goes
 * away with the declaration.
 */
export class PerDeclaration<T> {
  private readonly kept = new WeakMap<Ast.Declaration, { readonly line: number; readonly value: T }>();

  /** `make` reads only the declaration's own text; `shift` gives a value `lines` lines further down (up when negative). */
  constructor(
    private readonly make: (analysis: Analysis, decl: Ast.Declaration) => T,
    private readonly shift: (value: T, lines: number) => T,
  ) {}

  /** What `make` gives for `decl` of `analysis`, made again only when the declaration is new. */
  get(analysis: Analysis, decl: Ast.Declaration): T {
    const line = analysis.index.position(decl.span.start).line;
    const kept = this.kept.get(decl);
    if (kept !== undefined && kept.line === line) return kept.value;
    const value = kept === undefined ? this.make(analysis, decl) : this.shift(kept.value, line - kept.line);
    this.kept.set(decl, { line, value });
    return value;
  }
}
