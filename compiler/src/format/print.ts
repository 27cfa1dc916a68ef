// The canonical printer: an AST back to apol source in the one house layout, every comment kept.
import type { Span } from "../source/span.js";
import type * as ast from "../ast/ast.js";
import { blankline, group, hardline, indent, line, render, softline, type Doc } from "./doc.js";
import { ExprPrinter } from "./print-expr.js";
import { Trivia } from "./trivia.js";
import { uncheckedWord } from "../syntax/tokens.js";

/** Lines are broken where the layout allows (lists, records, argument lists) once they would pass this column. */
const printWidth = 100;

/**
 * Prints a policy in canonical layout.
 *
 * Pass the `source` the AST was parsed from to keep the user's comments where they were
 * (on their own line, or at the end of a line of code) and the blank lines the layout
 * leaves to the user; without it, comments go on lines of their own and those blank
 * lines go. Comments come from `policy.comments`; the `doc` fields are derived from them
 * and not printed separately.
 *
 * The layout:
 * - one blank line between top-level declarations, except that consecutive `enum`,
 *   shape (`agent`/`user`/`context`/`resource`), `tool` or `const` declarations that the
 *   user wrote without a blank line between them stay together;
 * - inside `rule`, `test` and `history` blocks, one item per line, indented by two
 *   spaces, in the user's order; a blank line the user left between two items stays
 *   (runs of them become one), as does one after a comment on its own line;
 * - enums, records, lists, objects and argument lists on one line when it fits in 100
 *   columns, else one item per line without a trailing comma (a tool declaration keeps
 *   its clauses after the closing parenthesis);
 * - expressions with the fewest parentheses that keep the tree; an `and` or `or` chain
 *   that does not fit breaks before each operator, indented once.
 */
export function print(policy: ast.Policy, source?: string): string {
  const printer = new PolicyPrinter(new Trivia(policy.comments, source));
  return render(printer.policy(policy), printWidth);
}

/** Declarations whose consecutive runs may stay without blank lines between them. */
const compactKinds: ReadonlySet<ast.Declaration["kind"]> = new Set(["EnumDecl", "ShapeDecl", "ToolDecl", "ConstDecl"]);

/** Builds the document for a whole policy; every method builds its pieces in source order, as `Trivia` needs. */
class PolicyPrinter {
  /** Expressions, and the pieces declarations share with them (names, lists, literals). */
  private readonly exprs: ExprPrinter;

  constructor(private readonly trivia: Trivia) {
    this.exprs = new ExprPrinter(trivia, (type) => this.type(type));
  }

  policy(policy: ast.Policy): Doc {
    const { trivia } = this;
    const out: Doc[] = [];
    let previous: ast.Declaration | undefined;
    for (const decl of policy.declarations) {
      if (previous) {
        const compact = previous.kind === decl.kind && compactKinds.has(decl.kind) && !trivia.blankAfter(previous.span.end);
        out.push(compact ? hardline : blankline);
      }
      out.push(trivia.lead(decl.span.start), this.declaration(decl));
      previous = decl;
    }
    out.push(previous && trivia.blankAfter(previous.span.end) ? blankline : hardline, trivia.rest());
    return out;
  }

