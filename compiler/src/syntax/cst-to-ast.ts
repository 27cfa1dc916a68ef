// Builds the AST from chevrotain's CST, one declaration at a time, read through the generated CST types; defensive everywhere, since recovered CST nodes may lack children.
import { tokenMatcher, type CstElement, type CstNode, type ICstVisitor, type IToken, type TokenType } from "chevrotain";
import type * as ast from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { cover, point, type Span } from "../source/span.js";
import type * as cst from "./cst.js";
import { decodeString, durationMs } from "./literals.js";
import { parser } from "./parser.js";
import { approveWord, DocComment, EqEq, Greater, GreaterEq, Identifier, Less, LessEq, NotEq, Plus, Star, uncheckedWord } from "./tokens.js";

/** The grammar's rules: the visitor methods of the generated CST visitor. */
type Rule = Exclude<keyof cst.ApolCstVisitor<unknown, unknown>, keyof ICstVisitor<unknown, unknown>>;

/** What each rule's method builds; a missing or misspelt rule here fails to compile (`Results[K]` below). */
interface Results {
  policyFile: ast.Policy;
  declaration: ast.Declaration | undefined;
  declName: ast.Name;
  policyHeader: ast.PolicyHeader;
  enumDecl: ast.EnumDecl;
  shapeDecl: ast.ShapeDecl;
  recordType: ast.RecordType;
  field: ast.Field;
  typeExpr: ast.TypeExpr;
  listTypeExpr: ast.TypeExpr;
  toolDecl: ast.ToolDecl;
  toolClause: ast.ToolClause;
  nameList: ast.Name[];
  constDecl: ast.ConstDecl;
  predicateDecl: ast.PredicateDecl;
  param: ast.Param;
  ruleDecl: ast.RuleDecl;
  ruleItem: ast.EffectClause | ast.RuleClause | undefined;
  effectLine: ast.EffectClause;
  targetList: ast.Target[];
  target: ast.Target | undefined;
  redactPath: ast.RedactPath;
  testDecl: ast.TestDecl;
  testStatement: ast.TestStatement | undefined;
  testCall: ast.TestCall;
  expression: ast.Expr;
  orExpr: ast.Expr;
  andExpr: ast.Expr;
  notExpr: ast.Expr;
  comparison: ast.Expr;
  additive: ast.Expr;
  multiplicative: ast.Expr;
  unary: ast.Expr;
  primary: ast.Expr;
  listLit: ast.ListLit;
  objectLit: ast.ObjectLit;
  objectEntry: ast.ObjectEntry;
  historyCall: ast.HistoryExpr;
  sumCall: ast.HistoryExpr;
  window: ast.Window | ast.MissingExpr;
  quantifier: ast.QuantifierExpr;
  call: ast.CallExpr;
  path: ast.PathExpr;
}

/** Each rule's method takes that rule's generated children type and returns its result. */
type RuleVisitor = { [K in Rule]: (ctx: Parameters<cst.ApolCstVisitor<unknown, unknown>[K]>[0]) => Results[K] };

/** The rules whose nodes stand for an expression. */
type ExprRule = { [K in Rule]: Results[K] extends ast.Expr ? K : never }[Rule];

/** A CST node of one of the rules `K`: the generated node types carry their rule's name. */
type NodeOf<K extends Rule> = CstNode & { readonly name: K };

/** The `Comparison` tokens and the operators they spell; a recovery token (`≥`) has its operator's token among its categories. */
const compareOps: readonly (readonly [TokenType, ast.CompareOp])[] = [
  [EqEq, "=="],
  [NotEq, "!="],
  [LessEq, "<="],
  [GreaterEq, ">="],
  [Less, "<"],
  [Greater, ">"],
];

/** A token the source holds: neither inserted by recovery nor without a position. */
const real = (tok: IToken): boolean => !tok.isInsertedInRecovery && !Number.isNaN(tok.startOffset);

/**
 * Whether `text` from `from` to `to` is only white space (what `trim` removes: JavaScript's `\s`), read from `to`
 * back: the comment before a declaration can end a megabyte above it, and slicing that much to trim it is not free.
 */
function isBlank(text: string, from: number, to: number): boolean {
  for (let i = to - 1; i >= from; i--) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) continue;
    if (code < 0x80 || !/\s/.test(text.charAt(i))) return false;
  }
  return true;
}

/**
 * The expression levels that pass one operand through, each with the child list that operand is in (`true` for
 * `primary`, whose operand is any one node of `primaryOperands`): see `operandBelow`.
 */
const passThroughOperand: Readonly<Partial<Record<string, string | true>>> = {
  expression: "orExpr",
  orExpr: "andExpr",
  andExpr: "notExpr",
  notExpr: "comparison",
  comparison: "additive",
  additive: "multiplicative",
  multiplicative: "unary",
  unary: "primary",
  primary: true,
} satisfies { [K in ExprRule]?: keyof Parameters<RuleVisitor[K]>[0] | true };

/** The nodes `primary` builds its expression from by visiting them alone (not a literal's token, nor a parenthesised `expression`). */
const primaryOperands: ReadonlySet<string> = new Set([
  "listLit",
  "objectLit",
  "historyCall",
  "sumCall",
  "quantifier",
  "call",
  "path",
] satisfies (keyof cst.PrimaryCstChildren)[]);

const BaseVisitor = parser.getBaseCstVisitorConstructorWithDefaults();

