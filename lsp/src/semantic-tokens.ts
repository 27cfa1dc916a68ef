// Semantic tokens: the lexer's keywords, literals and comments, refined by the checker's references and the AST.
import {
  approveWord,
  builtinFunctions,
  builtinTypeNames,
  itFields,
  lex,
  operatorTokenNames,
  pathRoots,
  walk,
  type Ast,
  type Node,
  type SymbolRef,
} from "@apol/compiler";
import type { SemanticTokens, SemanticTokensDelta, SemanticTokensLegend } from "vscode-languageserver";
import { inDocument, occurrencesIn, occurrencesOf, type Analysis } from "./analysis.js";

/**
 * Token types. `duration`, `tool` and `rule` are apol's own; an editor maps them through
 * super types (number, function, class) or colours them by name.
 */
export const tokenTypes = [
  "keyword",
  "operator",
  "string",
  "number",
  "duration",
  "comment",
  "function",
  "tool",
  "rule",
  "parameter",
  "property",
  "enum",
  "enumMember",
  "variable",
  "label",
  "namespace",
  "type",
] as const;

/** `declaration` marks every declaring occurrence; `definition` those that also give a value or body (rules, consts, enums, variables). */
const tokenModifiers = ["declaration", "definition", "readonly", "defaultLibrary", "documentation"] as const;

type TokenType = (typeof tokenTypes)[number];
type TokenModifier = (typeof tokenModifiers)[number];

export const legend: SemanticTokensLegend = { tokenTypes: [...tokenTypes], tokenModifiers: [...tokenModifiers] };

