// Hover: the type and doc comment of the name under the cursor, built-in signatures, operator and keyword docs, rule and test summaries, labels.
import { labelExpectedAt, lex, operatorDocs, pathTo, spellToolName, toolsCovered, typeToString, type Ast, type Node, type Type } from "@apol/compiler";
import type { Hover, Position } from "vscode-languageserver";
import { occurrenceAt, type Analysis } from "./analysis.js";
import {
  describeArgument,
  describeBuiltin,
  describeBuiltinField,
  describeLabel,
  describeRoot,
  describeSymbol,
  describeTest,
  toMarkdown,
  type Description,
} from "./describe.js";
import { declarationAround } from "./declaration-chunk.js";
import { keywordDoc } from "./keyword-docs.js";
import { toOffset, toRange, touches } from "./positions.js";

/** The hover for a position, or null where there is nothing to say. */
export function hover(analysis: Analysis, position: Position): Hover | null {
  const offset = toOffset(analysis.index, position);
  const found = describeAt(analysis, offset);
  if (!found) return null;
  return { contents: { kind: "markdown", value: toMarkdown(found.description) }, range: toRange(analysis.index, found.span) };
}

function describeAt(analysis: Analysis, offset: number): { description: Description; span: Ast.Name["span"] } | undefined {
  const { checked, text } = analysis;
  const occurrence = occurrenceAt(analysis, offset);
  if (occurrence) {
    const targets = occurrence.references.map((r) => r.target);
    const first = targets[0];
    // `args.x` over several tools: one reference per tool, described together.
    const arguments_ = targets.filter((t) => t.kind === "argument");
    const description =
      arguments_.length > 1 && first?.kind === "argument"
        ? describeArgument(
            arguments_.map((t) => checked.symbols.tools.get(t.tool)).filter((t) => t !== undefined),
            first.name,
          )
        : first && describeSymbol(checked, first, text, first.kind === "variable" ? variableType(analysis, first.declaredAt) : undefined);
    if (description) return { description: narrowedHere(analysis, offset, occurrence, description), span: occurrence };
  }
  return describeSyntax(analysis, offset) ?? describeKeyword(analysis, offset);
}

/** A keyword of a declaration, rule or test (the others are described by their nodes): found by lexing the declaration around it. */
function describeKeyword(analysis: Analysis, offset: number): { description: Description; span: Ast.Name["span"] } | undefined {
  const chunk = declarationAround(analysis.text, offset);
  const token = lex(analysis.text.slice(chunk.start, chunk.end)).tokens.find(
    (t) => chunk.start + t.startOffset <= offset && offset <= chunk.start + t.startOffset + t.image.length,
  );
  const doc = token?.tokenType.name === `Kw_${token?.image}` ? keywordDoc(token.image) : undefined;
  if (!token || doc === undefined) return undefined;
  const start = chunk.start + token.startOffset;
  return { description: { detail: token.image, code: `(keyword) ${token.image}`, doc }, span: { start, end: start + token.image.length } };
}

/** An argument or field read where an `is` test narrowed its union: the description says what it is there. */
function narrowedHere(analysis: Analysis, offset: number, name: Ast.Name["span"], description: Description): Description {
  const path = [...pathTo(analysis.ast, offset)].reverse().find((n): n is Ast.PathExpr => "kind" in n && n.kind === "Path");
  const last = path?.fields[path.fields.length - 1];
  if (!path || !last || last.span.start !== name.start) return description;
  const narrowed = analysis.checked.scopes.get(path)?.narrowed.get([path.head.text, ...path.fields.map((f) => f.text)].join("."));
  if (!narrowed) return description;
  const note = `here \`${typeToString(narrowed)}\`: an \`is\` test narrowed it`;
  return { ...description, doc: description.doc === undefined ? note : `${note}\n\n${description.doc}` };
}

/** Names the checker does not record as references: built-ins, operators, `now`/`tool` fields, path roots. */
function describeSyntax(analysis: Analysis, offset: number): { description: Description; span: Ast.Name["span"] } | undefined {
  const chain = pathTo(analysis.ast, offset);
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = describeNode(analysis, chain[i] as Node, offset);
    if (found) return found;
  }
  return undefined;
}