  private declaration(decl: ast.Declaration): Doc {
    const { trivia, exprs } = this;
    switch (decl.kind) {
      case "PolicyHeader": {
        const head = [trivia.tok("policy", decl.span.start), " ", exprs.name(decl.name)];
        if (!decl.timezone) return head;
        return [head, " ", trivia.tok("timezone", trivia.find("timezone", decl.name.span.end)), " ", exprs.string(decl.timezone)];
      }
      case "EnumDecl":
        return [
          trivia.tok("enum", decl.span.start),
          " ",
          exprs.name(decl.name),
          " ",
          exprs.list({
            open: "{",
            openAt: trivia.find("{", decl.name.span.end),
            close: "}",
            closeAt: decl.span.end - 1,
            items: decl.members,
            span: (m) => m.span,
            print: (m) => exprs.name(m),
            spaced: true,
          }),
        ];
      case "ShapeDecl":
        return [trivia.tok(decl.shape, decl.keywordSpan.start), " ", this.fields(decl.fields, trivia.find("{", decl.keywordSpan.end), decl.span.end - 1)];
      case "ToolDecl":
        return this.tool(decl);
      case "ConstDecl":
        return [
          trivia.tok("const", decl.span.start),
          " ",
          exprs.name(decl.name),
          " ",
          trivia.tok("=", trivia.find("=", decl.name.span.end)),
          " ",
          exprs.expr(decl.value),
        ];
      case "PredicateDecl":
        return this.predicate(decl);
      case "RuleDecl":
        return this.rule(decl);
      case "TestDecl": {
        const head = [trivia.tok("test", decl.span.start), " ", exprs.string(decl.title), " "];
        return [head, this.block(trivia.find("{", decl.title.span.end), decl.statements, (s) => this.statement(s), decl.span.end - 1)];
      }
    }
  }

  /** `{ name: Type, ... }`: shapes and record types. */
  private fields(fields: readonly ast.Field[], openAt: number | undefined, closeAt: number): Doc {
    return this.exprs.list({ open: "{", openAt, close: "}", closeAt, items: fields, span: (f) => f.span, print: (f) => this.field(f), spaced: true });
  }

  private field(field: ast.Field): Doc {
    const { trivia } = this;
    const question = field.optional ? trivia.find("?", field.name.span.end) : undefined;
    return [
      this.exprs.name(field.name),
      field.optional ? trivia.tok("?", question) : "",
      trivia.tok(":", trivia.find(":", question === undefined ? field.name.span.end : question + 1)),
      " ",
      this.type(field.type),
    ];
  }

  private type(type: ast.TypeExpr): Doc {
    switch (type.kind) {
      case "NamedType":
        return this.exprs.name(type.name);
      case "ListType": {
        // A list of a union needs its parentheses back; the union's span covers them.
        const element =
          type.element.kind === "UnionType"
            ? [this.trivia.tok("(", type.element.span.start), this.type(type.element), this.trivia.tok(")", type.element.span.end - 1)]
            : this.type(type.element);
        const open = this.trivia.tok("[", this.trivia.find("[", type.element.span.end));
        return [element, open, this.trivia.tok("]", type.span.end - 1)];
      }
      case "RecordType":
        return this.fields(type.fields, type.span.start, type.span.end - 1);
      case "UnionType":
        return type.members.map((member, i) => {
          const previous = type.members[i - 1];
          return previous ? [" ", this.trivia.tok("|", this.trivia.find("|", previous.span.end)), " ", this.type(member)] : this.type(member);
        });
    }
  }

  /**
   * `tool NAME(params) clauses` on one line when it fits; otherwise each clause on its own
   * indented line below, as in the language's own examples, and the parameters one per
   * line only if they still do not fit.
   */
  private tool(decl: ast.ToolDecl): Doc {
    const keyword = this.trivia.tok("tool", decl.span.start);
    const { head } = this.signature(decl.name, decl.params, (f) => this.field(f));
    return group([keyword, " ", head, indent(decl.clauses.map((c) => [line, this.toolClause(c)]))]);
  }

  /** `def NAME(params) = BODY` on one line when it fits; otherwise the body on the next line, indented once. */
  private predicate(decl: ast.PredicateDecl): Doc {
    const { trivia, exprs } = this;
    const keyword = trivia.tok("def", decl.span.start);
    const { head, closeAt } = this.signature(decl.name, decl.params, (p) => this.param(p));
    const equals = trivia.tok("=", trivia.find("=", closeAt === undefined ? decl.name.span.end : closeAt + 1));
    return group([keyword, " ", head, " ", equals, indent([line, exprs.expr(decl.body)])]);
  }

