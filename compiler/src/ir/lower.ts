// The `lower` stage: a checked policy becomes a decision tree, one branch per tool with its rules' conditions in decision order.
import type { Effect, SchemaField, SchemaType } from "@apol/runtime";
import type * as ast from "../ast/ast.js";
import { builtinFunctions } from "../check/builtins.js";
import type { Checked } from "../check/check.js";
import { dynamicCheck } from "../check/predicates.js";
import type { CheckedRule } from "../check/rules.js";
import { enumMembers, type ConstValue, type PredicateSymbol, type ToolSymbol } from "../check/symbols.js";
import type { FieldType, Type } from "../check/types.js";
import type { DecisionTree, IrExpr, Literal, RedactCheck, RuleCheck, RuleEntry, ToolNode } from "./decision-tree.js";
import { children } from "./traverse.js";

/** The schema form of a checked type. */
function schemaType(type: Type): SchemaType {
  switch (type.kind) {
    case "string":
    case "number":
    case "int":
    case "bool":
      return type.kind;
    case "enum":
      return { enum: [], name: type.name };
    case "list":
      return { list: schemaType(type.element) };
    case "union":
      return { union: type.members.map(schemaType) };
    case "record":
      return { record: Object.fromEntries([...type.fields].map(([name, f]) => [name, schemaField(f)])) };
    default:
      return "json";
  }
}

function schemaField(field: FieldType): SchemaField {
  return { type: schemaType(field.type), optional: field.optional };
}

/** Fills enum members into a schema type (kept separate so `schemaType` needs no symbol table). */
function withMembers(type: SchemaType, members: (name: string) => readonly string[]): SchemaType {
  if (typeof type === "string") return type;
  if ("enum" in type) return { enum: members(type.name), name: type.name };
  if ("list" in type) return { list: withMembers(type.list, members) };
  if ("union" in type) return { union: type.union.map((m) => withMembers(m, members)) };
  return {
    record: Object.fromEntries(
      Object.entries(type.record).map(([k, f]: [string, SchemaField]) => [k, { type: withMembers(f.type, members), optional: f.optional }]),
    ),
  };
}

/** The reason of a rule that gives none is this, then its name in backticks. */
export const defaultReasons: Readonly<Record<Effect | "redact", string>> = {
  deny: "denied by rule",
  review: "held for review by rule",
  allow: "allowed by rule",
  redact: "redacted by rule",
};

/** The reason of a rule that gives none: `allowed by rule \`name\``. */
export function defaultReason(effect: Effect | "redact", name: string): string {
  return `${defaultReasons[effect]} \`${name}\``;
}

const effectOrder: readonly Effect[] = ["deny", "review", "allow"];

/** Lowers a checked policy (which must have no errors) to its decision tree. */
export function lower(checked: Checked): { output: DecisionTree; diagnostics: [] } {
  const { symbols } = checked;
  const members = (name: string): readonly string[] => enumMembers(name, symbols);
  const rules: RuleEntry[] = checked.rules.map((rule) => ({
    name: rule.name,
    effect: rule.effect,
    reason: rule.reason ?? defaultReason(rule.effect, rule.name),
    span: rule.decl.span,
    ...(rule.approvals ? { approvals: rule.approvals } : {}),
    ...(rule.expires !== undefined ? { expiresInMs: rule.expires } : {}),
    ...(rule.effect === "redact" ? { paths: rule.paths.map(steps) } : {}),
    ...(rule.argPaths.length > 0 ? { argPaths: rule.argPaths.map(steps) } : {}),
  }));
  // Rule indexes by tool, in source order: one pass over the rules, not one per tool.
  const rulesByTool = new Map<string, number[]>();
  checked.rules.forEach((rule, index) => {
    for (const tool of rule.tools) {
      const list = rulesByTool.get(tool);
      if (list) list.push(index);
      else rulesByTool.set(tool, [index]);
    }
  });
  const tools: ToolNode[] = [...symbols.tools.values()].map((tool) => {
    const checks: RuleCheck[] = [];
    const indexes = rulesByTool.get(tool.name) ?? [];
    for (const effect of effectOrder) {
      for (const index of indexes) {
        const rule = checked.rules[index] as CheckedRule;
        if (rule.effect !== effect) continue;
        const condition = ruleCondition(rule, tool, checked);
        checks.push({ rule: index, effect, condition, canFault: canFault(condition), origin: { rule: rule.name, span: rule.decl.span } });
      }
    }
    const redactions: RedactCheck[] = indexes.flatMap((index) => {
      const rule = checked.rules[index] as CheckedRule;
      if (rule.effect !== "redact") return [];
      const condition = ruleCondition(rule, tool, checked);
      return [{ rule: index, condition, canFault: canFault(condition), origin: { rule: rule.name, span: rule.decl.span } }];
    });
    return {
      name: tool.name,
      tier: tool.tier,
      params: [...tool.params.values()].map((p) => ({ name: p.name, field: { type: withMembers(schemaType(p.type), members), optional: p.optional } })),
      checks,
      hoisted: [],
      redactions,
      redactRules: redactions.map((c) => c.rule),
    };
  });
  return {
    output: {
      policy: symbols.policyName,
      timezone: symbols.timezone ?? "UTC",
      tools,
      rules,
      toolTags: new Map([...symbols.tools.values()].map((t) => [t.name, t.tags])),
      toolReturns: new Map([...symbols.tools.values()].flatMap((t) => (t.returns === undefined ? [] : [[t.name, t.returns] as const]))),
      parts: new Map([...symbols.shapes].map(([kind, shape]) => [kind, withMembers(schemaType(shape.type), members)])),
    },
    diagnostics: [],
  };
}