function describeNode(analysis: Analysis, node: Node, offset: number): { description: Description; span: Ast.Name["span"] } | undefined {
  if (!("kind" in node)) return undefined;
  switch (node.kind) {
    case "Call": {
      const call = node;
      const description = touches(call.callee.span, offset) ? describeBuiltin(call.callee.text) : undefined;
      return description && { description, span: call.callee.span };
    }
    case "History": {
      const history = node;
      const description = touches(history.fnSpan, offset) ? describeBuiltin(history.fn) : undefined;
      return description && { description, span: history.fnSpan };
    }
    case "Quantifier": {
      const quantifier = node;
      const keyword = { start: quantifier.span.start, end: quantifier.span.start + quantifier.quantifier.length };
      const description = touches(keyword, offset) ? describeBuiltin(quantifier.quantifier) : undefined;
      return description && { description, span: keyword };
    }
    case "Binary": {
      const binary = node;
      if (!touches(binary.opSpan, offset)) return undefined;
      const doc = operatorDocs.get(binary.op === "not in" ? "in" : binary.op);
      return doc === undefined ? undefined : { description: { detail: binary.op, code: `(operator) ${binary.op}`, doc }, span: binary.opSpan };
    }
    case "TypeTest": {
      const doc = touches(node.isSpan, offset) ? operatorDocs.get("is") : undefined;
      return doc === undefined ? undefined : { description: { detail: "is", code: "(operator) is", doc }, span: node.isSpan };
    }
    case "Unary": {
      const unary = node;
      const keyword = { start: unary.span.start, end: unary.span.start + unary.op.length };
      const doc = unary.op === "not" && touches(keyword, offset) ? operatorDocs.get("not") : undefined;
      return doc === undefined ? undefined : { description: { detail: "not", code: "(operator) not", doc }, span: keyword };
    }
    case "Path":
      return describePath(analysis, node, offset);
    case "TestDecl":
      return touches(node.title.span, offset) ? { description: describeTest(node), span: node.title.span } : undefined;
    case "returns":
    case "observe":
    case "TestCall": {
      const labels = node.kind === "returns" ? [node.label] : node.labels;
      const label = labels.find((l) => touches(l.span, offset));
      return label && { description: describeLabel(label.text, analysis.checked.symbols), span: label.span };
    }
    case "Duration":
      return { description: { detail: node.raw, code: `(duration) ${node.raw}`, doc: `${node.ms.toLocaleString("en-US")} ms` }, span: node.span };
    case "TagTarget":
    case "TierTarget":
    case "AllTarget": {
      const tools = toolsCovered(analysis.checked.symbols, node).map((tool) => `\`${spellToolName(tool.name)}\``);
      const written = analysis.text.slice(node.span.start, node.span.end);
      return {
        description: { detail: written, code: `(target) ${written}`, doc: tools.length === 0 ? "covers no tool" : `covers ${tools.join(", ")}` },
        span: node.span,
      };
    }
    default:
      return undefined;
  }
}

/** `now.hour`, `tool.name`, `it.tool.tier`, and the roots `args`, `user`, ... of a path. */
function describePath(analysis: Analysis, path: Ast.PathExpr, offset: number): { description: Description; span: Ast.Name["span"] } | undefined {
  const meaning = analysis.checked.meanings.get(path);
  const field = path.fields.find((f) => touches(f.span, offset));
  if (meaning && field && (meaning.kind === "now" || meaning.kind === "tool" || meaning.kind === "it-tool")) {
    const description = describeBuiltinField(meaning.kind === "now" ? "now" : "tool", meaning.field);
    return description && { description, span: field.span };
  }
  if (path.fields.length === 0 && touches(path.head.span, offset) && labelExpectedAt(analysis.checked, offset)) {
    return { description: describeLabel(path.head.text, analysis.checked.symbols), span: path.head.span };
  }
  if (touches(path.head.span, offset)) {
    const description = describeRoot(path.head.text, path.fields.length === 0 ? analysis.checked.types.get(path) : undefined);
    if (description) return { description, span: path.head.span };
  }
  return undefined;
}

/** The element type of the list a quantifier variable ranges over. */
function variableType(analysis: Analysis, declaredAt: Ast.Name["span"]): Type | undefined {
  const chain = pathTo(analysis.ast, declaredAt.start);
  const quantifier = [...chain]
    .reverse()
    .find((n): n is Ast.QuantifierExpr => "kind" in n && n.kind === "Quantifier" && n.variable.span.start === declaredAt.start);
  const list = quantifier ? analysis.checked.types.get(quantifier.list) : undefined;
  return list?.kind === "list" ? list.element : list;
}
