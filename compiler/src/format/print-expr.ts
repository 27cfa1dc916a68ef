// Printing of expressions, literals, targets and bracketed lists, with the fewest parentheses that keep the tree.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Span } from "../source/span.js";
import { decodeString, durationMs, encodeString } from "../syntax/literals.js";
import { spellToolName } from "../syntax/tool-names.js";
import type * as ast from "../ast/ast.js";
import { group, indent, line, softline, type Doc } from "./doc.js";
import type { Trivia } from "./trivia.js";

/**
 * Binding strength, loosest first, as in the grammar (parser.ts): an operand whose level
 * is below what its position needs is parenthesised.
 */
const Level = {
  Or: 1,
  And: 2,
  Not: 3,
  Comparison: 4,
  Additive: 5,
  Multiplicative: 6,
  Negation: 7,
  Primary: 8,
} as const;

function binaryLevel(op: ast.BinaryOp): number {
  switch (op) {
    case "or":
      return Level.Or;
    case "and":
      return Level.And;
    case "+":
    case "-":
      return Level.Additive;
    case "*":
    case "/":
      return Level.Multiplicative;
    default:
      return Level.Comparison;
  }
}

function levelOf(e: ast.Expr): number {
  if (e.kind === "Binary") return binaryLevel(e.op);
  if (e.kind === "Unary") return e.op === "not" ? Level.Not : Level.Negation;
  if (e.kind === "TypeTest") return Level.Comparison;
  return Level.Primary;
}