/** A redaction path as the runtime takes it: the steps after `output` or `args`, `"[*]"` for every element. */
function steps(path: ast.RedactPath): string[] {
  return path.segments.map((segment) => (segment.kind === "each" ? "[*]" : segment.name.text));
}

/** `when and not unless`; absent clauses fold away. */
function ruleCondition(rule: CheckedRule, tool: ToolSymbol, checked: Checked): IrExpr {
  const lowerer = new ExprLowerer(checked, tool);
  const span = rule.decl.span;
  const when = rule.when ? lowerer.expr(rule.when) : undefined;
  const unless = rule.unless ? ({ op: "not", operand: lowerer.expr(rule.unless), origin: rule.unless.span } as const) : undefined;
  if (when && unless) return { op: "and", left: when, right: unless, origin: span };
  return when ?? unless ?? { op: "lit", value: true, origin: span };
}

/** Whether evaluating the expression can fault at run time. */
export function canFault(expr: IrExpr): boolean {
  switch (expr.op) {
    case "lit":
    case "it-tool":
    case "exposed":
    case "hoisted":
      return false;
    case "has":
      return false;
    case "arg":
      return expr.optional || expr.path.length > 0;
    case "part":
    case "now":
    case "it":
    case "as":
    case "div":
      return true;
    case "var":
      return expr.path.length > 0;
    case "count":
    case "seen":
    case "sum":
      return Number.isFinite(expr.windowMs) || (expr.where !== undefined && canFault(expr.where));
    case "in":
      return true;
    case "contains":
      return expr.kind === "json" || children(expr).some(canFault);
    case "call":
      return expr.faults === true || children(expr).some(canFault);
    default:
      return children(expr).some(canFault);
  }
}

function constLiteral(value: ConstValue): Literal {
  if (Array.isArray(value)) return value.map(constLiteral);
  if (typeof value === "object") return (value as { enumMember: string }).enumMember;
  return value;
}

const primitiveKinds: ReadonlySet<string> = new Set(["string", "number", "int", "bool", "enum"]);

/** The IR operator of each ordering and arithmetic operator. */
const numericOps = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "+": "add", "-": "sub", "*": "mul", "/": "div" } as const;

/** What a lowerer outside any inlined body binds: nothing (shared, since every rule of every tool starts there). */
const unbound: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * Lowers the expressions of one rule for one tool. A call of a predicate is inlined: its body is lowered
 * with each parameter standing for the caller's argument, lowered in the caller's scope. So an argument is
 * evaluated where the body reads it, as often as it does, and never if the body does not (docs/semantics.md).
 */