  /** `NAME(params)` of a tool or a predicate, and where its `)` stood. */
  private signature<P extends { readonly span: Span }>(name: ast.Name, params: readonly P[], print: (p: P) => Doc): { head: Doc; closeAt: number | undefined } {
    const { trivia, exprs } = this;
    // Built in source order, as the comments between tokens are placed by it: the name before its parameters.
    const printedName = exprs.name(name);
    const openAt = trivia.find("(", name.span.end);
    const last = params[params.length - 1];
    const closeAt = last ? trivia.find(")", last.span.end, true) : openAt === undefined ? undefined : trivia.find(")", openAt + 1);
    const list = exprs.list({ open: "(", openAt, close: ")", closeAt, items: params, span: (p) => p.span, print, spaced: false });
    return { head: [printedName, list], closeAt };
  }

  private param(param: ast.Param): Doc {
    return [this.exprs.name(param.name), this.trivia.tok(":", this.trivia.find(":", param.name.span.end)), " ", this.type(param.type)];
  }

  private toolClause(clause: ast.ToolClause): Doc {
    const { trivia, exprs } = this;
    // A clause may stand on a line of its own: comments before it are placed as before an item.
    const keyword = [trivia.lead(clause.span.start), trivia.tok(clause.kind, clause.span.start)];
    switch (clause.kind) {
      case "tags":
        return [keyword, " ", exprs.names(clause.tags)];
      case "tier":
        return [keyword, " ", exprs.number(clause.tier)];
      case "returns":
        return [keyword, " ", exprs.name(clause.label)];
      case "output":
        return [keyword, " ", this.type(clause.type)];
    }
  }

  private rule(decl: ast.RuleDecl): Doc {
    const { trivia, exprs } = this;
    const head = [trivia.tok("rule", decl.span.start), " ", exprs.name(decl.name), " "];
    // The effect is kept apart in the AST but printed in the user's order among the clauses.
    const items: (ast.EffectClause | ast.RuleClause)[] = decl.effect ? [decl.effect, ...decl.clauses] : [...decl.clauses];
    items.sort((a, b) => a.span.start - b.span.start);
    return [head, this.block(trivia.find("{", decl.name.span.end), items, (item) => this.ruleItem(item), decl.span.end - 1)];
  }

  private ruleItem(item: ast.EffectClause | ast.RuleClause): Doc {
    const { trivia, exprs } = this;
    if (item.kind === "EffectClause") {
      const head = [trivia.tok(item.effect, item.effectSpan.start), " ", exprs.targets(item.targets)];
      const paths = item.paths.map((p, i) => [i === 0 ? " " : [exprs.comma(item.paths[i - 1] as ast.RedactPath), " "], this.redactPath(p)]);
      return [head, paths];
    }
    const keyword = trivia.tok(item.kind, item.span.start);
    switch (item.kind) {
      case "when":
      case "unless":
        return [keyword, " ", exprs.expr(item.expr)];
      case "approvals": {
        const count = exprs.number(item.count);
        return [keyword, " ", count, " ", trivia.tok("of", trivia.find("of", item.count.span.end)), " ", exprs.primary(item.from)];
      }
      case "expires":
        return [keyword, " ", exprs.duration(item.duration)];
      case "reason":
        return [keyword, " ", exprs.string(item.text)];
    }
  }

  /** `output.a[*].b`, `args.card.number` */
  private redactPath(path: ast.RedactPath): Doc {
    const { trivia } = this;
    const out: Doc[] = [trivia.tok(path.root, path.span.start)];
    let end = path.span.start + path.root.length;
    for (const segment of path.segments) {
      if (segment.kind === "field") {
        out.push(trivia.tok(".", trivia.find(".", end)), this.exprs.name(segment.name));
        end = segment.name.span.end;
      } else {
        out.push(trivia.tok("[", segment.span.start), trivia.tok("*", trivia.find("*", segment.span.start + 1)), trivia.tok("]", segment.span.end - 1));
        end = segment.span.end;
      }
    }
    return out;
  }