const stringToken = /^"(?:[^"\\\n\r]|\\.)*"$/;
const numberToken = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const bareKey = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string literal as written when that still spells its value (the user's escapes stay), else re-encoded. */
function stringText(lit: ast.StringLit): string {
  if (stringToken.test(lit.raw)) {
    const problems: Diagnostic[] = [];
    if (decodeString(lit.raw, 0, problems) === lit.value && problems.length === 0) return lit.raw;
  }
  return encodeString(lit.value);
}

/** A number as written when that still spells its value. */
function numberText(lit: ast.NumberLit): string {
  return numberToken.test(lit.raw) && Number(lit.raw) === lit.value ? lit.raw : String(lit.value);
}

const durationUnits: readonly [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** A duration as written when that still spells its length, else in the largest unit that divides it. */
function durationText(lit: ast.DurationLit): string {
  if (durationMs(lit.raw) === lit.ms) return lit.raw;
  const unit = durationUnits.find(([, ms]) => lit.ms % ms === 0);
  return unit ? `${lit.ms / unit[1]}${unit[0]}` : `${lit.ms}ms`;
}

/** How a bracketed, comma-separated list is laid out. */
export interface ListLayout<T> {
  readonly open: string;
  /** Where the opening bracket is in the source, if known. */
  readonly openAt: number | undefined;
  readonly close: string;
  readonly closeAt: number | undefined;
  readonly items: readonly T[];
  readonly span: (item: T) => Span;
  readonly print: (item: T) => Doc;
  /** `{ a, b }` rather than `[a, b]` when flat. */
  readonly spaced: boolean;
}

/** Prints expressions and the small pieces declarations share with them; build documents in source order. */
export class ExprPrinter {
  /** `type` prints the type of an `is` test: the declarations' printer owns types (records print as fields do). */
  constructor(
    readonly trivia: Trivia,
    private readonly type: (type: ast.TypeExpr) => Doc,
  ) {}

  /** `e`, parenthesised if it binds more loosely than `min`. */
  expr(e: ast.Expr, min: number = Level.Or): Doc {
    if (levelOf(e) >= min) return this.bare(e);
    const { trivia } = this;
    // Parentheses the tree needs were in the source too; placing them keeps comments inside them.
    const open = trivia.tok("(", trivia.findBefore("(", e.span.start));
    const inner = this.bare(e);
    return [open, inner, trivia.tok(")", trivia.find(")", e.span.end))];
  }

  /** `e` where only a primary expression may stand (`approvals N of PRIMARY`). */
  primary(e: ast.Expr): Doc {
    return this.expr(e, Level.Primary);
  }

  /** A name; a quoted tool name prints bare where it can (`"send"` is `send`). */
  name(name: ast.Name): Doc {
    return this.trivia.tok(name.quoted ? spellToolName(name.text) : name.text, name.span.start);
  }

  /** `a, b, c`: tags and labels. */
  names(names: readonly ast.Name[]): Doc {
    return names.map((n, i) => (i === 0 ? this.name(n) : [this.comma(names[i - 1] as ast.Name), " ", this.name(n)]));
  }

  /** The comma after `item`, at its place in the source if the user wrote one there. */
  comma(item: { readonly span: Span }): Doc {
    return this.commaAfter(item.span);
  }

  private commaAfter(span: Span): Doc {
    return this.trivia.tok(",", this.trivia.find(",", span.end));
  }

  string(lit: ast.StringLit): Doc {
    return this.trivia.tok(stringText(lit), lit.span.start);
  }

  number(lit: ast.NumberLit): Doc {
    return this.trivia.tok(numberText(lit), lit.span.start);
  }

  duration(lit: ast.DurationLit): Doc {
    return this.trivia.tok(durationText(lit), lit.span.start);
  }

  /**
   * A bracketed list on one line if it fits, else one item per line without a trailing
   * comma; comments between items keep it broken.
   */
  list<T>(layout: ListLayout<T>): Doc {
    const { trivia } = this;
    const open = trivia.token(layout.open, layout.openAt);
    const gap = layout.spaced ? line : softline;
    const inner: Doc[] = [];
    layout.items.forEach((item, i) => {
      const previous = layout.items[i - 1];
      inner.push(previous === undefined ? gap : [this.commaAfter(layout.span(previous)), line]);
      inner.push(trivia.lead(layout.span(item).start), layout.print(item));
    });
    inner.push(trivia.close(layout.closeAt, layout.close));
    const close = trivia.tok(layout.close, layout.closeAt);
    const after = layout.items.length === 0 ? softline : gap;
    return [open.before, group([open.token, indent(inner), after, close])];
  }

  target(target: ast.Target): Doc {
    const { trivia } = this;
    switch (target.kind) {
      case "ToolTarget":
        return this.name(target.name);
      case "TagTarget":
        return [trivia.tok("tagged", target.span.start), " ", this.name(target.tag)];
      case "TierTarget": {
        const tier = trivia.tok("tier", target.span.start);
        return [tier, " ", trivia.tok(target.op, trivia.find(target.op, target.span.start + 4)), " ", this.number(target.tier)];
      }
      case "AllTarget":
        return trivia.tok("*", target.span.start);
    }
  }

  targets(targets: readonly ast.Target[]): Doc {
    return targets.map((t, i) => (i === 0 ? this.target(t) : [this.comma(targets[i - 1] as ast.Target), " ", this.target(t)]));
  }

  /** `{ key: value, ... }`: test identities, call arguments' values and returned outputs. */
  entry(entry: ast.ObjectEntry): Doc {
    const key = bareKey.test(entry.key.text) ? entry.key.text : encodeString(entry.key.text);
    const keyDoc = this.trivia.tok(key, entry.key.span.start);
    return [keyDoc, this.trivia.tok(":", this.trivia.find(":", entry.key.span.end)), " ", this.expr(entry.value)];
  }

  private bare(e: ast.Expr): Doc {
    const { trivia } = this;
    switch (e.kind) {
      case "String":
        return this.string(e);
      case "Number":
        return this.number(e);
      case "Duration":
        return this.duration(e);
      case "Bool":
        return trivia.tok(e.value ? "true" : "false", e.span.start);
      case "List":
        return this.list({ ...this.brackets("[", "]", e.span), items: e.items, span: (x) => x.span, print: (x) => this.expr(x), spaced: false });
      case "Object":
        return this.list({ ...this.brackets("{", "}", e.span), items: e.entries, span: (x) => x.span, print: (x) => this.entry(x), spaced: true });
      case "Path":
        return [this.name(e.head), e.fields.map((f, i) => [trivia.tok(".", trivia.find(".", (e.fields[i - 1] ?? e.head).span.end)), this.name(f)])];
      case "Unary":
        return e.op === "not"
          ? [trivia.tok("not", e.span.start), " ", this.expr(e.operand, Level.Not)]
          : // `- -x`, not `--x`, which reads as a decrement.
            [trivia.tok("-", e.span.start), e.operand.kind === "Unary" && e.operand.op === "-" ? " " : "", this.expr(e.operand, Level.Negation)];
      case "Binary": {
        if (e.op === "and" || e.op === "or") return this.chain(e, e.op);
        const level = binaryLevel(e.op);
        // Comparisons do not chain, so either side of one needs a tighter operand; the others associate to the left.
        const left = this.expr(e.left, level === Level.Comparison ? Level.Additive : level);
        // `not in` is two tokens, and a comment may sit between them.
        const op = e.op === "not in" ? [trivia.tok("not", e.opSpan.start), " ", trivia.tok("in", e.opSpan.end - 2)] : trivia.tok(e.op, e.opSpan.start);
        return [left, " ", op, " ", this.expr(e.right, level + 1)];
      }
      case "Call":
        return [
          this.name(e.callee),
          this.list({
            open: "(",
            openAt: trivia.find("(", e.callee.span.end),
            close: ")",
            closeAt: e.span.end - 1,
            items: e.args,
            span: (x) => x.span,
            print: (x) => this.expr(x),
            spaced: false,
          }),
        ];
      case "Quantifier":
        return [
          trivia.tok(e.quantifier, e.span.start),
          trivia.tok("(", trivia.find("(", e.span.start + e.quantifier.length)),
          this.name(e.variable),
          " ",
          trivia.tok("in", trivia.find("in", e.variable.span.end)),
          " ",
          this.expr(e.list),
          trivia.tok(":", trivia.find(":", e.list.span.end)),
          " ",
          this.expr(e.body),
          trivia.tok(")", e.span.end - 1),
        ];
      case "History":
        return this.history(e);
      case "TypeTest":
        return [this.expr(e.operand, Level.Additive), " ", trivia.tok("is", e.isSpan.start), " ", this.type(e.type)];
      case "Missing":
        return "";
    }
  }

  /**
   * `a and b and c` on one line if it fits, else one operand per line, each after the
   * first led by its operator and indented once:
   *
   *     when user.role in [admin, analyst]
   *       and args.destination startsWith "s3://acme-warehouse/"
   */
  private chain(e: ast.BinaryExpr, op: "and" | "or"): Doc {
    const { trivia } = this;
    const level = binaryLevel(op);
    const links: ast.BinaryExpr[] = [];
    let first: ast.Expr = e;
    while (first.kind === "Binary" && first.op === op) {
      links.unshift(first);
      first = first.left;
    }
    const head = this.expr(first, level);
    const rest = links.map((link) => [
      line,
      // The operator starts the line when the chain breaks, so comments before it go on lines of their own there.
      trivia.lead(link.opSpan.start),
      trivia.tok(op, link.opSpan.start),
      " ",
      this.expr(link.right, level + 1),
    ]);
    return group([head, indent(rest)]);
  }

  /** `count(TARGETS [where E], W)`, `seen(...)`, `sum(TOOL.ARG [where E], W)`. */
  private history(e: ast.HistoryExpr): Doc {
    const { trivia } = this;
    const head = [trivia.tok(e.fn, e.fnSpan.start), trivia.tok("(", trivia.find("(", e.fnSpan.end))];
    let subject: Doc;
    let subjectEnd: number;
    if (e.fn === "sum") {
      subject = [this.name(e.tool), trivia.tok(".", trivia.find(".", e.tool.span.end)), this.name(e.arg)];
      subjectEnd = e.arg.span.end;
    } else {
      subject = this.targets(e.targets);
      subjectEnd = e.targets[e.targets.length - 1]?.span.end ?? e.fnSpan.end;
    }
    const where = e.where ? [" ", trivia.tok("where", trivia.find("where", subjectEnd)), " ", this.expr(e.where)] : [];
    const comma = trivia.tok(",", trivia.find(",", e.where?.span.end ?? subjectEnd));
    const window = e.window.kind === "Duration" ? this.duration(e.window) : trivia.tok(e.window.kind === "Session" ? "session" : "", e.window.span.start);
    return [head, subject, where, comma, " ", window, trivia.tok(")", e.span.end - 1)];
  }

  private brackets(open: string, close: string, span: Span): Pick<ListLayout<unknown>, "open" | "openAt" | "close" | "closeAt"> {
    return { open, openAt: span.start, close, closeAt: span.end - 1 };
  }
}
