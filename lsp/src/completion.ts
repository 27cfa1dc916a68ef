// Completion: keywords the grammar allows at the cursor, and the names that fit there, from the document's symbols.
import {
  builtinFunctions,
  keywordSpecs,
  nowFields,
  specialForms,
  toolFields,
  typeToString,
  enumMembers,
  type Ast,
  type Symbols,
  type ToolSymbol,
  type Type,
} from "@apol/compiler";
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import type { Node } from "./ast-nodes.js";
import { completionContext, innermost, placeholder, placeholderPath, type CompletionContext } from "./completion-context.js";
import {
  describeArgument,
  describeBuiltin,
  describeBuiltinField,
  describeConst,
  describeEnum,
  describeMember,
  describeRoot,
  describeRule,
  describeShapeField,
  describeTag,
  describeTool,
  describeVariable,
  toMarkdown,
  type Description,
} from "./describe.js";
import type { Snapshot } from "./documents.js";
import { toOffset, toRange } from "./positions.js";

const shapeNames: ReadonlySet<string> = new Set(["agent", "user", "context", "resource"]);
/** A decision is `allow`, `deny` or `review`; `redact` only rewrites an allowed call's output, so a test cannot expect it. */
const testEffects = keywordSpecs.filter((k) => k.role === "effect" && k.word !== "redact").map((k) => k.word);
const windows = ["1h", "24h", "7d", "30m"];

/** Builds items with one replace range, each label once. */
class Items {
  private readonly byLabel = new Map<string, CompletionItem>();
  private closed = false;
  constructor(private readonly range: Range) {}