/** One classified stretch of text, before encoding. */
export interface ClassifiedToken {
  readonly start: number;
  readonly end: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

const roots: ReadonlySet<string> = new Set(pathRoots);
const builtinTypes: ReadonlySet<string> = new Set(builtinTypeNames);

/** Every classified token of a document (a test file's own, not its policy's) in source order; later sources (AST, then references) refine earlier ones. */
export function classify(analysis: Analysis): ClassifiedToken[] {
  // A text too large to compile is not lexed either: the editor asks again after every keystroke.
  if (analysis.ast.tooLarge) return [];
  return classifyStretch(analysis, 0, analysis.text.length, [analysis.ast]).filter((t) => inDocument(analysis, t));
}

/**
 * The classified tokens of the text from `start` to `end`, lexed alone, with the `nodes` (every
 * node whose span starts there) and the references there, in source order. The stretch must not
 * start or end inside a token (a block comment), so that lexing it alone finds what lexing the
 * whole text finds there; then the tokens of a document are those of its stretches, one after another.
 */
export function classifyStretch(analysis: Analysis, start: number, end: number, nodes: readonly Node[]): ClassifiedToken[] {
  const byStart = new Map<number, ClassifiedToken>();
  const put = (span: { start: number; end: number }, type: TokenType, modifiers: readonly TokenModifier[] = []): void => {
    if (span.end > span.start) byStart.set(span.start, { start: span.start, end: span.end, type, modifiers });
  };
  const lexed = lex(start === 0 && end === analysis.text.length ? analysis.text : analysis.text.slice(start, end));
  for (const token of lexed.tokens) {
    const name = token.tokenType.name;
    const span = { start: start + token.startOffset, end: start + token.startOffset + token.image.length };
    if (name.startsWith("Kw_")) put(span, "keyword");
    else if (name === "StringLiteral") put(span, "string");
    else if (name === "NumberLiteral") put(span, "number");
    else if (name === "Duration") put(span, "duration");
    else if (operatorTokenNames.has(name)) put(span, "operator");
  }
  for (const comment of lexed.comments) {
    const doc = comment.tokenType.name === "DocComment";
    put({ start: start + comment.startOffset, end: start + comment.startOffset + comment.image.length }, "comment", doc ? ["documentation"] : []);
  }
  for (const node of nodes) walk(node, (n) => classifyNode(n, analysis, put));
  for (const occurrence of start === 0 && end === analysis.text.length ? occurrencesOf(analysis) : occurrencesIn(analysis, start, end)) {
    const reference = occurrence.references[0];
    if (reference) put(occurrence, typeOf(reference.target), modifiersOf(reference.target, reference.declaration));
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

function classifyNode(node: Node, analysis: Analysis, put: (span: Ast.Name["span"], type: TokenType, modifiers?: readonly TokenModifier[]) => void): void {
  if (!("kind" in node)) return;
  switch (node.kind) {
    case "PolicyHeader":
      put(node.name.span, "namespace", ["declaration"]);
      break;
    case "Call":
      put(node.callee.span, "function", builtinFunctions.has(node.callee.text) ? ["defaultLibrary"] : []);
      break;
    case "History":
      put(node.fnSpan, "function", ["defaultLibrary"]);
      break;
    case "Quantifier":
      put({ start: node.span.start, end: node.span.start + node.quantifier.length }, "function", ["defaultLibrary"]);
      break;
    case "Path": {
      const meaning = analysis.checked.meanings.get(node);
      if (meaning?.kind === "label") put(node.head.span, "label");
      // User enums' symbols have references; the built-in `Weekday`'s do not.
      else if (meaning?.kind === "member") put(node.head.span, "enumMember", ["defaultLibrary"]);
      else if (roots.has(node.head.text)) put(node.head.span, "variable", ["defaultLibrary"]);
      node.fields.forEach((field, i) => {
        // In `it.args.x`, `args` (as `tool` and `output`) is the earlier call's: coloured as the root `args` of `args.x` is.
        if (i === 0 && node.head.text === "it" && (itFields as ReadonlyMap<string, string>).has(field.text)) put(field.span, "variable", ["defaultLibrary"]);
        else put(field.span, "property");
      });
      break;
    }
    case "NamedType":
      if (builtinTypes.has(node.name.text)) put(node.name.span, "type", ["defaultLibrary"]);
      break;
    case "returns":
      put(node.label.span, "label");
      break;
    case "RedactPath":
      for (const segment of node.segments) if (segment.kind === "field") put(segment.name.span, "property");
      break;
    case "TestCall":
      // `unchecked` is a word the lexer reads as a name: the call makes it a keyword.
      if (node.unchecked) put(node.unchecked.span, "keyword");
      for (const label of node.labels) put(label.span, "label");
      break;
    case "observe":
      for (const label of node.labels) put(label.span, "label");
      break;
    case "approve":
      // A word the lexer reads as a name: the statement makes it a keyword.
      put({ start: node.span.start, end: node.span.start + approveWord.length }, "keyword");
      break;
  }
}

function typeOf(target: SymbolRef): TokenType {
  switch (target.kind) {
    case "tool":
      return "tool";
    case "tag":
      return "label";
    case "argument":
      return "parameter";
    case "field":
      return "property";
    case "enum":
      return "enum";
    case "member":
      return "enumMember";
    case "const":
    case "variable":
      return "variable";
    case "rule":
      return "rule";
    case "predicate":
      return "function";
    case "parameter":
      return "parameter";
  }
}

function modifiersOf(target: SymbolRef, declaration: boolean): TokenModifier[] {
  const modifiers: TokenModifier[] = [];
  if (declaration) {
    modifiers.push("declaration");
    if (["rule", "const", "predicate", "parameter", "enum", "member", "variable"].includes(target.kind)) modifiers.push("definition");
  }
  if (target.kind === "const") modifiers.push("readonly");
  return modifiers;
}

/**
 * The LSP encoding: five integers per token, positions relative to the previous token, one token
 * per line. The first token's line is counted from `fromLine` (0-based): a stretch of a document
 * encoded from the line it starts on is the same numbers wherever the stretch moves.
 */
export function encode(analysis: Analysis, tokens: readonly ClassifiedToken[], fromLine = 0): number[] {
  const data: number[] = [];
  let previousLine = fromLine;
  let previousChar = 0;
  for (const token of tokens) {
    const type = tokenTypes.indexOf(token.type);
    const modifiers = token.modifiers.reduce((bits, m) => bits | (1 << tokenModifiers.indexOf(m)), 0);
    for (const piece of splitLines(analysis, token)) {
      const at = analysis.index.position(piece.start);
      const line = at.line - 1;
      const char = at.column - 1;
      data.push(line - previousLine, line === previousLine ? char - previousChar : char, piece.end - piece.start, type, modifiers);
      previousLine = line;
      previousChar = char;
    }
  }
  return data;
}

/** A block comment over several lines becomes one token per line, as clients without multi-line token support need. */
function splitLines(analysis: Analysis, token: ClassifiedToken): { start: number; end: number }[] {
  const text = analysis.text.slice(token.start, token.end);
  if (!text.includes("\n") && !text.includes("\r")) return [token];
  const pieces: { start: number; end: number }[] = [];
  const pattern = /\r\n|\r|\n/g;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > from) pieces.push({ start: token.start + from, end: token.start + match.index });
    from = match.index + match[0].length;
  }
  if (token.start + from < token.end) pieces.push({ start: token.start + from, end: token.end });
  return pieces;
}

/**
 * The last result sent for each document, so a delta request can be answered with edits.
 * Result ids count up per server, so an old id never matches new data.
 */
export class SemanticTokensResults {
  private readonly results = new Map<string, { readonly id: string; readonly data: readonly number[] }>();
  private next = 1;

  /** The full tokens of a document, remembered for later deltas. */
  full(uri: string, data: number[]): SemanticTokens {
    const id = String(this.next++);
    this.results.set(uri, { id, data });
    return { resultId: id, data };
  }

  /** The edits from the result `previousId` to `data`, or the full tokens when that result is not the last one sent. */
  delta(uri: string, previousId: string, data: number[]): SemanticTokens | SemanticTokensDelta {
    const previous = this.results.get(uri);
    if (!previous || previous.id !== previousId) return this.full(uri, data);
    const old = previous.data;
    let prefix = 0;
    while (prefix < old.length && prefix < data.length && old[prefix] === data[prefix]) prefix++;
    let suffix = 0;
    while (suffix < old.length - prefix && suffix < data.length - prefix && old[old.length - 1 - suffix] === data[data.length - 1 - suffix]) suffix++;
    const id = String(this.next++);
    this.results.set(uri, { id, data });
    const edits =
      prefix === old.length && prefix === data.length
        ? []
        : [{ start: prefix, deleteCount: old.length - prefix - suffix, data: data.slice(prefix, data.length - suffix) }];
    return { resultId: id, edits };
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.results.delete(uri);
  }
}