  /** `{` items one per line, indented `}`; `{}` when empty. */
  private block<T extends { readonly span: Span }>(openAt: number | undefined, items: readonly T[], print: (item: T) => Doc, closeAt: number): Doc {
    const { trivia } = this;
    const open = trivia.token("{", openAt);
    const inner: Doc[] = [];
    items.forEach((item, i) => {
      const previous = items[i - 1];
      inner.push(previous && trivia.blankAfter(previous.span.end) ? blankline : hardline, trivia.lead(item.span.start), print(item));
    });
    inner.push(trivia.close(closeAt, "}"));
    const close = trivia.tok("}", closeAt);
    return [open.before, group([open.token, indent(inner), items.length === 0 ? softline : hardline, close])];
  }

  private statement(statement: ast.TestStatement): Doc {
    const { trivia, exprs } = this;
    const keyword = trivia.tok(
      statement.kind === "given" ? statement.part : statement.kind === "expectOutput" ? "expect" : statement.kind,
      statement.span.start,
    );
    switch (statement.kind) {
      case "given":
        return [keyword, " ", exprs.expr(statement.value)];
      case "now":
        return [keyword, " ", exprs.string(statement.value)];
      case "history": {
        const openAt = trivia.find("{", statement.span.start + "history".length);
        return [keyword, " ", this.block(openAt, statement.calls, (c) => this.testCall(c), statement.span.end - 1)];
      }
      case "observe":
        return [keyword, " ", exprs.expr(statement.value), this.labels(statement.labels, statement.value.span.end)];
      case "call":
        return this.testCall(statement.call, keyword);
      case "approve":
        return [keyword, " ", ...statement.approvers.flatMap((name, i) => (i === 0 ? [exprs.string(name)] : [", ", exprs.string(name)]))];
      case "expectOutput":
        return [keyword, " ", trivia.tok("output", trivia.find("output", statement.span.start + "expect".length)), " ", exprs.expr(statement.value)];
      case "expect": {
        const effect = exprs.name(statement.effect);
        if (!statement.rule) return [keyword, " ", effect];
        return [keyword, " ", effect, " ", trivia.tok("by", trivia.find("by", statement.effect.span.end)), " ", exprs.name(statement.rule)];
      }
    }
  }

  /** `call TOOL(arg: value, ...) [returns VALUE] [labels a, b]`; `keyword` when the statement printed `call`. */
  private testCall(call: ast.TestCall, keyword: Doc = this.trivia.tok("call", call.span.start)): Doc {
    const { trivia, exprs } = this;
    const tool = exprs.name(call.tool);
    const openAt = trivia.find("(", call.tool.span.end);
    const lastArg = call.args[call.args.length - 1];
    const closeAt = lastArg ? trivia.find(")", lastArg.span.end, true) : openAt === undefined ? undefined : trivia.find(")", openAt + 1);
    const args = exprs.list({ open: "(", openAt, close: ")", closeAt, items: call.args, span: (a) => a.span, print: (a) => exprs.entry(a), spaced: false });
    // `unchecked` stays on the `)` line: it says how the arguments are sent, so it belongs with them.
    const unchecked = call.unchecked ? [" ", trivia.tok(uncheckedWord, call.unchecked.span.start)] : [];
    const afterArgs = call.unchecked?.span.end ?? (closeAt === undefined ? undefined : closeAt + 1);
    const returns = call.returns
      ? [line, trivia.tok("returns", afterArgs === undefined ? undefined : trivia.find("returns", afterArgs)), " ", exprs.expr(call.returns)]
      : [];
    const labelsFrom = call.returns?.span.end ?? afterArgs;
    // Like a tool's clauses: `returns` and `labels` move to indented lines before the arguments break.
    return group([keyword, " ", tool, args, unchecked, indent([returns, this.labels(call.labels, labelsFrom, line)])]);
  }

  /** `labels a, b` after `separator` and the code ending at `from`, or nothing. */
  private labels(labels: readonly ast.Name[], from: number | undefined, separator: Doc = " "): Doc {
    if (labels.length === 0) return [];
    const keyword = this.trivia.tok("labels", from === undefined ? undefined : this.trivia.find("labels", from));
    return [separator, keyword, " ", this.exprs.names(labels)];
  }
}