  add(label: string, kind: CompletionItemKind, description?: Description | string, options: { snippet?: string; insert?: string; first?: boolean } = {}): void {
    if (this.closed || this.byLabel.has(label) || label === "" || label === placeholder) return;
    const detail = typeof description === "string" ? description : description?.detail;
    const newText = options.snippet ?? options.insert ?? label;
    this.byLabel.set(label, {
      label,
      kind,
      ...(detail ? { detail } : {}),
      ...(typeof description === "object" ? { documentation: { kind: "markdown", value: toMarkdown(description) } } : {}),
      ...(options.snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
      ...(options.first ? { sortText: `0_${label}`, preselect: true } : {}),
      textEdit: { range: this.range, newText },
    });
  }

  /** Replaces every item with those `fill` adds, and refuses later ones: the context allows nothing else. */
  only(fill: () => void): void {
    this.byLabel.clear();
    this.closed = false;
    fill();
    this.closed = true;
  }

  list(): CompletionItem[] {
    return [...this.byLabel.values()];
  }
}

/**
 * The completions at `position`. The text is the document's current text; `latest` gives the
 * declarations (it may lag the text by a few keystrokes, which completion tolerates).
 */
export function completion(snapshot: Snapshot, latest: Analysis | undefined, position: Position): CompletionItem[] {
  const offset = toOffset(snapshot.index, position);
  const symbols = latest?.checked.symbols;
  const context = completionContext(snapshot.text, offset, symbols);
  if (!context) return [];
  const items = new Items(toRange(snapshot.index, context.replace));
  const previous = context.preceding[context.preceding.length - 1];
  if (previous?.tokenType.name === "Dot") {
    if (symbols) members(context, symbols, items);
    return items.list();
  }
  for (const expected of context.expected) {
    const rule = expected.ruleStack[expected.ruleStack.length - 1] ?? "";
    const inRule = expected.ruleStack.includes("ruleDecl");
    if (expected.token.startsWith("Kw_")) keyword(expected.token.slice(3), rule, inRule, context, symbols, items);
    else if (latest) names(expected.token, rule, inRule, context, latest, items);
  }
  return items.list();
}

function keyword(word: string, rule: string, inRule: boolean, context: CompletionContext, symbols: Symbols | undefined, items: Items): void {
  if (rule === "path") {
    // A path root: only where it means something.
    if (!inRule) return;
    if (shapeNames.has(word)) {
      const shape = symbols?.shapes.get(word as Ast.ShapeKind);
      if (shape) items.add(word, CompletionItemKind.Variable, describeRoot(word, shape.type));
      return;
    }
    if (word === "it" && !inWhere(context)) return;
    items.add(word, CompletionItemKind.Variable, describeRoot(word));
    return;
  }
  const form = specialForms.get(word);
  if (form && (rule === "historyCall" || rule === "sumCall" || rule === "quantifier")) {
    if (inRule) items.add(word, CompletionItemKind.Function, describeBuiltin(word), { snippet: form.snippet });
    return;
  }
  if (word === "session" && rule === "window") {
    items.add(word, CompletionItemKind.Unit, "the whole session");
    return;
  }
  items.add(word, CompletionItemKind.Keyword, "keyword");
}

function names(token: string, rule: string, inRule: boolean, context: CompletionContext, latest: Analysis, items: Items): void {
  const symbols = latest.checked.symbols;
  const text = latest.text;
  const previous = context.preceding[context.preceding.length - 1]?.tokenType.name;
  if (token === "Identifier") {
    if (rule === "target" || rule === "sumCall" || rule === "testCall") tools(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_by") ruleNames(latest, items);
    else if (rule === "path" || rule === "call") expressionNames(context, symbols, text, inRule, rule, items);
    else if (rule === "typeExpr") types(symbols, items);
  } else if (token === "AnyName") {
    if (rule === "target" && previous === "Kw_tagged") tags(symbols, items);
    else if (rule === "testStatement" && previous === "Kw_expect") for (const effect of testEffects) items.add(effect, CompletionItemKind.Keyword, "effect");
    else if (rule === "objectEntry") entryKeys(context, symbols, items);
    else if (rule === "toolClause" && previous === "Kw_returns") labels(symbols, items);
    else if (rule === "nameList") (previous === "Kw_tags" || tagsClause(context) ? tags(symbols, items) : labels(symbols, items));
  } else if (token === "Duration" && rule === "window") {
    for (const w of windows) items.add(w, CompletionItemKind.Unit, "window");
  }
}

function tools(symbols: Symbols, items: Items): void {
  for (const tool of symbols.tools.values()) items.add(tool.name, CompletionItemKind.Function, describeTool(tool));
}

function ruleNames(latest: Analysis, items: Items): void {
  for (const name of latest.checked.symbols.rules.keys()) items.add(name, CompletionItemKind.Event, describeRule(latest.checked, name, latest.text) ?? "rule");
}

function tags(symbols: Symbols, items: Items): void {
  const all = [...symbols.tools.values()];
  for (const tag of new Set(all.flatMap((t) => t.tags))) items.add(tag, CompletionItemKind.Value, describeTag(tag, all));
}

function labels(symbols: Symbols, items: Items): void {
  const known = new Set(["untrusted", ...[...symbols.tools.values()].flatMap((t) => (t.returns === undefined ? [] : [t.returns]))]);
  for (const label of known) items.add(label, CompletionItemKind.Value, "label");
}

function types(symbols: Symbols, items: Items): void {
  for (const name of ["string", "number", "int", "bool"]) items.add(name, CompletionItemKind.TypeParameter, "built-in type");
  for (const e of symbols.enums.values()) items.add(e.name, CompletionItemKind.Enum, describeEnum(e));
}

/** Names that may stand in an expression: enum symbols the other operand expects first, then consts, variables and functions. */
function expressionNames(context: CompletionContext, symbols: Symbols, text: string, inRule: boolean, rule: string, items: Items): void {
  const path = placeholderPath(context);
  const call = path ? parentOf(context.chain, path) : undefined;
  if (call?.kind === "Call") {
    const fn = builtinFunctions.get((call as Ast.CallExpr).callee.text);
    const param = fn?.params[(call as Ast.CallExpr).args.indexOf(path as Ast.Expr)];
    if (param?.kind === "label") {
      items.only(() => labels(symbols, items));
      return;
    }
  }
  const expected = path ? expectedType(context, path, symbols) : undefined;
  if (expected?.kind === "enum") {
    // Where an enum is expected, its symbols (and consts holding one) are the only names that type-check.
    const members = enumMembers(expected.name, symbols);
    items.only(() => {
      for (const member of members) items.add(member, CompletionItemKind.EnumMember, describeMember(expected.name, member, symbols.enums.get(expected.name)?.decl.doc), { first: true });
      for (const c of symbols.consts.values()) if (c.type.kind === "enum" && c.type.name === expected.name) items.add(c.name, CompletionItemKind.Constant, describeConst(c, text));
    });
    return;
  }
  if (!inRule) {
    for (const e of symbols.enums.values()) for (const member of e.members) items.add(member, CompletionItemKind.EnumMember, describeMember(e.name, member, e.decl.doc));
  }
  for (const c of symbols.consts.values()) items.add(c.name, CompletionItemKind.Constant, describeConst(c, text));
  for (const [name, type] of variablesInScope(context)) items.add(name, CompletionItemKind.Variable, describeVariable(name, type));
  if (inRule && rule === "call") {
    for (const fn of builtinFunctions.values()) items.add(fn.name, CompletionItemKind.Function, describeBuiltin(fn.name), { snippet: fn.snippet });
  }
}

/** What the other side of `==`, `!=`, `in`, `contains` or a test value's field expects where the placeholder stands. */
function expectedType(context: CompletionContext, path: Ast.PathExpr, symbols: Symbols): Type | undefined {
  const types = context.checked?.types;
  const parent = parentOf(context.chain, path);
  if (!types || !parent) return undefined;
  if (parent.kind === "Binary") {
    const binary = parent as Ast.BinaryExpr;
    const other = binary.left === path ? binary.right : binary.left;
    const type = types.get(other);
    if (binary.op === "==" || binary.op === "!=") return type;
    if (binary.op === "contains" && binary.right === path && type?.kind === "list") return type.element;
    return undefined;
  }
  if (parent.kind === "List") {
    const binary = parentOf(context.chain, parent);
    if (binary?.kind === "Binary" && ((binary as Ast.BinaryExpr).op === "in" || (binary as Ast.BinaryExpr).op === "not in") && (binary as Ast.BinaryExpr).right === parent) {
      return types.get((binary as Ast.BinaryExpr).left);
    }
    return undefined;
  }
  if ("key" in parent && "value" in parent) return entryType(context, parent as unknown as Ast.ObjectEntry, symbols);
  return undefined;
}

/** The declared type of a test value's entry: a tool argument in `call`, a shape field in `user { ... }`. */
function entryType(context: CompletionContext, entry: Ast.ObjectEntry, symbols: Symbols): Type | undefined {
  const owner = parentOf(context.chain, entry as unknown as Node);
  if (owner?.kind === "TestCall") return symbols.tools.get((owner as Ast.TestCall).tool.text)?.params.get(entry.key.text)?.type;
  const statement = owner ? parentOf(context.chain, owner) : undefined;
  if (owner?.kind === "Object" && statement?.kind === "given") return symbols.shapes.get((statement as Extract<Ast.TestStatement, { kind: "given" }>).part)?.fields.get(entry.key.text)?.type;
  return undefined;
}

function parentOf(chain: readonly Node[], node: Node): Node | undefined {
  const at = chain.indexOf(node);
  return at > 0 ? chain[at - 1] : undefined;
}

/** Quantifier variables bound around the placeholder, with the element type of their list. */
function variablesInScope(context: CompletionContext): Map<string, Type> {
  const out = new Map<string, Type>();
  for (const node of context.chain) {
    if (node.kind !== "Quantifier") continue;
    const q = node as Ast.QuantifierExpr;
    const list = context.checked?.types.get(q.list);
    if (q.variable.text !== "" && q.variable.text !== placeholder) out.set(q.variable.text, list?.kind === "list" ? list.element : { kind: "error" });
  }
  return out;
}

function inWhere(context: CompletionContext): boolean {
  const history = innermost<Ast.HistoryExpr>(context.chain, "History");
  return history?.where !== undefined && context.chain.includes(history.where);
}

/** Whether the placeholder is in a tool's `tags` clause (else a name list holds labels). */
function tagsClause(context: CompletionContext): boolean {
  return innermost(context.chain, "tags") !== undefined;
}

/** Keys of a test value: the arguments of `call TOOL(`, or the fields of `user {`. */
function entryKeys(context: CompletionContext, symbols: Symbols, items: Items): void {
  const tokens = context.preceding;
  let depth = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const name = (tokens[i] as (typeof tokens)[number]).tokenType.name;
    if (name === "RParen" || name === "RBrace" || name === "RBracket") depth++;
    else if (name === "LParen" || name === "LBrace" || name === "LBracket") {
      if (depth > 0) {
        depth--;
        continue;
      }
      const owner = tokens[i - 1]?.image ?? "";
      if (name === "LParen") {
        const tool = symbols.tools.get(owner);
        if (tool) for (const param of tool.params.values()) items.add(param.name, CompletionItemKind.Field, describeArgument([tool], param.name), { insert: `${param.name}: ` });
      } else if (name === "LBrace" && shapeNames.has(owner)) {
        const shape = symbols.shapes.get(owner as Ast.ShapeKind);
        for (const field of shape?.fields.values() ?? []) items.add(field.name, CompletionItemKind.Field, describeShapeField(symbols, owner as Ast.ShapeKind, [field.name]), { insert: `${field.name}: ` });
      }
      return;
    }
  }
}

// ---------------------------------------------------------------- after a `.`

/** Completions after `args.`, `user.`, `it.args.`, `now.`, `sum(tool.`, `output.`, `x.` (a quantifier variable). */
function members(context: CompletionContext, symbols: Symbols, items: Items): void {
  const tokens = context.preceding;
  const segments: string[] = [];
  let i = tokens.length - 2;
  while (i >= 0 && /^[A-Za-z_]/.test((tokens[i] as (typeof tokens)[number]).image)) {
    segments.unshift((tokens[i] as (typeof tokens)[number]).image);
    if (tokens[i - 1]?.tokenType.name !== "Dot") break;
    i -= 2;
  }
  const [head, ...rest] = segments;
  if (head === undefined) return;
  if (tokens[i - 1]?.tokenType.name === "LParen" && tokens[i - 2]?.tokenType.name === "Kw_sum" && rest.length === 0) {
    const tool = symbols.tools.get(head);
    if (tool) argumentItems([tool], [], items);
    return;
  }
  if (head === "args") argumentItems(ruleTools(context, symbols), rest, items);
  else if (shapeNames.has(head)) shapeItems(symbols, head as Ast.ShapeKind, rest, items);
  else if (head === "output") outputItems(ruleTools(context, symbols), rest, items);
  else if (head === "tool" || head === "now") {
    if (rest.length === 0) for (const field of (head === "now" ? nowFields : toolFields).keys()) items.add(field, CompletionItemKind.Field, describeBuiltinField(head, field));
  } else if (head === "it") itItems(context, symbols, rest, items);
  else {
    const type = variablesInScope(context).get(head);
    if (type) recordItems(walk(type, rest), items);
  }
}

function itItems(context: CompletionContext, symbols: Symbols, rest: readonly string[], items: Items): void {
  const history = innermost<Ast.HistoryExpr>(context.chain, "History");
  const names = history ? (context.checked?.historyTools.get(history) ?? []) : [];
  const tools = names.map((n) => symbols.tools.get(n)).filter((t): t is ToolSymbol => t !== undefined);
  const [part, ...deeper] = rest;
  if (part === undefined) {
    items.add("args", CompletionItemKind.Field, "the earlier call's arguments");
    items.add("tool", CompletionItemKind.Field, "the earlier call's tool");
    items.add("output", CompletionItemKind.Field, "the earlier call's output");
  } else if (part === "args") argumentItems(tools, deeper, items);
  else if (part === "tool" && deeper.length === 0) for (const field of toolFields.keys()) items.add(field, CompletionItemKind.Field, describeBuiltinField("tool", field));
  else if (part === "output") outputItems(tools.length === 1 ? tools : [], deeper, items);
}

/** The tools the enclosing rule targets, as the checker resolved them. */
function ruleTools(context: CompletionContext, symbols: Symbols): ToolSymbol[] {
  const rule = innermost<Ast.RuleDecl>(context.chain, "RuleDecl");
  const checked = rule ? context.checked?.rules.find((r) => r.decl === rule) : undefined;
  return (checked?.tools ?? []).map((n) => symbols.tools.get(n)).filter((t): t is ToolSymbol => t !== undefined);
}

/** The arguments every one of `tools` declares (`args.x` must exist in each), or the fields of a record argument. */
function argumentItems(tools: readonly ToolSymbol[], rest: readonly string[], items: Items): void {
  const [first, ...others] = tools;
  if (!first) return;
  if (rest.length > 0) {
    const [name, ...deeper] = rest;
    const param = first.params.get(name ?? "");
    if (param) recordItems(walk(param.type, deeper), items);
    return;
  }
  for (const param of first.params.values()) {
    if (others.every((t) => t.params.has(param.name))) items.add(param.name, CompletionItemKind.Field, describeArgument(tools, param.name));
  }
}

function shapeItems(symbols: Symbols, shape: Ast.ShapeKind, rest: readonly string[], items: Items): void {
  const symbol = symbols.shapes.get(shape);
  if (!symbol) return;
  if (rest.length > 0) {
    recordItems(walk(symbol.type, rest), items);
    return;
  }
  for (const field of symbol.fields.values()) items.add(field.name, CompletionItemKind.Field, describeShapeField(symbols, shape, [field.name]));
}

/** Fields of the declared output shared by `tools` (all of them must declare it). */
function outputItems(tools: readonly ToolSymbol[], rest: readonly string[], items: Items): void {
  const [first] = tools;
  if (!first || !tools.every((t) => t.outputDeclared)) return;
  let type = walk(first.output, rest);
  while (type?.kind === "list") type = type.element;
  recordItems(type, items);
}

function recordItems(type: Type | undefined, items: Items): void {
  if (type?.kind !== "record") return;
  for (const [name, field] of type.fields) items.add(name, CompletionItemKind.Field, `${typeToString(field.type)}${field.optional ? " (optional)" : ""}`);
}

function walk(type: Type, names: readonly string[]): Type | undefined {
  let current: Type | undefined = type;
  for (const name of names) current = current?.kind === "record" ? current.fields.get(name)?.type : undefined;
  return current;
}