class ExprLowerer {
  /** Inside an inlined body: the caller's arguments by parameter name. */
  private params: ReadonlyMap<string, IrExpr> = unbound;
  /** Inside an inlined body: its quantifier variables, renamed apart from the caller's (`x` to `x$1`). */
  private renames: ReadonlyMap<string, string> = unbound;
  private inlining = false;
  private fresh = 0;

  constructor(
    private readonly checked: Checked,
    private readonly tool: ToolSymbol,
  ) {}

  private typeOf(expr: ast.Expr): Type {
    return this.checked.types.get(expr) ?? { kind: "json" };
  }

  /** Wraps a dynamic value where a number, string or list is required. */
  private as(expr: ast.Expr, type: "number" | "string" | "list"): IrExpr {
    const lowered = this.expr(expr);
    return this.typeOf(expr).kind === "json" ? { op: "as", type, operand: lowered, origin: expr.span } : lowered;
  }

  expr(expr: ast.Expr): IrExpr {
    const origin = expr.span;
    switch (expr.kind) {
      case "String":
        return { op: "lit", value: expr.value, origin };
      case "Number":
        return { op: "lit", value: expr.value, origin };
      case "Bool":
        return { op: "lit", value: expr.value, origin };
      case "Duration":
        return { op: "lit", value: expr.ms, origin };
      case "List":
        return this.list(expr);
      case "Path":
        return this.path(expr);
      case "Unary":
        return expr.op === "not" ? { op: "not", operand: this.expr(expr.operand), origin } : { op: "neg", operand: this.as(expr.operand, "number"), origin };
      case "Binary":
        return this.binary(expr);
      case "Call":
        return this.call(expr);
      case "Quantifier": {
        const list = this.as(expr.list, "list");
        // In an inlined body the variable gets a name of its own, so an argument that reads the caller's
        // variable of the same name is not captured.
        const variable = this.inlining ? `${expr.variable.text}$${++this.fresh}` : expr.variable.text;
        const saved = this.renames;
        if (this.inlining) this.renames = new Map(saved).set(expr.variable.text, variable);
        const body = this.expr(expr.body);
        this.renames = saved;
        return { op: expr.quantifier, variable, list, body, origin };
      }
      case "History": {
        const windowMs = expr.window.kind === "Duration" ? expr.window.ms : Infinity;
        const where = expr.where ? this.expr(expr.where) : undefined;
        if (expr.fn === "sum") return { op: "sum", tool: expr.tool.text, arg: expr.arg.text, windowMs, ...(where ? { where } : {}), origin };
        return { op: expr.fn, tools: this.checked.historyTools.get(expr) ?? [], windowMs, ...(where ? { where } : {}), origin };
      }
      case "TypeTest": {
        const tested = this.checked.typeTests.get(expr);
        if (!tested) throw new Error("internal: an unchecked type test");
        return { op: "is", operand: this.expr(expr.operand), type: withMembers(schemaType(tested), this.members), origin };
      }
      case "Object":
      case "Missing":
        throw new Error(`internal: cannot lower ${expr.kind} (the checker rejects it)`);
    }
  }

  private list(expr: ast.ListLit): IrExpr {
    const items = expr.items.map((i) => this.expr(i));
    if (items.every((i) => i.op === "lit")) return { op: "lit", value: items.map((i) => (i as { value: Literal }).value), origin: expr.span };
    return { op: "list", items, origin: expr.span };
  }

