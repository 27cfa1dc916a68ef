// Builds the AST from chevrotain's CST; defensive everywhere, since recovered CST nodes may lack children.
import type { CstElement, CstNode, IToken } from "chevrotain";
import type * as ast from "../ast/ast.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/diagnostic.js";
import { cover, point, type Span } from "../source/span.js";
import { decodeString, durationMs } from "./literals.js";
import { parser } from "./parser.js";
import { approveWord, DocComment, Identifier, recoveryTokens, uncheckedWord } from "./tokens.js";

const recoveryMeaning: ReadonlyMap<unknown, string> = new Map(recoveryTokens.map((r) => [r.token, r.means]));

type Children = Record<string, CstElement[] | undefined>;

const BaseVisitor = parser.getBaseCstVisitorConstructorWithDefaults();

/** Lowers one file's CST to its AST, collecting literal diagnostics (bad escapes, numbers). */
class CstToAst extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly comments: readonly IToken[],
  ) {
    super();
    this.validateVisitor();
  }

  // ---------------------------------------------------------------- helpers

  /** The `index`th token under `key`, unless absent or inserted by recovery. */
  private token(ctx: Children, key: string, index = 0): IToken | undefined {
    const element = ctx[key]?.[index];
    if (!element || !("image" in element)) return undefined;
    if (element.isInsertedInRecovery || Number.isNaN(element.startOffset)) return undefined;
    return element;
  }

  private tokens(ctx: Children, key: string): IToken[] {
    return (ctx[key] ?? []).filter(
      (e): e is IToken => "image" in e && !e.isInsertedInRecovery && !Number.isNaN(e.startOffset),
    );
  }

  private node(ctx: Children, key: string, index = 0): CstNode | undefined {
    const element = ctx[key]?.[index];
    return element && "children" in element ? element : undefined;
  }

  private nodes(ctx: Children, key: string): CstNode[] {
    return (ctx[key] ?? []).filter((e): e is CstNode => "children" in e);
  }

  /** The span of a CST node: from its first to its last real token. */
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
    if ("image" in element) {
      return element.isInsertedInRecovery || Number.isNaN(element.startOffset) ? undefined : this.tokenSpan(element);
    }
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
  private toolName(ctx: Children, fallback: number): ast.Name {
    const quoted = this.token(ctx, "StringLiteral");
    if (!quoted) return this.name(this.token(ctx, "Identifier"), fallback);
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

  /** The `///` lines directly above `start`, joined, or undefined. */
  private docBefore(start: number): string | undefined {
    const lines: string[] = [];
    let cursor = start;
    // The last comment that starts before `start` (comments are in source order): a binary search keeps this O(log n).
    let lo = 0;
    let hi = this.comments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.comments[mid] as IToken).startOffset < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const comment = this.comments[i] as IToken;
      const end = comment.startOffset + comment.image.length;
      if (end > cursor) continue;
      if (comment.tokenType !== DocComment || this.text.slice(end, cursor).trim() !== "") break;
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
  private introducedName(ctx: Children, fallback: number): ast.Name {
    const node = this.node(ctx, "declName");
    return node ? (this.visit(node) as ast.Name) : this.name(undefined, fallback);
  }

  /** Visits an expression-rule node, or yields a Missing expression at `fallback`. */
  private expr(node: CstNode | undefined, fallback: number): ast.Expr {
    if (!node || node.recoveredNode && this.spanOf(node, -1).start === -1) return this.missing(fallback);
    return this.visit(node) as ast.Expr;
  }

  // ---------------------------------------------------------------- declarations

  policyFile(ctx: Children): ast.Policy {
    const declarations: ast.Declaration[] = [];
    for (const node of this.nodes(ctx, "declaration")) {
      const decl = this.visit(node) as ast.Declaration | undefined;
      if (decl) declarations.push(decl);
    }
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

  declaration(ctx: Children): ast.Declaration | undefined {
    const child = Object.values(ctx).flat()[0];
    return child && "children" in child ? (this.visit(child) as ast.Declaration) : undefined;
  }

  /** A declaration's name; a keyword there is reported (the parser takes it to keep the body parsing). */
  declName(ctx: Children): ast.Name {
    const tok = this.token(ctx, "AnyName");
    if (tok && tok.tokenType !== Identifier) {
      this.diagnostics.push(
        diagnostic("apol/syntax-error", this.tokenSpan(tok), `expected a name but found \`${tok.image}\``, {
          help: `\`${tok.image}\` is a keyword: choose another name`,
        }),
      );
    }
    return this.name(tok, this.currentSpan().start);
  }

  policyHeader(ctx: Children): ast.PolicyHeader {
    const keyword = this.token(ctx, "Kw_policy");
    const start = keyword?.startOffset ?? 0;
    const zone = this.token(ctx, "StringLiteral");
    const span = this.currentSpan(start);
    return {
      kind: "PolicyHeader",
      span,
      name: this.name(this.token(ctx, "Identifier"), keyword ? keyword.startOffset + keyword.image.length : start),
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
      return super.visit(node, param);
    } finally {
      this.visiting.pop();
    }
  }

  enumDecl(ctx: Children): ast.EnumDecl {
    const span = this.currentSpan();
    return {
      kind: "EnumDecl",
      span,
      name: this.introducedName(ctx, this.afterToken(this.token(ctx, "Kw_enum"), span.start)),
      members: this.tokens(ctx, "AnyName").map((tok) => this.name(tok, 0)),
      ...this.doc(span.start),
    };
  }

  shapeDecl(ctx: Children): ast.ShapeDecl {
    const span = this.currentSpan();
    const keyword =
      this.token(ctx, "Kw_agent") ?? this.token(ctx, "Kw_user") ?? this.token(ctx, "Kw_context") ?? this.token(ctx, "Kw_resource");
    const record = this.node(ctx, "recordType");
    return {
      kind: "ShapeDecl",
      span,
      shape: (keyword?.image ?? "agent") as ast.ShapeKind,
      keywordSpan: keyword ? this.tokenSpan(keyword) : point(span.start),
      fields: record ? (this.visit(record) as ast.RecordType).fields : [],
      ...this.doc(span.start),
    };
  }

  recordType(ctx: Children): ast.RecordType {
    return {
      kind: "RecordType",
      span: this.currentSpan(),
      fields: this.nodes(ctx, "field").map((f) => this.visit(f) as ast.Field),
    };
  }

  field(ctx: Children): ast.Field {
    const span = this.currentSpan();
    const nameTok = this.token(ctx, "AnyName");
    const typeNode = this.node(ctx, "typeExpr");
    const colon = this.token(ctx, "Colon");
    const type: ast.TypeExpr = typeNode
      ? (this.visit(typeNode) as ast.TypeExpr)
      : { kind: "NamedType", span: point(this.afterToken(colon, span.end)), name: { text: "", span: point(span.end) } };
    return {
      kind: "Field",
      span,
      name: this.name(nameTok, span.start),
      optional: this.token(ctx, "Question") !== undefined,
      type,
      ...this.doc(span.start),
    };
  }

  typeExpr(ctx: Children): ast.TypeExpr {
    const members = this.nodes(ctx, "listTypeExpr").map((n) => this.visit(n) as ast.TypeExpr);
    const [first] = members;
    if (members.length === 1 && first) return first;
    if (!first) {
      const span = this.currentSpan();
      return { kind: "NamedType", span: point(span.start), name: { text: "", span: point(span.start) } };
    }
    const last = members[members.length - 1] as ast.TypeExpr;
    return { kind: "UnionType", span: { start: first.span.start, end: last.span.end }, members };
  }

  listTypeExpr(ctx: Children): ast.TypeExpr {
    const span = this.currentSpan();
    const nameTok = this.token(ctx, "Identifier");
    const record = this.node(ctx, "recordType");
    const inner = this.node(ctx, "typeExpr");
    const lparen = this.token(ctx, "LParen");
    let type: ast.TypeExpr = record
      ? (this.visit(record) as ast.RecordType)
      : inner && lparen
        ? this.parenthesised(this.visit(inner) as ast.TypeExpr, lparen.startOffset, this.token(ctx, "RParen"))
        : { kind: "NamedType", span: nameTok ? this.tokenSpan(nameTok) : point(span.start), name: this.name(nameTok, span.start) };
    for (const bracket of this.tokens(ctx, "RBracket")) {
      type = { kind: "ListType", span: { start: type.span.start, end: bracket.startOffset + 1 }, element: type };
    }
    return type;
  }

  /** `(T)`: the inner type, its span widened to the parentheses (a list of it then starts at `(`). */
  private parenthesised(inner: ast.TypeExpr, start: number, rparen: IToken | undefined): ast.TypeExpr {
    return { ...inner, span: { start, end: rparen && !isNaN(rparen.startOffset) ? rparen.startOffset + 1 : inner.span.end } };
  }

  toolDecl(ctx: Children): ast.ToolDecl {
    const span = this.currentSpan();
    return {
      kind: "ToolDecl",
      span,
      name: this.token(ctx, "StringLiteral")
        ? this.toolName(ctx, span.start)
        : this.introducedName(ctx, this.afterToken(this.token(ctx, "Kw_tool"), span.start)),
      params: this.nodes(ctx, "field").map((f) => this.visit(f) as ast.Field),
      clauses: this.nodes(ctx, "toolClause").map((c) => this.visit(c) as ast.ToolClause),
      ...this.doc(span.start),
    };
  }

  toolClause(ctx: Children): ast.ToolClause {
    const span = this.currentSpan();
    if (ctx["Kw_tags"]) {
      const list = this.node(ctx, "nameList");
      return { kind: "tags", span, tags: list ? (this.visit(list) as ast.Name[]) : [] };
    }
    if (ctx["Kw_tier"]) {
      const tok = this.token(ctx, "NumberLiteral");
      return {
        kind: "tier",
        span,
        tier: tok ? this.number(tok) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
      };
    }
    if (ctx["Kw_returns"]) return { kind: "returns", span, label: this.name(this.token(ctx, "AnyName"), span.end) };
    const typeNode = this.node(ctx, "typeExpr");
    return {
      kind: "output",
      span,
      type: typeNode
        ? (this.visit(typeNode) as ast.TypeExpr)
        : { kind: "NamedType", span: point(span.end), name: { text: "", span: point(span.end) } },
    };
  }

  nameList(ctx: Children): ast.Name[] {
    return this.tokens(ctx, "AnyName").map((tok) => this.name(tok, 0));
  }

  constDecl(ctx: Children): ast.ConstDecl {
    const span = this.currentSpan();
    const equals = this.token(ctx, "Equals");
    return {
      kind: "ConstDecl",
      span,
      name: this.introducedName(ctx, this.afterToken(this.token(ctx, "Kw_const"), span.start)),
      value: this.expr(this.node(ctx, "expression"), this.afterToken(equals, span.end)),
      ...this.doc(span.start),
    };
  }

  predicateDecl(ctx: Children): ast.PredicateDecl {
    const span = this.currentSpan();
    const equals = this.token(ctx, "Equals");
    return {
      kind: "PredicateDecl",
      span,
      name: this.introducedName(ctx, this.afterToken(this.token(ctx, "Kw_def"), span.start)),
      params: this.nodes(ctx, "param").map((p) => this.visit(p) as ast.Param),
      body: this.expr(this.node(ctx, "expression"), this.afterToken(equals ?? this.token(ctx, "RParen"), span.end)),
      ...this.doc(span.start),
    };
  }

  param(ctx: Children): ast.Param {
    const span = this.currentSpan();
    const colon = this.token(ctx, "Colon");
    const typeNode = this.node(ctx, "typeExpr");
    return {
      kind: "Param",
      span,
      name: this.introducedName(ctx, span.start),
      type: typeNode
        ? (this.visit(typeNode) as ast.TypeExpr)
        : { kind: "NamedType", span: point(this.afterToken(colon, span.end)), name: { text: "", span: point(span.end) } },
    };
  }

  ruleDecl(ctx: Children): ast.RuleDecl {
    const span = this.currentSpan();
    let effect: ast.EffectClause | undefined;
    const clauses: ast.RuleClause[] = [];
    const extraEffects: ast.EffectClause[] = [];
    for (const item of this.nodes(ctx, "ruleItem")) {
      const visited = this.visit(item) as ast.EffectClause | ast.RuleClause | undefined;
      if (!visited) continue;
      if (visited.kind === "EffectClause") {
        if (effect) extraEffects.push(visited);
        else effect = visited;
      } else clauses.push(visited);
    }
    const rule: ast.RuleDecl = {
      kind: "RuleDecl",
      span,
      name: this.introducedName(ctx, this.afterToken(this.token(ctx, "Kw_rule"), span.start)),
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

  ruleItem(ctx: Children): ast.EffectClause | ast.RuleClause | undefined {
    const span = this.currentSpan();
    const effectNode = this.node(ctx, "effectLine");
    if (effectNode) return this.visit(effectNode) as ast.EffectClause;
    const keyword = (key: string): IToken | undefined => this.token(ctx, key);
    const when = keyword("Kw_when");
    if (when) return { kind: "when", span, expr: this.expr(this.node(ctx, "expression"), this.afterToken(when, span.end)) };
    const unless = keyword("Kw_unless");
    if (unless) return { kind: "unless", span, expr: this.expr(this.node(ctx, "expression"), this.afterToken(unless, span.end)) };
    if (ctx["Kw_approvals"]) {
      const count = this.token(ctx, "NumberLiteral");
      return {
        kind: "approvals",
        span,
        count: count ? this.number(count) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
        from: this.expr(this.node(ctx, "primary"), span.end),
      };
    }
    if (ctx["Kw_expires"]) {
      const tok = this.token(ctx, "Duration");
      return {
        kind: "expires",
        span,
        duration: tok ? this.duration(tok) : { kind: "Duration", span: point(span.end), ms: 0, raw: "" },
      };
    }
    if (ctx["Kw_reason"]) {
      const tok = this.token(ctx, "StringLiteral");
      return {
        kind: "reason",
        span,
        text: tok ? this.string(tok) : { kind: "String", span: point(span.end), value: "", raw: "" },
      };
    }
    return undefined;
  }

  effectLine(ctx: Children): ast.EffectClause {
    const span = this.currentSpan();
    const keyword =
      this.token(ctx, "Kw_allow") ?? this.token(ctx, "Kw_deny") ?? this.token(ctx, "Kw_review") ?? this.token(ctx, "Kw_redact");
    const list = this.node(ctx, "targetList");
    return {
      kind: "EffectClause",
      span,
      effect: (keyword?.image ?? "deny") as ast.Effect,
      effectSpan: keyword ? this.tokenSpan(keyword) : point(span.start),
      targets: list ? (this.visit(list) as ast.Target[]) : [],
      paths: this.nodes(ctx, "redactPath").map((p) => this.visit(p) as ast.RedactPath),
    };
  }

  targetList(ctx: Children): ast.Target[] {
    return this.nodes(ctx, "target")
      .map((t) => this.visit(t) as ast.Target | undefined)
      .filter((t): t is ast.Target => t !== undefined);
  }

  target(ctx: Children): ast.Target | undefined {
    const span = this.currentSpan();
    if (ctx["Identifier"] || ctx["StringLiteral"]) return { kind: "ToolTarget", span, name: this.toolName(ctx, span.start) };
    if (ctx["Kw_tagged"]) return { kind: "TagTarget", span, tag: this.name(this.token(ctx, "AnyName"), span.end) };
    if (ctx["Kw_tier"]) {
      const op = this.token(ctx, "Comparison");
      const num = this.token(ctx, "NumberLiteral");
      return {
        kind: "TierTarget",
        span,
        op: (op?.image ?? ">=") as ast.CompareOp,
        tier: num ? this.number(num) : { kind: "Number", span: point(span.end), value: 0, raw: "" },
      };
    }
    if (this.token(ctx, "Star")) return { kind: "AllTarget", span };
    return undefined;
  }

  redactPath(ctx: Children): ast.RedactPath {
    const span = this.currentSpan();
    // Rebuild the segment order from offsets: chevrotain groups children by token type.
    const segments: { offset: number; segment: ast.PathSegment }[] = [];
    for (const tok of this.tokens(ctx, "AnyName")) segments.push({ offset: tok.startOffset, segment: { kind: "field", name: this.name(tok, 0) } });
    for (const tok of this.tokens(ctx, "LBracket")) {
      const close = this.tokens(ctx, "RBracket").find((r) => r.startOffset > tok.startOffset);
      segments.push({
        offset: tok.startOffset,
        segment: { kind: "each", span: { start: tok.startOffset, end: close ? close.startOffset + 1 : tok.startOffset + 1 } },
      });
    }
    segments.sort((a, b) => a.offset - b.offset);
    return { kind: "RedactPath", span, root: ctx["Kw_args"] ? "args" : "output", segments: segments.map((s) => s.segment) };
  }

  testDecl(ctx: Children): ast.TestDecl {
    const span = this.currentSpan();
    const title = this.token(ctx, "StringLiteral");
    return {
      kind: "TestDecl",
      span,
      title: title ? this.string(title) : { kind: "String", span: point(this.afterToken(this.token(ctx, "Kw_test"), span.start)), value: "", raw: "" },
      statements: this.nodes(ctx, "testStatement")
        .map((s) => this.visit(s) as ast.TestStatement | undefined)
        .filter((s): s is ast.TestStatement => s !== undefined),
      ...this.doc(span.start),
    };
  }

  testStatement(ctx: Children): ast.TestStatement | undefined {
    const span = this.currentSpan();
    const part = this.token(ctx, "Kw_agent") ?? this.token(ctx, "Kw_user") ?? this.token(ctx, "Kw_context") ?? this.token(ctx, "Kw_resource");
    if (part) {
      const obj = this.node(ctx, "objectLit");
      return {
        kind: "given",
        span,
        part: part.image as ast.ShapeKind,
        value: obj ? (this.visit(obj) as ast.ObjectLit) : { kind: "Object", span: point(span.end), entries: [] },
      };
    }
    if (ctx["Kw_now"]) {
      const tok = this.token(ctx, "StringLiteral");
      return { kind: "now", span, value: tok ? this.string(tok) : { kind: "String", span: point(span.end), value: "", raw: "" } };
    }
    if (ctx["Kw_history"]) {
      return { kind: "history", span, calls: this.nodes(ctx, "testCall").map((c) => this.visit(c) as ast.TestCall) };
    }
    if (ctx["Kw_observe"]) {
      const list = this.node(ctx, "nameList");
      return {
        kind: "observe",
        span,
        value: this.expr(this.node(ctx, "expression"), span.end),
        labels: list ? (this.visit(list) as ast.Name[]) : [],
      };
    }
    const call = this.node(ctx, "testCall");
    if (call) return { kind: "call", span, call: this.visit(call) as ast.TestCall };
    if (!ctx["Kw_expect"] && this.token(ctx, "Identifier")?.image === approveWord) {
      return { kind: "approve", span, approvers: this.tokens(ctx, "StringLiteral").map((tok) => this.string(tok)) };
    }
    if (ctx["Kw_expect"] && ctx["Kw_output"]) return { kind: "expectOutput", span, value: this.expr(this.node(ctx, "expression"), span.end) };
    if (ctx["Kw_expect"]) {
      const rule = this.token(ctx, "Identifier") ?? this.token(ctx, "ReservedRuleName");
      return {
        kind: "expect",
        span,
        effect: this.name(this.token(ctx, "AnyName"), span.end),
        ...(rule ? { rule: this.name(rule, span.end) } : {}),
      };
    }
    return undefined;
  }

  testCall(ctx: Children): ast.TestCall {
    const span = this.currentSpan();
    const returned = this.node(ctx, "expression");
    const list = this.node(ctx, "nameList");
    const unchecked = this.tokens(ctx, "Identifier").find((tok) => tok.image === uncheckedWord && tok.startOffset > (this.token(ctx, "RParen")?.startOffset ?? Infinity));
    return {
      kind: "TestCall",
      span,
      tool: this.toolName(ctx, this.afterToken(this.token(ctx, "Kw_call"), span.start)),
      args: this.nodes(ctx, "objectEntry").map((e) => this.visit(e) as ast.ObjectEntry),
      ...(unchecked ? { unchecked: this.name(unchecked, span.end) } : {}),
      ...(returned ? { returns: this.expr(returned, span.end) } : {}),
      labels: list ? (this.visit(list) as ast.Name[]) : [],
    };
  }

  // ---------------------------------------------------------------- expressions

  expression(ctx: Children): ast.Expr {
    return this.expr(this.node(ctx, "orExpr"), this.currentSpan().start);
  }

  /** Folds `a op b op c` left to right; operators are the tokens under `opKeys`, in source order. */
  private leftAssoc(ctx: Children, operandKey: string, opKeys: readonly string[], opOf: (tok: IToken) => ast.BinaryOp): ast.Expr {
    const operands = this.nodes(ctx, operandKey);
    const ops = opKeys.flatMap((key) => this.tokens(ctx, key)).sort((a, b) => a.startOffset - b.startOffset);
    const start = this.currentSpan().start;
    let result = this.expr(operands[0], start);
    let extent = this.extent(operands[0], result);
    for (let i = 1; i < operands.length; i++) {
      const opTok = ops[i - 1];
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

  orExpr(ctx: Children): ast.Expr {
    return this.leftAssoc(ctx, "andExpr", ["Kw_or"], () => "or");
  }

  andExpr(ctx: Children): ast.Expr {
    return this.leftAssoc(ctx, "notExpr", ["Kw_and"], () => "and");
  }

  notExpr(ctx: Children): ast.Expr {
    const not = this.token(ctx, "Kw_not");
    if (not) {
      const node = this.node(ctx, "notExpr");
      const operand = this.expr(node, this.afterToken(not, not.startOffset));
      const end = Math.max(this.extent(node, operand).end, not.startOffset + 3);
      return { kind: "Unary", span: { start: not.startOffset, end }, op: "not", operand };
    }
    return this.expr(this.node(ctx, "comparison"), this.currentSpan().start);
  }

  comparison(ctx: Children): ast.Expr {
    const operands = this.nodes(ctx, "additive");
    const left = this.expr(operands[0], this.currentSpan().start);
    const is = this.token(ctx, "Kw_is");
    if (is) {
      const isSpan = this.tokenSpan(is);
      const typeNode = this.node(ctx, "typeExpr");
      const type: ast.TypeExpr = typeNode
        ? (this.visit(typeNode) as ast.TypeExpr)
        : { kind: "NamedType", span: point(isSpan.end), name: { text: "", span: point(isSpan.end) } };
      const span = { start: this.extent(operands[0], left).start, end: Math.max(type.span.end, isSpan.end) };
      return { kind: "TypeTest", span, operand: left, isSpan, type };
    }
    if (operands.length < 2 && !this.hasComparisonOperator(ctx)) return left;
    const [op, opSpan] = this.comparisonOperator(ctx, left.span.end);
    const right = this.expr(operands[1], opSpan.end);
    const span = { start: this.extent(operands[0], left).start, end: Math.max(this.extent(operands[1], right).end, opSpan.end) };
    return { kind: "Binary", span, op, opSpan, left, right };
  }

  private hasComparisonOperator(ctx: Children): boolean {
    return ["Comparison", "Equals", "Kw_in", "Kw_like", "Kw_matches", "Kw_startsWith", "Kw_endsWith", "Kw_contains"].some(
      (key) => this.token(ctx, key) !== undefined,
    );
  }

  private comparisonOperator(ctx: Children, fallback: number): [ast.BinaryOp, Span] {
    const cmp = this.token(ctx, "Comparison");
    // A recovery token (`≥`) stands for the operator it means; `lex` reported it.
    if (cmp) return [(recoveryMeaning.get(cmp.tokenType) ?? cmp.image) as ast.CompareOp, this.tokenSpan(cmp)];
    const equals = this.token(ctx, "Equals");
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
    const not = this.token(ctx, "Kw_not");
    const inTok = this.token(ctx, "Kw_in");
    if (not && inTok) return ["not in", { start: not.startOffset, end: inTok.startOffset + 2 }];
    if (inTok) return ["in", this.tokenSpan(inTok)];
    for (const op of ["like", "matches", "startsWith", "endsWith", "contains"] as const) {
      const tok = this.token(ctx, `Kw_${op}`);
      if (tok) return [op, this.tokenSpan(tok)];
    }
    return ["==", point(fallback)];
  }

  additive(ctx: Children): ast.Expr {
    return this.leftAssoc(ctx, "multiplicative", ["Plus", "Minus"], (tok) => tok.image as ast.BinaryOp);
  }

  multiplicative(ctx: Children): ast.Expr {
    return this.leftAssoc(ctx, "unary", ["Star", "Slash"], (tok) => tok.image as ast.BinaryOp);
  }

  unary(ctx: Children): ast.Expr {
    const minus = this.token(ctx, "Minus");
    if (minus) {
      const node = this.node(ctx, "unary");
      const operand = this.expr(node, minus.startOffset + 1);
      const end = Math.max(this.extent(node, operand).end, minus.startOffset + 1);
      return { kind: "Unary", span: { start: minus.startOffset, end }, op: "-", operand };
    }
    return this.expr(this.node(ctx, "primary"), this.currentSpan().start);
  }

  primary(ctx: Children): ast.Expr {
    const span = this.currentSpan();
    const str = this.token(ctx, "StringLiteral");
    if (str) return this.string(str);
    const num = this.token(ctx, "NumberLiteral");
    if (num) return this.number(num);
    const dur = this.token(ctx, "Duration");
    if (dur) return this.duration(dur);
    if (this.token(ctx, "Kw_true")) return { kind: "Bool", span, value: true };
    if (this.token(ctx, "Kw_false")) return { kind: "Bool", span, value: false };
    if (ctx["LParen"]) {
      const inner = this.expr(this.node(ctx, "expression"), span.start + 1);
      // Parentheses leave no node: the tree's shape already records the grouping.
      return inner;
    }
    for (const key of ["listLit", "objectLit", "historyCall", "sumCall", "quantifier", "call", "path"]) {
      const child = this.node(ctx, key);
      if (child) return this.visit(child) as ast.Expr;
    }
    return this.missing(span.start);
  }

  listLit(ctx: Children): ast.ListLit {
    return {
      kind: "List",
      span: this.currentSpan(),
      items: this.nodes(ctx, "expression").map((e) => this.expr(e, 0)),
    };
  }

  objectLit(ctx: Children): ast.ObjectLit {
    return {
      kind: "Object",
      span: this.currentSpan(),
      entries: this.nodes(ctx, "objectEntry").map((e) => this.visit(e) as ast.ObjectEntry),
    };
  }

  objectEntry(ctx: Children): ast.ObjectEntry {
    const span = this.currentSpan();
    const quoted = this.token(ctx, "StringLiteral");
    const key: ast.Name = quoted
      ? { text: this.string(quoted).value, span: this.tokenSpan(quoted) }
      : this.name(this.token(ctx, "AnyName"), span.start);
    return { span, key, value: this.expr(this.node(ctx, "expression"), this.afterToken(this.token(ctx, "Colon"), span.end)) };
  }

  historyCall(ctx: Children): ast.HistoryExpr {
    const span = this.currentSpan();
    const fnTok = this.token(ctx, "Kw_count") ?? this.token(ctx, "Kw_seen");
    const list = this.node(ctx, "targetList");
    const where = this.node(ctx, "expression");
    return {
      kind: "History",
      span,
      fn: (fnTok?.image ?? "count") as "count" | "seen",
      fnSpan: fnTok ? this.tokenSpan(fnTok) : point(span.start),
      targets: list ? (this.visit(list) as ast.Target[]) : [],
      ...(where ? { where: this.expr(where, span.end) } : {}),
      window: this.windowOf(ctx, span.end),
    };
  }

  sumCall(ctx: Children): ast.HistoryExpr {
    const span = this.currentSpan();
    const fnTok = this.token(ctx, "Kw_sum");
    const where = this.node(ctx, "expression");
    const tool = this.token(ctx, "Identifier") ?? this.token(ctx, "StringLiteral");
    return {
      kind: "History",
      span,
      fn: "sum",
      fnSpan: fnTok ? this.tokenSpan(fnTok) : point(span.start),
      tool: this.toolName(ctx, span.start),
      arg: this.name(this.token(ctx, "AnyName"), this.afterToken(tool, span.start)),
      ...(where ? { where: this.expr(where, span.end) } : {}),
      window: this.windowOf(ctx, span.end),
    };
  }

  private windowOf(ctx: Children, fallback: number): ast.Window | ast.MissingExpr {
    const node = this.node(ctx, "window");
    return node ? (this.visit(node) as ast.Window | ast.MissingExpr) : this.missing(fallback);
  }

  window(ctx: Children): ast.Window | ast.MissingExpr {
    const dur = this.token(ctx, "Duration");
    if (dur) return this.duration(dur);
    const session = this.token(ctx, "Kw_session");
    if (session) return { kind: "Session", span: this.tokenSpan(session) };
    return this.missing(this.currentSpan().start);
  }

  quantifier(ctx: Children): ast.QuantifierExpr {
    const span = this.currentSpan();
    const fnTok = this.token(ctx, "Kw_any") ?? this.token(ctx, "Kw_all");
    const exprs = this.nodes(ctx, "expression");
    const colon = this.token(ctx, "Colon");
    return {
      kind: "Quantifier",
      span,
      quantifier: (fnTok?.image ?? "any") as "any" | "all",
      variable: this.name(this.token(ctx, "Identifier"), span.start),
      list: this.expr(exprs[0], span.end),
      body: this.expr(exprs[1], this.afterToken(colon, span.end)),
    };
  }

  call(ctx: Children): ast.CallExpr {
    const span = this.currentSpan();
    return {
      kind: "Call",
      span,
      callee: this.name(this.token(ctx, "Identifier"), span.start),
      args: this.nodes(ctx, "expression").map((e) => this.expr(e, span.end)),
    };
  }

  path(ctx: Children): ast.PathExpr {
    const span = this.currentSpan();
    const headKeys = ["Identifier", "Kw_args", "Kw_agent", "Kw_user", "Kw_context", "Kw_resource", "Kw_tool", "Kw_now", "Kw_it"];
    const head = headKeys.map((key) => this.token(ctx, key)).find((tok) => tok !== undefined);
    return {
      kind: "Path",
      span,
      head: this.name(head, span.start),
      fields: this.tokens(ctx, "AnyName").map((tok) => this.name(tok, 0)),
    };
  }
}

/** Converts a CST to an AST; literal problems (bad escapes, huge numbers) come back as diagnostics. */
export function cstToAst(cst: CstNode, text: string, comments: readonly IToken[]): { ast: ast.Policy; diagnostics: Diagnostic[] } {
  const visitor = new CstToAst(text, comments);
  const policy = visitor.visit(cst) as ast.Policy;
  return { ast: policy, diagnostics: visitor.diagnostics };
}