/** Lowers one file's CST to its AST, collecting literal diagnostics (bad escapes, numbers). */
class CstToAst extends BaseVisitor implements RuleVisitor {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly comments: readonly IToken[],
  ) {
    super();
    this.validateVisitor();
  }

  // ---------------------------------------------------------------- helpers
  // The generated types call a child required when every way through its rule consumes it, but a rule that
  // recovery cut short lacks it: every read goes through these helpers, which take an absent list.

  /** The `index`th token of a child list, unless absent or inserted by recovery. */
  private token(list: readonly IToken[] | undefined, index = 0): IToken | undefined {
    const tok = list?.[index];
    return tok && real(tok) ? tok : undefined;
  }

  private tokens(list: readonly IToken[] | undefined): IToken[] {
    return (list ?? []).filter(real);
  }

  private node<N extends CstNode>(list: readonly N[] | undefined, index = 0): N | undefined {
    return list?.[index];
  }

  private nodes<N extends CstNode>(list: readonly N[] | undefined): readonly N[] {
    return list ?? [];
  }

  /** The first choice whose list holds a real token, with the value it stands for (`Kw_allow` for `"allow"`). */
  private pick<const V>(choices: readonly (readonly [readonly IToken[] | undefined, V])[]): { tok: IToken; value: V } | undefined {
    for (const [list, value] of choices) {
      const tok = this.token(list);
      if (tok) return { tok, value };
    }
    return undefined;
  }

  /** The declarations built so far, in source order. */
  private readonly declarations: ast.Declaration[] = [];

  /** Builds one top-level declaration, the next in source order. */
  addDeclaration(node: cst.DeclarationCstNode): void {
    const decl = this.visitNode(node);
    if (decl) this.declarations.push(decl);
  }

  /** The file's AST, from the declarations added. */
  policy(): ast.Policy {
    const declarations = this.declarations;
    return {
      kind: "Policy",
      span: { start: 0, end: this.text.length },
      headers: declarations.filter((d): d is ast.PolicyHeader => d.kind === "PolicyHeader"),
      declarations,
      comments: this.comments.map((c) => ({
        kind: c.tokenType === DocComment ? "doc" : c.image.startsWith("/*") ? "block" : "line",
        text: c.image,
        span: this.tokenSpan(c),
      })),
    };
  }

  /** Visits a node of rule `K` to what that rule's method returns. */
  private visitNode<K extends Rule>(node: NodeOf<K>): Results[K] {
    // chevrotain calls the method named by `node.name`, and `implements RuleVisitor` holds that method to `Results[K]`.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it tsc gives up (TS2590: the union of every rule's result is too complex).
    return this.visit(node) as Results[K];
  }

  /**
   * The span of a CST element: from its first to its last real token, or an empty span
   * at `fallback` if it has none (recovery). Nodes carry the offsets the parser tracked
   * (`nodeLocationTracking`); only a node built here from a rule's children is measured,
   * from its direct children, so building the AST stays linear.
   */
  private spanOf(element: CstElement | undefined, fallback = 0): Span {
    return (element && this.extentOf(element)) ?? point(fallback);
  }

  private extentOf(element: CstElement): Span | undefined {
    if ("image" in element) return real(element) ? this.tokenSpan(element) : undefined;
    const location = element.location;
    if (location) {
      const end = location.endOffset;
      // Inclusive end offset; NaN when recovery inserted the node's only tokens.
      return Number.isNaN(location.startOffset) || end === undefined || Number.isNaN(end) ? undefined : { start: location.startOffset, end: end + 1 };
    }
    let start = Infinity;
    let end = -Infinity;
    for (const list of Object.values(element.children)) {
      for (const child of list ?? []) {
        const extent = this.extentOf(child);
        if (!extent) continue;
        if (extent.start < start) start = extent.start;
        if (extent.end > end) end = extent.end;
      }
    }
    return start === Infinity ? undefined : { start, end };
  }

  private tokenSpan(tok: IToken): Span {
    return { start: tok.startOffset, end: tok.startOffset + tok.image.length };
  }

  private name(tok: IToken | undefined, fallback: number): ast.Name {
    return tok ? { text: tok.image, span: this.tokenSpan(tok) } : { text: "", span: point(fallback) };
  }

  /** A tool's name, bare (`send_email`) or quoted as MCP spells it (`"create-issue"`); an empty name at `fallback` if none. */
  private toolName(quotedList: readonly IToken[] | undefined, bareList: readonly IToken[] | undefined, fallback: number): ast.Name {
    const quoted = this.token(quotedList);
    if (!quoted) return this.name(this.token(bareList), fallback);
    return { text: this.string(quoted).value, span: this.tokenSpan(quoted), quoted: true };
  }

  private string(tok: IToken): ast.StringLit {
    return {
      kind: "String",
      span: this.tokenSpan(tok),
      value: decodeString(tok.image, tok.startOffset, this.diagnostics),
      raw: tok.image,
    };
  }

  private number(tok: IToken): ast.NumberLit {
    const value = Number(tok.image);
    if (!Number.isFinite(value)) {
      this.diagnostics.push(
        diagnostic("apol/invalid-number", this.tokenSpan(tok), `number \`${tok.image}\` is too large`, {
          help: "numbers must be finite double-precision values",
        }),
      );
    }
    return { kind: "Number", span: this.tokenSpan(tok), value: Number.isFinite(value) ? value : 0, raw: tok.image };
  }

  private duration(tok: IToken): ast.DurationLit {
    return { kind: "Duration", span: this.tokenSpan(tok), ms: durationMs(tok.image), raw: tok.image };
  }

  private missing(at: number): ast.MissingExpr {
    return { kind: "Missing", span: point(at) };
  }

  /** A type the parser found no text for: an empty name at `at`. */
  private missingType(at: number, nameAt = at): ast.TypeExpr {
    return { kind: "NamedType", span: point(at), name: { text: "", span: point(nameAt) } };
  }

  /** The `///` lines directly above `start`, joined, or undefined. */
  private docBefore(start: number): string | undefined {
    const lines: string[] = [];
    let cursor = start;
    // The last comment that starts before `start` (comments are in source order): a binary search keeps this O(log n).
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const comment = this.comments[mid];
      if (comment && comment.startOffset < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const comment = this.comments[i];
      if (!comment) break;
      const end = comment.startOffset + comment.image.length;
      if (end > cursor) continue;
      if (comment.tokenType !== DocComment || !isBlank(this.text, end, cursor)) break;
      lines.unshift(comment.image.slice(3).replace(/^ /, ""));
      cursor = comment.startOffset;
    }
    return lines.length > 0 ? lines.join("\n") : undefined;
  }

  /**
   * Where an operand is in the source, its parentheses included. Parentheses leave no
   * node, but the span of the operator or `not` around them must still cover them.
   */
  private extent(node: CstNode | undefined, e: ast.Expr): Span {
    return node ? cover(e.span, this.spanOf(node, e.span.start)) : e.span;
  }

  /** The name a declaration introduces, or an empty name at `fallback` if the parser found none. */
  private introducedName(list: readonly cst.DeclNameCstNode[] | undefined, fallback: number): ast.Name {
    const node = this.node(list);
    return node ? this.visitNode(node) : this.name(undefined, fallback);
  }

  /** Visits an expression-rule node, or yields a Missing expression at `fallback`. */
  private expr(node: NodeOf<ExprRule> | undefined, fallback: number): ast.Expr {
    return this.isAbsent(node) ? this.missing(fallback) : this.visitNode(this.operandBelow(node));
  }

  /** `expr` with the start of the node being visited as the fallback, measured only when the operand is missing (most levels of an expression pass one operand through). */
  private exprHere(node: NodeOf<ExprRule> | undefined): ast.Expr {
    return this.isAbsent(node) ? this.missing(this.currentSpan().start) : this.visitNode(this.operandBelow(node));
  }

  /**
   * The node an expression's value comes from: below every level that only passes its one operand through
   * (`x` is an `orExpr` holding an `andExpr` holding ... a `path`). Each such level's method would return
   * what visiting that operand returns, so skipping it builds the same AST without a visit, a closure and
   * two arrays per level, nine levels above every leaf. A level is skipped only when its children are its
   * operand alone, one node that is not absent: anything else (an operator, a token recovery inserted,
   * an absent operand) is visited as written.
   */
  private operandBelow(node: NodeOf<ExprRule>): NodeOf<ExprRule> {
    let current = node;
    for (;;) {
      const key = passThroughOperand[current.name];
      if (key === undefined) return current;
      const children = current.children as Record<string, CstElement[] | undefined>;
      let only: string | undefined;
      for (const k in children) {
        if (only !== undefined) return current;
        only = k;
      }
      if (only === undefined || (key !== true && only !== key) || (key === true && !primaryOperands.has(only))) return current;
      const list = children[only];
      const child = list?.length === 1 ? (list[0] as NodeOf<ExprRule>) : undefined;
      // `primary` visits its one node without asking whether it is absent; every other level asks (`exprHere`).
      if (child === undefined || (key !== true && this.isAbsent(child))) return current;
      current = child;
    }
  }

  /** No node, or one recovery left without a real token. */
  private isAbsent(node: NodeOf<ExprRule> | undefined): node is undefined {
    return !node || (node.recoveredNode === true && this.spanOf(node, -1).start === -1);
  }

  /** Visits a type node, or yields an empty type at `fallback` (`nameAt` for its name) if the parser found none. */
  private typeOf(node: cst.TypeExprCstNode | undefined, fallback: number, nameAt = fallback): ast.TypeExpr {
    return node ? this.visitNode(node) : this.missingType(fallback, nameAt);
  }

  // ---------------------------------------------------------------- declarations

  policyFile(ctx: cst.PolicyFileCstChildren): ast.Policy {
    for (const node of this.nodes(ctx.declaration)) this.addDeclaration(node);
    return this.policy();
  }

  declaration(ctx: cst.DeclarationCstChildren): ast.Declaration | undefined {
    const node =
      this.node(ctx.policyHeader) ??
      this.node(ctx.enumDecl) ??
      this.node(ctx.shapeDecl) ??
      this.node(ctx.toolDecl) ??
      this.node(ctx.constDecl) ??
      this.node(ctx.predicateDecl) ??
      this.node(ctx.ruleDecl) ??
      this.node(ctx.testDecl);
    return node ? this.visitNode(node) : undefined;
  }

  /** A declaration's name; a keyword there is reported (the parser takes it to keep the body parsing). */
  declName(ctx: cst.DeclNameCstChildren): ast.Name {
    const tok = this.token(ctx.AnyName);
    if (tok && tok.tokenType !== Identifier) {
      this.diagnostics.push(
        diagnostic("apol/syntax-error", this.tokenSpan(tok), `expected a name but found \`${tok.image}\``, {
          help: `\`${tok.image}\` is a keyword: choose another name`,
        }),
      );
    }
    return this.name(tok, this.currentSpan().start);
  }

  policyHeader(ctx: cst.PolicyHeaderCstChildren): ast.PolicyHeader {
    const keyword = this.token(ctx.Kw_policy);
    const start = keyword?.startOffset ?? 0;
    const zone = this.token(ctx.StringLiteral);
    const span = this.currentSpan(start);
    return {
      kind: "PolicyHeader",
      span,
      name: this.name(this.token(ctx.Identifier), keyword ? keyword.startOffset + keyword.image.length : start),
      ...(zone ? { timezone: this.string(zone) } : {}),
      ...this.doc(span.start),
    };
  }

  private doc(start: number): { doc?: string } {
    const doc = this.docBefore(start);
    return doc === undefined ? {} : { doc };
  }

  private afterToken(tok: IToken | undefined, fallback: number): number {
    return tok ? tok.startOffset + tok.image.length : fallback;
  }

  /** The span of the node being visited (rule methods get only its children; `visit` keeps the node). */
  private currentSpan(fallback = 0): Span {
    return this.spanOf(this.visiting[this.visiting.length - 1], fallback);
  }

  /** The nodes being visited, innermost last. */
  private readonly visiting: CstNode[] = [];

  override visit(cstNode: CstNode | CstNode[], param?: unknown): unknown {
    const node = Array.isArray(cstNode) ? cstNode[0] : cstNode;
    if (!node) return undefined;
    this.visiting.push(node);
    try {
      // The rule's method directly (what `super.visit` does after checks already made here).
      return (this as unknown as Record<string, (children: CstNode["children"], param?: unknown) => unknown>)[node.name]!(node.children, param);
    } finally {
      this.visiting.pop();
    }
  }

  enumDecl(ctx: cst.EnumDeclCstChildren): ast.EnumDecl {
    const span = this.currentSpan();
    return {
      kind: "EnumDecl",
      span,
      name: this.introducedName(ctx.declName, this.afterToken(this.token(ctx.Kw_enum), span.start)),
      members: this.tokens(ctx.AnyName).map((tok) => this.name(tok, 0)),
      ...this.doc(span.start),
    };
  }

  shapeDecl(ctx: cst.ShapeDeclCstChildren): ast.ShapeDecl {
    const span = this.currentSpan();
    const keyword = this.pick([
      [ctx.Kw_agent, "agent"],
      [ctx.Kw_user, "user"],
      [ctx.Kw_context, "context"],
      [ctx.Kw_resource, "resource"],
    ]);
    const record = this.node(ctx.recordType);
    return {
      kind: "ShapeDecl",
      span,
      shape: keyword?.value ?? "agent",
      keywordSpan: keyword ? this.tokenSpan(keyword.tok) : point(span.start),
      fields: record ? this.visitNode(record).fields : [],
      ...this.doc(span.start),
    };
  }

  recordType(ctx: cst.RecordTypeCstChildren): ast.RecordType {
    return {
      kind: "RecordType",
      span: this.currentSpan(),
      fields: this.nodes(ctx.field).map((f) => this.visitNode(f)),
    };
  }

  field(ctx: cst.FieldCstChildren): ast.Field {
    const span = this.currentSpan();
    return {
      kind: "Field",
      span,
      name: this.name(this.token(ctx.AnyName), span.start),
      optional: this.token(ctx.Question) !== undefined,
      type: this.typeOf(this.node(ctx.typeExpr), this.afterToken(this.token(ctx.Colon), span.end), span.end),
      ...this.doc(span.start),
    };
  }

  typeExpr(ctx: cst.TypeExprCstChildren): ast.TypeExpr {
    const members = this.nodes(ctx.listTypeExpr).map((n) => this.visitNode(n));
    const [first] = members;
    const last = members[members.length - 1];
    if (!first || !last) return this.missingType(this.currentSpan().start);
    if (members.length === 1) return first;
    return { kind: "UnionType", span: { start: first.span.start, end: last.span.end }, members };
  }

  listTypeExpr(ctx: cst.ListTypeExprCstChildren): ast.TypeExpr {
    const span = this.currentSpan();
    const nameTok = this.token(ctx.Identifier);
    const record = this.node(ctx.recordType);
    const inner = this.node(ctx.typeExpr);
    const lparen = this.token(ctx.LParen);
    let type: ast.TypeExpr = record
      ? this.visitNode(record)
      : inner && lparen
        ? this.parenthesised(this.visitNode(inner), lparen.startOffset, this.token(ctx.RParen))
        : { kind: "NamedType", span: nameTok ? this.tokenSpan(nameTok) : point(span.start), name: this.name(nameTok, span.start) };
    for (const bracket of this.tokens(ctx.RBracket)) {
      type = { kind: "ListType", span: { start: type.span.start, end: bracket.startOffset + 1 }, element: type };
    }
    return type;
  }

  /** `(T)`: the inner type, its span widened to the parentheses (a list of it then starts at `(`). */
  private parenthesised(inner: ast.TypeExpr, start: number, rparen: IToken | undefined): ast.TypeExpr {
    return { ...inner, span: { start, end: rparen ? rparen.startOffset + 1 : inner.span.end } };
  }

  toolDecl(ctx: cst.ToolDeclCstChildren): ast.ToolDecl {
    const span = this.currentSpan();
    return {
      kind: "ToolDecl",
      span,
      name: this.token(ctx.StringLiteral)
        ? this.toolName(ctx.StringLiteral, undefined, span.start)
        : this.introducedName(ctx.declName, this.afterToken(this.token(ctx.Kw_tool), span.start)),
      params: this.nodes(ctx.field).map((f) => this.visitNode(f)),
      clauses: this.nodes(ctx.toolClause).map((c) => this.visitNode(c)),
      ...this.doc(span.start),
    };
  }

  toolClause(ctx: cst.ToolClauseCstChildren): ast.ToolClause {
    const span = this.currentSpan();
    if (ctx.Kw_tags) {
      const list = this.node(ctx.nameList);
      return { kind: "tags", span, tags: list ? this.visitNode(list) : [] };
    }
    if (ctx.Kw_tier) {
      const tok = this.token(ctx.NumberLiteral);
      return {
        kind: "tier",
        span,
        tier: tok ? this.number(tok) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
      };
    }
    if (ctx.Kw_returns) return { kind: "returns", span, label: this.name(this.token(ctx.AnyName), span.end) };
    return { kind: "output", span, type: this.typeOf(this.node(ctx.typeExpr), span.end) };
  }

  nameList(ctx: cst.NameListCstChildren): ast.Name[] {
    return this.tokens(ctx.AnyName).map((tok) => this.name(tok, 0));
  }

  constDecl(ctx: cst.ConstDeclCstChildren): ast.ConstDecl {
    const span = this.currentSpan();
    const equals = this.token(ctx.Equals);
    return {
      kind: "ConstDecl",
      span,
      name: this.introducedName(ctx.declName, this.afterToken(this.token(ctx.Kw_const), span.start)),
      value: this.expr(this.node(ctx.expression), this.afterToken(equals, span.end)),
      ...this.doc(span.start),
    };
  }

  predicateDecl(ctx: cst.PredicateDeclCstChildren): ast.PredicateDecl {
    const span = this.currentSpan();
    const equals = this.token(ctx.Equals);
    return {
      kind: "PredicateDecl",
      span,
      name: this.introducedName(ctx.declName, this.afterToken(this.token(ctx.Kw_def), span.start)),
      params: this.nodes(ctx.param).map((p) => this.visitNode(p)),
      body: this.expr(this.node(ctx.expression), this.afterToken(equals ?? this.token(ctx.RParen), span.end)),
      ...this.doc(span.start),
    };
  }

  param(ctx: cst.ParamCstChildren): ast.Param {
    const span = this.currentSpan();
    return {
      kind: "Param",
      span,
      name: this.introducedName(ctx.declName, span.start),
      type: this.typeOf(this.node(ctx.typeExpr), this.afterToken(this.token(ctx.Colon), span.end), span.end),
    };
  }

  ruleDecl(ctx: cst.RuleDeclCstChildren): ast.RuleDecl {
    const span = this.currentSpan();
    let effect: ast.EffectClause | undefined;
    const clauses: ast.RuleClause[] = [];
    const extraEffects: ast.EffectClause[] = [];
    for (const item of this.nodes(ctx.ruleItem)) {
      const visited = this.visitNode(item);
      if (!visited) continue;
      if (visited.kind === "EffectClause") {
        if (effect) extraEffects.push(visited);
        else effect = visited;
      } else clauses.push(visited);
    }
    const rule: ast.RuleDecl = {
      kind: "RuleDecl",
      span,
      name: this.introducedName(ctx.declName, this.afterToken(this.token(ctx.Kw_rule), span.start)),
      ...(effect ? { effect } : {}),
      ...(extraEffects.length > 0 ? { extraEffects } : {}),
      clauses,
      ...this.doc(span.start),
    };
    for (const extra of extraEffects) {
      this.diagnostics.push(
        diagnostic("apol/duplicate-clause", extra.effectSpan, `rule \`${rule.name.text}\` has a second effect \`${extra.effect}\``, {
          help: "a rule has exactly one effect: split it into two rules",
          ...(effect ? { related: [{ span: effect.effectSpan, message: "first effect here" }] } : {}),
        }),
      );
    }
    return rule;
  }

  ruleItem(ctx: cst.RuleItemCstChildren): ast.EffectClause | ast.RuleClause | undefined {
    const span = this.currentSpan();
    const effectNode = this.node(ctx.effectLine);
    if (effectNode) return this.visitNode(effectNode);
    const when = this.token(ctx.Kw_when);
    if (when) return { kind: "when", span, expr: this.expr(this.node(ctx.expression), this.afterToken(when, span.end)) };
    const unless = this.token(ctx.Kw_unless);
    if (unless) return { kind: "unless", span, expr: this.expr(this.node(ctx.expression), this.afterToken(unless, span.end)) };
    if (ctx.Kw_approvals) {
      const count = this.token(ctx.NumberLiteral);
      return {
        kind: "approvals",
        span,
        count: count ? this.number(count) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
        from: this.expr(this.node(ctx.primary), span.end),
      };
    }
    if (ctx.Kw_expires) {
      const tok = this.token(ctx.Duration);
      return {
        kind: "expires",
        span,
        duration: tok ? this.duration(tok) : { kind: "Duration", span: point(span.end), ms: 0, raw: "" },
      };
    }
    if (ctx.Kw_reason) {
      const tok = this.token(ctx.StringLiteral);
      return {
        kind: "reason",
        span,
        text: tok ? this.string(tok) : { kind: "String", span: point(span.end), value: "", raw: "" },
      };
    }
    return undefined;
  }

  effectLine(ctx: cst.EffectLineCstChildren): ast.EffectClause {
    const span = this.currentSpan();
    const keyword = this.pick([
      [ctx.Kw_allow, "allow"],
      [ctx.Kw_deny, "deny"],
      [ctx.Kw_review, "review"],
      [ctx.Kw_redact, "redact"],
    ]);
    const list = this.node(ctx.targetList);
    return {
      kind: "EffectClause",
      span,
      effect: keyword?.value ?? "deny",
      effectSpan: keyword ? this.tokenSpan(keyword.tok) : point(span.start),
      targets: list ? this.visitNode(list) : [],
      paths: this.nodes(ctx.redactPath).map((p) => this.visitNode(p)),
    };
  }

  targetList(ctx: cst.TargetListCstChildren): ast.Target[] {
    return this.nodes(ctx.target)
      .map((t) => this.visitNode(t))
      .filter((t): t is ast.Target => t !== undefined);
  }

  target(ctx: cst.TargetCstChildren): ast.Target | undefined {
    const span = this.currentSpan();
    if (ctx.Identifier || ctx.StringLiteral) return { kind: "ToolTarget", span, name: this.toolName(ctx.StringLiteral, ctx.Identifier, span.start) };
    if (ctx.Kw_tagged) return { kind: "TagTarget", span, tag: this.name(this.token(ctx.AnyName), span.end) };
    if (ctx.Kw_tier) {
      const op = this.token(ctx.Comparison);
      const num = this.token(ctx.NumberLiteral);
      return {
        kind: "TierTarget",
        span,
        op: op ? this.compareOp(op) : ">=",
        tier: num ? this.number(num) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
      };
    }
    if (this.token(ctx.Star)) return { kind: "AllTarget", span };
    return undefined;
  }

  redactPath(ctx: cst.RedactPathCstChildren): ast.RedactPath {
    const span = this.currentSpan();
    // Rebuild the segment order from offsets: chevrotain groups children by token type.
    const segments: { offset: number; segment: ast.PathSegment }[] = [];
    for (const tok of this.tokens(ctx.AnyName)) segments.push({ offset: tok.startOffset, segment: { kind: "field", name: this.name(tok, 0) } });
    const closes = this.tokens(ctx.RBracket);
    for (const tok of this.tokens(ctx.LBracket)) {
      const close = closes.find((r) => r.startOffset > tok.startOffset);
      segments.push({
        offset: tok.startOffset,
        segment: { kind: "each", span: { start: tok.startOffset, end: close ? close.startOffset + 1 : tok.startOffset + 1 } },
      });
    }
    segments.sort((a, b) => a.offset - b.offset);
    return { kind: "RedactPath", span, root: ctx.Kw_args ? "args" : "output", segments: segments.map((s) => s.segment) };
  }

  testDecl(ctx: cst.TestDeclCstChildren): ast.TestDecl {
    const span = this.currentSpan();
    const title = this.token(ctx.StringLiteral);
    return {
      kind: "TestDecl",
      span,
      title: title ? this.string(title) : { kind: "String", span: point(this.afterToken(this.token(ctx.Kw_test), span.start)), value: "", raw: "" },
      statements: this.nodes(ctx.testStatement)
        .map((s) => this.visitNode(s))
        .filter((s): s is ast.TestStatement => s !== undefined),
      ...this.doc(span.start),
    };
  }

  testStatement(ctx: cst.TestStatementCstChildren): ast.TestStatement | undefined {
    const span = this.currentSpan();
    const part = this.pick([
      [ctx.Kw_agent, "agent"],
      [ctx.Kw_user, "user"],
      [ctx.Kw_context, "context"],
      [ctx.Kw_resource, "resource"],
    ]);
    if (part) {
      const obj = this.node(ctx.objectLit);
      return {
        kind: "given",
        span,
        part: part.value,
        value: obj ? this.visitNode(obj) : { kind: "Object", span: point(span.end), entries: [] },
      };
    }
    if (ctx.Kw_now) {
      const tok = this.token(ctx.StringLiteral);
      return { kind: "now", span, value: tok ? this.string(tok) : { kind: "String", span: point(span.end), value: "", raw: "" } };
    }
    if (ctx.Kw_history) {
      return { kind: "history", span, calls: this.nodes(ctx.testCall).map((c) => this.visitNode(c)) };
    }
    if (ctx.Kw_observe) {
      const list = this.node(ctx.nameList);
      return {
        kind: "observe",
        span,
        value: this.expr(this.node(ctx.expression), span.end),
        labels: list ? this.visitNode(list) : [],
      };
    }
    const call = this.node(ctx.testCall);
    if (call) return { kind: "call", span, call: this.visitNode(call) };
    if (!ctx.Kw_expect && this.token(ctx.Identifier)?.image === approveWord) {
      return { kind: "approve", span, approvers: this.tokens(ctx.StringLiteral).map((tok) => this.string(tok)) };
    }
    if (ctx.Kw_expect && ctx.Kw_output) return { kind: "expectOutput", span, value: this.expr(this.node(ctx.expression), span.end) };
    if (ctx.Kw_expect) {
      const rule = this.token(ctx.Identifier) ?? this.token(ctx.ReservedRuleName);
      return {
        kind: "expect",
        span,
        effect: this.name(this.token(ctx.AnyName), span.end),
        ...(rule ? { rule: this.name(rule, span.end) } : {}),
      };
    }
    return undefined;
  }

  testCall(ctx: cst.TestCallCstChildren): ast.TestCall {
    const span = this.currentSpan();
    const returned = this.node(ctx.expression);
    const list = this.node(ctx.nameList);
    const closing = this.token(ctx.RParen)?.startOffset ?? Infinity;
    const unchecked = this.tokens(ctx.Identifier).find((tok) => tok.image === uncheckedWord && tok.startOffset > closing);
    return {
      kind: "TestCall",
      span,
      tool: this.toolName(ctx.StringLiteral, ctx.Identifier, this.afterToken(this.token(ctx.Kw_call), span.start)),
      args: this.nodes(ctx.objectEntry).map((e) => this.visitNode(e)),
      ...(unchecked ? { unchecked: this.name(unchecked, span.end) } : {}),
      ...(returned ? { returns: this.expr(returned, span.end) } : {}),
      labels: list ? this.visitNode(list) : [],
    };
  }

  // ---------------------------------------------------------------- expressions

  expression(ctx: cst.ExpressionCstChildren): ast.Expr {
    return this.exprHere(this.node(ctx.orExpr));
  }

  /** Folds `a op b op c` left to right; `ops` are the operator tokens, in any order (sorted here by offset). */
  private leftAssoc(operands: readonly NodeOf<ExprRule>[], ops: readonly IToken[], opOf: (tok: IToken) => ast.BinaryOp): ast.Expr {
    if (operands.length <= 1 && ops.length === 0) return this.exprHere(operands[0]);
    const sorted = [...ops].sort((a, b) => a.startOffset - b.startOffset);
    const start = this.currentSpan().start;
    let result = this.expr(operands[0], start);
    let extent = this.extent(operands[0], result);
    for (let i = 1; i < operands.length; i++) {
      const opTok = sorted[i - 1];
      const right = this.expr(operands[i], opTok ? this.afterToken(opTok, result.span.end) : result.span.end);
      extent = { start: extent.start, end: Math.max(this.extent(operands[i], right).end, extent.end) };
      result = {
        kind: "Binary",
        span: extent,
        op: opTok ? opOf(opTok) : "and",
        opSpan: opTok ? this.tokenSpan(opTok) : point(result.span.end),
        left: result,
        right,
      };
    }
    return result;
  }

  orExpr(ctx: cst.OrExprCstChildren): ast.Expr {
    return this.leftAssoc(this.nodes(ctx.andExpr), this.tokens(ctx.Kw_or), () => "or");
  }

  andExpr(ctx: cst.AndExprCstChildren): ast.Expr {
    return this.leftAssoc(this.nodes(ctx.notExpr), this.tokens(ctx.Kw_and), () => "and");
  }

  notExpr(ctx: cst.NotExprCstChildren): ast.Expr {
    const not = this.token(ctx.Kw_not);
    if (not) {
      const node = this.node(ctx.notExpr);
      const operand = this.expr(node, this.afterToken(not, not.startOffset));
      const end = Math.max(this.extent(node, operand).end, not.startOffset + 3);
      return { kind: "Unary", span: { start: not.startOffset, end }, op: "not", operand };
    }
    return this.exprHere(this.node(ctx.comparison));
  }

  comparison(ctx: cst.ComparisonCstChildren): ast.Expr {
    const operands = this.nodes(ctx.additive);
    const left = this.exprHere(operands[0]);
    const is = this.token(ctx.Kw_is);
    if (is) {
      const isSpan = this.tokenSpan(is);
      const type = this.typeOf(this.node(ctx.typeExpr), isSpan.end);
      const span = { start: this.extent(operands[0], left).start, end: Math.max(type.span.end, isSpan.end) };
      return { kind: "TypeTest", span, operand: left, isSpan, type };
    }
    const operator = this.comparisonOperator(ctx);
    if (operands.length < 2 && !operator) return left;
    const [op, opSpan] = operator ?? ["==", point(left.span.end)];
    const right = this.expr(operands[1], opSpan.end);
    const span = { start: this.extent(operands[0], left).start, end: Math.max(this.extent(operands[1], right).end, opSpan.end) };
    return { kind: "Binary", span, op, opSpan, left, right };
  }

  /** The operator `tok` (a `Comparison` token) spells. */
  private compareOp(tok: IToken): ast.CompareOp {
    return compareOps.find(([type]) => tokenMatcher(tok, type))?.[1] ?? "==";
  }

  /** A comparison's operator and its span, or undefined if it has none. */
  private comparisonOperator(ctx: cst.ComparisonCstChildren): [ast.BinaryOp, Span] | undefined {
    const cmp = this.token(ctx.Comparison);
    if (cmp) return [this.compareOp(cmp), this.tokenSpan(cmp)];
    const equals = this.token(ctx.Equals);
    if (equals) {
      const at = this.tokenSpan(equals);
      this.diagnostics.push(
        diagnostic("apol/syntax-error", at, "expected `==` but found `=`", {
          help: "compare with `==`; `=` only names a `const`",
          fix: { title: "replace with `==`", edits: [{ span: at, newText: "==" }] },
        }),
      );
      return ["==", at];
    }
    const inTok = this.token(ctx.Kw_in);
    if (inTok) {
      const not = this.token(ctx.Kw_not);
      return not ? ["not in", { start: not.startOffset, end: inTok.startOffset + 2 }] : ["in", this.tokenSpan(inTok)];
    }
    const word = this.pick([
      [ctx.Kw_like, "like"],
      [ctx.Kw_matches, "matches"],
      [ctx.Kw_startsWith, "startsWith"],
      [ctx.Kw_endsWith, "endsWith"],
      [ctx.Kw_contains, "contains"],
    ]);
    return word ? [word.value, this.tokenSpan(word.tok)] : undefined;
  }

  additive(ctx: cst.AdditiveCstChildren): ast.Expr {
    const ops = ctx.Plus || ctx.Minus ? [...this.tokens(ctx.Plus), ...this.tokens(ctx.Minus)] : [];
    return this.leftAssoc(this.nodes(ctx.multiplicative), ops, (tok) => (tokenMatcher(tok, Plus) ? "+" : "-"));
  }

  multiplicative(ctx: cst.MultiplicativeCstChildren): ast.Expr {
    const ops = ctx.Star || ctx.Slash ? [...this.tokens(ctx.Star), ...this.tokens(ctx.Slash)] : [];
    return this.leftAssoc(this.nodes(ctx.unary), ops, (tok) => (tokenMatcher(tok, Star) ? "*" : "/"));
  }

  unary(ctx: cst.UnaryCstChildren): ast.Expr {
    const minus = this.token(ctx.Minus);
    if (minus) {
      const node = this.node(ctx.unary);
      const operand = this.expr(node, minus.startOffset + 1);
      const end = Math.max(this.extent(node, operand).end, minus.startOffset + 1);
      return { kind: "Unary", span: { start: minus.startOffset, end }, op: "-", operand };
    }
    return this.exprHere(this.node(ctx.primary));
  }

  primary(ctx: cst.PrimaryCstChildren): ast.Expr {
    const span = this.currentSpan();
    const str = this.token(ctx.StringLiteral);
    if (str) return this.string(str);
    const num = this.token(ctx.NumberLiteral);
    if (num) return this.number(num);
    const dur = this.token(ctx.Duration);
    if (dur) return this.duration(dur);
    if (this.token(ctx.Kw_true)) return { kind: "Bool", span, value: true };
    if (this.token(ctx.Kw_false)) return { kind: "Bool", span, value: false };
    // Parentheses leave no node: the tree's shape already records the grouping.
    if (ctx.LParen) return this.expr(this.node(ctx.expression), span.start + 1);
    const child =
      this.node(ctx.listLit) ??
      this.node(ctx.objectLit) ??
      this.node(ctx.historyCall) ??
      this.node(ctx.sumCall) ??
      this.node(ctx.quantifier) ??
      this.node(ctx.call) ??
      this.node(ctx.path);
    return child ? this.visitNode(child) : this.missing(span.start);
  }

  listLit(ctx: cst.ListLitCstChildren): ast.ListLit {
    return {
      kind: "List",
      span: this.currentSpan(),
      items: this.nodes(ctx.expression).map((e) => this.expr(e, 0)),
    };
  }

  objectLit(ctx: cst.ObjectLitCstChildren): ast.ObjectLit {
    return {
      kind: "Object",
      span: this.currentSpan(),
      entries: this.nodes(ctx.objectEntry).map((e) => this.visitNode(e)),
    };
  }

  objectEntry(ctx: cst.ObjectEntryCstChildren): ast.ObjectEntry {
    const span = this.currentSpan();
    const quoted = this.token(ctx.StringLiteral);
    const key: ast.Name = quoted ? { text: this.string(quoted).value, span: this.tokenSpan(quoted) } : this.name(this.token(ctx.AnyName), span.start);
    return { span, key, value: this.expr(this.node(ctx.expression), this.afterToken(this.token(ctx.Colon), span.end)) };
  }

  historyCall(ctx: cst.HistoryCallCstChildren): ast.HistoryExpr {
    const span = this.currentSpan();
    const fn = this.pick([
      [ctx.Kw_count, "count"],
      [ctx.Kw_seen, "seen"],
    ]);
    const list = this.node(ctx.targetList);
    const where = this.node(ctx.expression);
    return {
      kind: "History",
      span,
      fn: fn?.value ?? "count",
      fnSpan: fn ? this.tokenSpan(fn.tok) : point(span.start),
      targets: list ? this.visitNode(list) : [],
      ...(where ? { where: this.expr(where, span.end) } : {}),
      window: this.windowOf(this.node(ctx.window), span.end),
    };
  }

  sumCall(ctx: cst.SumCallCstChildren): ast.HistoryExpr {
    const span = this.currentSpan();
    const fnTok = this.token(ctx.Kw_sum);
    const where = this.node(ctx.expression);
    const tool = this.token(ctx.Identifier) ?? this.token(ctx.StringLiteral);
    return {
      kind: "History",
      span,
      fn: "sum",
      fnSpan: fnTok ? this.tokenSpan(fnTok) : point(span.start),
      tool: this.toolName(ctx.StringLiteral, ctx.Identifier, span.start),
      arg: this.name(this.token(ctx.AnyName), this.afterToken(tool, span.start)),
      ...(where ? { where: this.expr(where, span.end) } : {}),
      window: this.windowOf(this.node(ctx.window), span.end),
    };
  }

  private windowOf(node: cst.WindowCstNode | undefined, fallback: number): ast.Window | ast.MissingExpr {
    return node ? this.visitNode(node) : this.missing(fallback);
  }

  window(ctx: cst.WindowCstChildren): ast.Window | ast.MissingExpr {
    const dur = this.token(ctx.Duration);
    if (dur) return this.duration(dur);
    const session = this.token(ctx.Kw_session);
    if (session) return { kind: "Session", span: this.tokenSpan(session) };
    return this.missing(this.currentSpan().start);
  }

  quantifier(ctx: cst.QuantifierCstChildren): ast.QuantifierExpr {
    const span = this.currentSpan();
    const fn = this.pick([
      [ctx.Kw_any, "any"],
      [ctx.Kw_all, "all"],
    ]);
    const exprs = this.nodes(ctx.expression);
    return {
      kind: "Quantifier",
      span,
      quantifier: fn?.value ?? "any",
      variable: this.name(this.token(ctx.Identifier), span.start),
      list: this.expr(exprs[0], span.end),
      body: this.expr(exprs[1], this.afterToken(this.token(ctx.Colon), span.end)),
    };
  }

  call(ctx: cst.CallCstChildren): ast.CallExpr {
    const span = this.currentSpan();
    return {
      kind: "Call",
      span,
      callee: this.name(this.token(ctx.Identifier), span.start),
      args: this.nodes(ctx.expression).map((e) => this.expr(e, span.end)),
    };
  }

  path(ctx: cst.PathCstChildren): ast.PathExpr {
    const span = this.currentSpan();
    const head =
      this.token(ctx.Identifier) ??
      this.token(ctx.Kw_args) ??
      this.token(ctx.Kw_agent) ??
      this.token(ctx.Kw_user) ??
      this.token(ctx.Kw_context) ??
      this.token(ctx.Kw_resource) ??
      this.token(ctx.Kw_tool) ??
      this.token(ctx.Kw_now) ??
      this.token(ctx.Kw_it);
    return {
      kind: "Path",
      span,
      head: this.name(head, span.start),
      fields: this.tokens(ctx.AnyName).map((tok) => this.name(tok, 0)),
    };
  }
}

/** Converts a CST to an AST; literal problems (bad escapes, huge numbers) come back as diagnostics. */
/** Builds a file's AST one top-level declaration at a time, as the parser finishes each (`parseTokens`' `onDeclaration`). */
export interface AstBuilder {
  /** Builds the next declaration, in source order; its CST is not read again. */
  addDeclaration(node: cst.DeclarationCstNode): void;
  /** The file's AST from every declaration added, and the diagnostics found building it. */
  finish(): { ast: ast.Policy; diagnostics: Diagnostic[] };
}

/** An `AstBuilder` for one file's text and comments. */
export function astBuilder(text: string, comments: readonly IToken[]): AstBuilder {
  const visitor = new CstToAst(text, comments);
  return {
    addDeclaration: (node) => visitor.addDeclaration(node),
    finish: () => ({ ast: visitor.policy(), diagnostics: visitor.diagnostics }),
  };
}