  private path(expr: ast.PathExpr): IrExpr {
    const origin = expr.span;
    const meaning = this.checked.meanings.get(expr);
    if (!meaning) throw new Error(`internal: unresolved path \`${expr.head.text}\``);
    switch (meaning.kind) {
      case "args": {
        const name = meaning.fields[0];
        if (name === undefined) return { op: "arg", name: "", optional: false, path: [], origin };
        return { op: "arg", name, optional: this.tool.params.get(name)?.optional ?? false, path: meaning.fields.slice(1), origin };
      }
      case "shape": {
        // INVARIANT (part-conformance): the part's top-level field is checked whole (a bare part: the whole shape),
        // as arguments are, so deeper reads see only declared, well-typed fields.
        const first = meaning.fields[0];
        const shape = this.checked.symbols.shapes.get(meaning.shape);
        const field = first === undefined ? undefined : shape?.fields.get(first);
        const type = field ? withMembers(schemaType(field.type), this.members) : this.schemaOf(expr);
        return { op: "part", part: meaning.shape, path: meaning.fields, type, origin };
      }
      case "const": {
        const constant = this.checked.symbols.consts.get(meaning.name);
        return { op: "lit", value: constant ? constLiteral(constant.value) : false, origin };
      }
      case "member":
        return { op: "lit", value: meaning.member, origin };
      case "variable":
        return { op: "var", name: this.renames.get(meaning.name) ?? meaning.name, path: meaning.fields, origin };
      case "param":
        return this.param(meaning.name, meaning.fields, origin);
      case "it-args":
        return { op: "it", part: "args", path: meaning.fields, origin };
      case "it-output":
        return { op: "it", part: "output", path: meaning.fields, origin };
      case "it-tool":
        return { op: "it-tool", field: meaning.field as "name" | "tier", origin };
      case "tool":
        return { op: "lit", value: meaning.field === "name" ? this.tool.name : this.tool.tier, origin };
      case "now":
        return { op: "now", field: meaning.field as "hour" | "minute" | "weekday", origin };
      case "label":
        throw new Error("internal: a label outside `from`/`exposed`");
    }
  }

  private readonly members = (name: string): readonly string[] => enumMembers(name, this.checked.symbols);

  /** `p.f.g` for a parameter `p`: the caller's argument, then the fields (only records have them, and records are paths). */
  private param(name: string, fields: readonly string[], origin: ast.Expr["span"]): IrExpr {
    const bound = this.params.get(name);
    if (!bound) throw new Error(`internal: unbound parameter \`${name}\``);
    if (fields.length === 0) return bound;
    switch (bound.op) {
      case "arg": {
        if (bound.name !== "") return { ...bound, path: [...bound.path, ...fields], origin };
        const [first = "", ...rest] = fields;
        return { op: "arg", name: first, optional: this.tool.params.get(first)?.optional ?? false, path: rest, origin };
      }
      case "part": {
        if (bound.path.length > 0) return { ...bound, path: [...bound.path, ...fields], origin };
        // INVARIANT (part-conformance): as for `user.f` written out, `f` is checked whole against its declared type.
        const field = this.checked.symbols.shapes.get(bound.part)?.fields.get(fields[0] ?? "");
        const type = field ? withMembers(schemaType(field.type), this.members) : "json";
        return { op: "part", part: bound.part, path: fields, type, origin };
      }
      case "var":
      case "it":
        return { ...bound, path: [...bound.path, ...fields], origin };
      default:
        throw new Error(`internal: fields of a parameter bound to \`${bound.op}\``);
    }
  }

  /** A call of a predicate, inlined (see the class comment). */
  private inline(expr: ast.CallExpr, predicate: PredicateSymbol): IrExpr {
    const bound = new Map<string, IrExpr>();
    predicate.params.forEach((param, i) => {
      const arg = expr.args[i] as ast.Expr;
      const check = dynamicCheck(this.typeOf(arg), param.type);
      bound.set(param.name, check ? this.as(arg, check) : this.expr(arg));
    });
    const saved = { params: this.params, renames: this.renames, inlining: this.inlining };
    this.params = bound;
    this.renames = unbound;
    this.inlining = true;
    try {
      return this.expr(predicate.decl.body);
    } finally {
      ({ params: this.params, renames: this.renames, inlining: this.inlining } = saved);
    }
  }

  private schemaOf(expr: ast.Expr): SchemaType {
    return withMembers(schemaType(this.typeOf(expr)), this.members);
  }

