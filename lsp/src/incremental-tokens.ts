// A document's semantic tokens one declaration at a time, reusing each declaration's encoding while it and what it can see are unchanged, and the whole answer per analysis.
import type { Ast, Node } from "@apol/compiler";
import type { Analysis } from "./analysis.js";
import { declarationStarts } from "./declaration-chunk.js";
import { classify, classifyStretch, encode } from "./semantic-tokens.js";

/** A declaration's tokens, encoded from the line its stretch starts on (see `encode`). */
interface Encoded {
  /** The parse the tokens were made from: the incremental parser keeps it while the declaration's text is unchanged. */
  readonly decl: Ast.Declaration;
  readonly data: readonly number[];
  /** The line of the last token, counted from the stretch's first. */
  readonly lastLine: number;
}

/** What one document's last tokens were made of. */
interface Kept {
  /** The headers and the declarations a rule can see (all but rules and tests), as `RuleChecks` compares them. */
  readonly environment: readonly object[];
  /** The declarations' encodings by the text of their stretch. */
  readonly declarations: Map<string, Encoded[]>;
}

/** A stretch of the text and its encoding, for assembling the document's. */
interface Part {
  readonly line: number;
  readonly data: readonly number[];
  readonly lastLine: number;
}

/**
 * Classifying and encoding a 5,000-line policy takes about as long as re-checking it, and an
 * editor asks for the tokens after every keystroke (sometimes twice for one text). An edit
 * changes one declaration, and the tokens of a declaration other than a test depend only on its
 * text and on the environment: the header and the declarations that are not rules or tests (a
 * rule's check reads no other rule, as `RuleChecks` relies on; a tool, type or const sees only
 * the environment). So the text is cut where the incremental parser cuts it (declaration lines,
 * with the comments above them); each stretch that holds exactly one such declaration keeps its
 * encoding while its text, its parse and the environment are unchanged, and every other stretch
 * (a test, which names rules; an edited declaration) is classified again. The result equals
 * `encode(analysis, classify(analysis))` (`incremental-tokens.test.ts` compares them after
 * random edits).
 *
 * One instance serves a server: each document's last encodings are kept under its URI.
 */
export class IncrementalTokens {
  private readonly kept = new Map<string, Kept>();
  private readonly answered = new WeakMap<Analysis, number[]>();

  /** The encoded semantic tokens of `analysis`, the newest of its document. */
  tokens(analysis: Analysis): number[] {
    let data = this.answered.get(analysis);
    if (data === undefined) {
      data = this.compute(analysis);
      this.answered.set(analysis, data);
    }
    return data;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.kept.delete(uri);
  }

  private compute(analysis: Analysis): number[] {
    // A test file's text starts with its policy's, and a comment left open runs over the cuts: both are classified whole.
    if (analysis.ast.tooLarge || analysis.boundary !== 0 || analysis.diagnostics.some((d) => d.code === "apol/unterminated-comment")) {
      this.kept.delete(analysis.uri);
      return encode(analysis, classify(analysis));
    }
    const { text } = analysis;
    const environment: object[] = [...analysis.ast.headers, ...analysis.ast.declarations.filter((d) => d.kind !== "RuleDecl" && d.kind !== "TestDecl")];
    const last = this.kept.get(analysis.uri);
    const same = last !== undefined && last.environment.length === environment.length && environment.every((d, i) => d === last.environment[i]);
    const previous = same ? last.declarations : new Map<string, Encoded[]>();
    const declarations = new Map<string, Encoded[]>();
    const nodes: Ast.Declaration[] = [...analysis.ast.headers, ...analysis.ast.declarations].sort((a, b) => a.span.start - b.span.start);
    const starts = declarationStarts(text);
    if (starts[0] !== 0) starts.unshift(0);

    const parts: Part[] = [];
    // The stretch not yet classified: from `pending` to the current cut, with the nodes that start in it.
    let pending = 0;
    let pendingNodes: Ast.Declaration[] = [];
    const flush = (end: number): void => {
      if (end > pending) parts.push(this.fresh(analysis, pending, end, pendingNodes));
      pendingNodes = [];
    };
    let n = 0;
    // Where the nodes taken so far end: a declaration the parser took over a cut (past a shape line it could not end before) spans two stretches.
    let reached = 0;
    for (let i = 0; i < starts.length; i++) {
      const start = starts[i] as number;
      const end = starts[i + 1] ?? text.length;
      const inside: Ast.Declaration[] = [];
      while (n < nodes.length && (nodes[n] as Ast.Declaration).span.start < end) inside.push(nodes[n++] as Ast.Declaration);
      const [only] = inside;
      const alone = reached <= start && inside.length === 1 && only !== undefined && only.kind !== "TestDecl" && only.span.end <= end;
      for (const node of inside) reached = Math.max(reached, node.span.end);
      const decl = alone ? only : undefined;
      if (decl === undefined) {
        pendingNodes.push(...inside);
        continue;
      }
      flush(start);
      pending = end;
      const stretch = text.slice(start, end);
      const line = analysis.index.position(start).line - 1;
      const candidates = previous.get(stretch);
      const at = candidates?.findIndex((e) => e.decl === decl) ?? -1;
      let encoded: Encoded;
      if (candidates !== undefined && at >= 0) encoded = candidates.splice(at, 1)[0] as Encoded;
      else {
        const part = this.fresh(analysis, start, end, [decl]);
        encoded = { decl, data: part.data, lastLine: part.lastLine };
      }
      const list = declarations.get(stretch);
      if (list) list.push(encoded);
      else declarations.set(stretch, [encoded]);
      parts.push({ line, data: encoded.data, lastLine: encoded.lastLine });
    }
    flush(text.length);
    this.kept.set(analysis.uri, { environment, declarations });
    return assemble(parts);
  }

  /** The stretch from `start` to `end` (a line start) classified and encoded from its first line. */
  private fresh(analysis: Analysis, start: number, end: number, nodes: readonly Node[]): Part {
    const line = analysis.index.position(start).line - 1;
    const data = encode(analysis, classifyStretch(analysis, start, end, nodes), line);
    let lastLine = 0;
    for (let i = 0; i < data.length; i += 5) lastLine += data[i] as number;
    return { line, data, lastLine };
  }
}

/** The document's encoding from its stretches': each stretch's first token is moved from its own first line to the line after the last token before it. */
function assemble(parts: readonly Part[]): number[] {
  const out: number[] = [];
  let previousLine = 0;
  for (const part of parts) {
    if (part.data.length === 0) continue;
    const first = out.length;
    for (const value of part.data) out.push(value);
    out[first] = part.line + (part.data[0] as number) - previousLine;
    previousLine = part.line + part.lastLine;
  }
  return out;
}
