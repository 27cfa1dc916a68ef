// Code actions beyond fixes: "add a test for this rule" on a rule's name, and "extract const" on a selected literal.
import { enumMembers, isExpr, pathTo, spellToolName, type Ast, type Symbols, type Type } from "@apol/compiler";
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { toRange, toSpan } from "./positions.js";

/** The refactorings at `range`: a test for the rule whose name it is on, a const for the literal it selects. */
export function refactors(analysis: Analysis, range: Range): CodeAction[] {
  if (analysis.boundary !== 0) return [];
  const span = toSpan(analysis.index, range);
  const rule = analysis.ast.declarations.find(
    (d): d is Ast.RuleDecl => d.kind === "RuleDecl" && d.name.span.start <= span.start && span.end <= d.name.span.end,
  );
  const out: CodeAction[] = [];
  const test = rule && addTest(analysis, rule);
  if (test) out.push(test);
  const extract = span.end > span.start ? extractConst(analysis, span) : undefined;
  if (extract) out.push(extract);
  return out;
}

/** A test that calls the rule's first tool with example arguments and expects the rule to decide, appended to the file. */
function addTest(analysis: Analysis, rule: Ast.RuleDecl): CodeAction | undefined {
  const effect = rule.effect?.effect;
  const tool = analysis.checked.rules.find((r) => r.decl === rule)?.tools[0];
  const symbol = tool === undefined ? undefined : analysis.checked.symbols.tools.get(tool);
  if (!symbol || effect === undefined || effect === "redact") return undefined;
  const args = [...symbol.params.values()].filter((p) => !p.optional).map((p) => `${p.name}: ${example(p.type, analysis.checked.symbols)}`);
  const text = analysis.text;
  const newText = `${text.endsWith("\n") ? "" : "\n"}\ntest "${rule.name.text} ${effect}s ${symbol.name}" {\n  call ${spellToolName(symbol.name)}(${args.join(", ")})\n  expect ${effect} by ${rule.name.text}\n}\n`;
  const end = analysis.index.position(text.length);
  const at = { line: end.line - 1, character: end.column - 1 };
  return {
    title: `add a test for rule \`${rule.name.text}\``,
    kind: CodeActionKind.Refactor,
    edit: { changes: { [analysis.uri]: [{ range: { start: at, end: at }, newText }] } },
  };
}

/** A value of `type` to start a test from: the first enum symbol, an empty string or list, zero. */
function example(type: Type, symbols: Symbols): string {
  switch (type.kind) {
    case "string":
      return '""';
    case "number":
    case "int":
      return "0";
    case "bool":
      return "false";
    case "enum":
      return enumMembers(type.name, symbols)[0] ?? '""';
    case "list":
      return "[]";
    case "record":
      return `{ ${[...type.fields]
        .filter(([, f]) => !f.optional)
        .map(([name, f]) => `${name}: ${example(f.type, symbols)}`)
        .join(", ")} }`;
    default:
      return "{}";
  }
}

const literalKinds: ReadonlySet<string> = new Set(["String", "Number", "List", "Duration", "Bool"]);

/** The selected literal (a string, number, list) as a const declared before the first rule, and the selection replaced by its name. */
function extractConst(analysis: Analysis, span: { start: number; end: number }): CodeAction | undefined {
  const text = analysis.text;
  const start = span.start + (text.slice(span.start, span.end).length - text.slice(span.start, span.end).trimStart().length);
  const end = span.end - (text.slice(span.start, span.end).length - text.slice(span.start, span.end).trimEnd().length);
  const node = pathTo(analysis.ast, start).find((n) => isExpr(n) && n.span.start === start && n.span.end === end);
  if (!node || !("kind" in node) || !literalKinds.has(node.kind)) return undefined;
  const name = freeName(analysis.checked.symbols);
  const firstRule = analysis.ast.declarations.find((d) => d.kind === "RuleDecl" || d.kind === "TestDecl");
  const insertAt = firstRule ? lineStart(text, firstRule.span.start) : text.length;
  const insert = toRange(analysis.index, { start: insertAt, end: insertAt });
  return {
    title: `extract \`${text.slice(start, end)}\` into a const`,
    kind: CodeActionKind.RefactorExtract,
    edit: {
      changes: {
        [analysis.uri]: [
          { range: insert, newText: `const ${name} = ${text.slice(start, end)}\n\n` },
          { range: toRange(analysis.index, { start, end }), newText: name },
        ],
      },
    },
  };
}

/** `extracted`, or `extracted_2`, ... : the first name no declaration uses. */
function freeName(symbols: Symbols): string {
  const taken = (n: string) => symbols.consts.has(n) || symbols.tools.has(n) || symbols.rules.has(n) || symbols.enums.has(n) || symbols.membersToEnums.has(n);
  let name = "extracted";
  for (let i = 2; taken(name); i++) name = `extracted_${i}`;
  return name;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