  private binary(expr: ast.BinaryExpr): IrExpr {
    const origin = expr.span;
    switch (expr.op) {
      case "and":
      case "or":
        return { op: expr.op, left: this.expr(expr.left), right: this.expr(expr.right), origin };
      case "==":
      case "!=": {
        const strict = primitiveKinds.has(this.typeOf(expr.left).kind) && primitiveKinds.has(this.typeOf(expr.right).kind);
        return { op: expr.op === "==" ? "eq" : "ne", left: this.expr(expr.left), right: this.expr(expr.right), strict, origin };
      }
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "+":
      case "-":
      case "*":
      case "/": {
        return { op: numericOps[expr.op], left: this.as(expr.left, "number"), right: this.as(expr.right, "number"), origin };
      }
      case "in":
      case "not in":
        return { op: "in", item: this.expr(expr.left), list: this.as(expr.right, "list"), negate: expr.op === "not in", origin };
      case "like":
      case "matches": {
        // Any of the patterns: `s like ["a*", "b*"]` is `s like "a*" or s like "b*"`; the checker refuses an empty list.
        const subject = this.as(expr.left, "string");
        const tests = (this.checked.patterns.get(expr) ?? []).map((pattern): IrExpr => ({ op: expr.op as "like" | "matches", subject, pattern, origin }));
        return tests.reduce((left, right) => ({ op: "or", left, right, origin }));
      }
      case "startsWith":
      case "endsWith":
        return { op: expr.op, subject: this.as(expr.left, "string"), other: this.as(expr.right, "string"), origin };
      case "contains": {
        // A `json` subject is a string or a list only at run time (anything else faults, as in the reference).
        const type = this.typeOf(expr.left).kind;
        const kind = type === "string" ? "string" : type === "list" ? "list" : "json";
        return { op: "contains", subject: this.expr(expr.left), other: this.expr(expr.right), kind, origin };
      }
    }
  }

  private call(expr: ast.CallExpr): IrExpr {
    const origin = expr.span;
    const predicate = this.checked.symbols.predicates.get(expr.callee.text);
    if (predicate) return this.inline(expr, predicate);
    const [first, second] = expr.args;
    const label = (e: ast.Expr | undefined): string => (e?.kind === "Path" ? e.head.text : "");
    switch (expr.callee.text) {
      case "has":
        return this.has(first as ast.PathExpr, origin);
      case "from":
      case "tainted": {
        // The caller's taint is read for an argument (`args.to`, or a parameter standing for one): `*` for all of `args`.
        const value = this.expr(first as ast.Expr);
        const read = value.op === "as" ? value.operand : value;
        const arg = read.op === "arg" ? read.name || "*" : null;
        const tainted = expr.callee.text === "tainted";
        return { op: "from", relation: tainted ? "tainted" : "from", value, arg, label: tainted ? "untrusted" : label(second), origin };
      }
      case "exposed":
        return { op: "exposed", label: label(first), origin };
      default: {
        const params = builtinFunctions.get(expr.callee.text)?.params ?? [];
        const args = expr.args.map((arg, i) => {
          const param = params[i];
          return param?.kind === "value" && param.dynamic ? this.as(arg, param.dynamic) : this.expr(arg);
        });
        // A parameter of several kinds (`len`'s string or list) has no `as`: the function checks a `json` value itself.
        const faults = expr.args.some((arg, i) => {
          const param = params[i];
          return !(param?.kind === "value" && param.dynamic) && this.typeOf(arg).kind === "json";
        });
        return { op: "call", fn: expr.callee.text, args, ...(faults ? { faults: true } : {}), origin };
      }
    }
  }

  private has(path: ast.PathExpr, origin: ast.Expr["span"]): IrExpr {
    const meaning = this.checked.meanings.get(path);
    switch (meaning?.kind) {
      case "args":
        return { op: "has", root: "args", path: meaning.fields, origin };
      case "shape":
        return { op: "has", root: meaning.shape, path: meaning.fields, origin };
      case "variable":
        return { op: "has", root: "var", variable: this.renames.get(meaning.name) ?? meaning.name, path: meaning.fields, origin };
      case "param": {
        const read = this.param(meaning.name, meaning.fields, origin);
        switch (read.op) {
          case "arg":
            return { op: "has", root: "args", path: [read.name, ...read.path], origin };
          case "part":
            return { op: "has", root: read.part, path: read.path, origin };
          case "var":
            return { op: "has", root: "var", variable: read.name, path: read.path, origin };
          case "it":
            return { op: "has", root: "it", path: [read.part, ...read.path], origin };
          default:
            throw new Error("internal: `has` of a parameter that is not a path");
        }
      }
      case "it-args":
        return { op: "has", root: "it", path: ["args", ...meaning.fields], origin };
      case "it-output":
        return { op: "has", root: "it", path: ["output", ...meaning.fields], origin };
      default:
        throw new Error("internal: `has` of a path the checker rejects");
    }
  }
}
