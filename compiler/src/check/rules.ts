// Checks rule declarations: the effect line, targets, clauses, conditions, approvals and redaction paths.
import type * as ast from "../ast/ast.js";
import type { CheckContext } from "./context.js";
import { checkCondition, guards, ruleScope } from "./expressions.js";
import { reportUnknownArgument } from "./paths.js";
import { narrowings } from "./narrowing.js";
import { didYouMean, listNames } from "./hints.js";
import type { ConstValue, ToolSymbol } from "./symbols.js";
import { resolveTargets } from "./targets.js";
import { isLenient, typeToString, type Type } from "./types.js";
import { spellToolName } from "../syntax/tool-names.js";

/** A rule after checking: what later stages (lowering, the reference evaluator) consume. */
export interface CheckedRule {
  readonly name: string;
  readonly decl: ast.RuleDecl;
  readonly effect: ast.Effect;
  /** The tools the rule covers, in declaration order. */
  readonly tools: readonly string[];
  readonly when?: ast.Expr;
  readonly unless?: ast.Expr;
  readonly reason?: string;
  readonly approvals?: { readonly required: number; readonly from: readonly string[] };
  /** Milliseconds before a pending review lapses. */
  readonly expires?: number;
  /** `redact` only: the `output.` paths, removed from the tool's output. */
  readonly paths: readonly ast.RedactPath[];
  /** `redact` only: the `args.` paths, masked in the decision log. */
  readonly argPaths: readonly ast.RedactPath[];
}

const reviewOnly: ReadonlySet<string> = new Set(["approvals", "expires"]);

/** Checks one rule; returns undefined for a rule without an effect (it can decide nothing). */
export function checkRule(rule: ast.RuleDecl, ctx: CheckContext): CheckedRule | undefined {
  const effect = rule.effect;
  if (!effect) {
    ctx.report("apol/missing-effect", rule.name.text ? rule.name.span : rule.span, `rule \`${rule.name.text}\` has no effect`, {
      help: "add a line such as `allow TOOL`, `deny TOOL`, `review TOOL` or `redact TOOL output.FIELD`",
    });
  }
  const tools = effect ? resolveTargets(effect.targets, ctx) : [];
  if (effect) checkPaths(effect, tools, ctx);
  for (const extra of rule.extraEffects ?? []) for (const tool of resolveTargets(extra.targets, ctx)) ctx.targetedTools.add(tool.name);
  for (const tool of tools) ctx.targetedTools.add(tool.name);

  const seen = new Map<string, ast.RuleClause>();
  for (const clause of rule.clauses) {
    const first = seen.get(clause.kind);
    if (first) {
      ctx.report("apol/duplicate-clause", clause.span, `rule \`${rule.name.text}\` has a second \`${clause.kind}\` clause`, {
        help: clause.kind === "when" || clause.kind === "unless" ? `join the conditions with \`${clause.kind === "when" ? "and" : "or"}\`` : "keep one of them",
        related: [{ span: first.span, message: "first clause" }],
      });
      continue;
    }
    seen.set(clause.kind, clause);
    if (effect && effect.effect !== "review" && reviewOnly.has(clause.kind)) {
      ctx.report(
        "apol/review-only-clause",
        clause.span,
        `\`${clause.kind}\` only applies to \`review\` rules, but \`${rule.name.text}\` is \`${effect.effect}\``,
        {
          help: "remove the clause, or make the rule a `review` rule",
        },
      );
    }
  }
  const when = seen.get("when") as Extract<ast.RuleClause, { kind: "when" }> | undefined;
  const unless = seen.get("unless") as Extract<ast.RuleClause, { kind: "unless" }> | undefined;
  const reason = seen.get("reason") as Extract<ast.RuleClause, { kind: "reason" }> | undefined;
  const approvalsClause = seen.get("approvals") as Extract<ast.RuleClause, { kind: "approvals" }> | undefined;
  const expires = seen.get("expires") as Extract<ast.RuleClause, { kind: "expires" }> | undefined;

  if (when) checkCondition(when.expr, ruleScope(tools), ctx, "when");
  if (unless)
    checkCondition(
      unless.expr,
      ruleScope(tools, when ? guards(when.expr, true) : new Set(), when ? narrowings(when.expr, true, ctx) : undefined),
      ctx,
      "unless",
    );
  const approvals = approvalsClause && effect?.effect === "review" ? checkApprovals(approvalsClause, ctx) : undefined;
  if (expires && !(expires.duration.ms > 0)) {
    ctx.report("apol/invalid-expires", expires.duration.span, "`expires` needs a duration longer than zero", { help: "use e.g. `30m` or `1d`" });
  }
  if (!effect) return undefined;
  const redacts = effect.effect === "redact";
  return {
    name: rule.name.text,
    decl: rule,
    effect: effect.effect,
    tools: tools.map((t) => t.name),
    ...(when ? { when: when.expr } : {}),
    ...(unless ? { unless: unless.expr } : {}),
    ...(reason ? { reason: reason.text.value } : {}),
    ...(approvals ? { approvals } : {}),
    ...(expires && effect.effect === "review" ? { expires: expires.duration.ms } : {}),
    paths: redacts ? effect.paths.filter((p) => p.root === "output") : [],
    argPaths: redacts ? effect.paths.filter((p) => p.root === "args") : [],
  };
}

function checkPaths(effect: ast.EffectClause, tools: readonly ToolSymbol[], ctx: CheckContext): void {
  if (effect.effect !== "redact") {
    const first = effect.paths[0];
    if (first) {
      ctx.report(
        "apol/paths-outside-redact",
        first.span,
        `${first.root === "args" ? "argument" : "output"} paths only apply to \`redact\` rules, not \`${effect.effect}\``,
        {
          help: "remove the paths, or make the rule a `redact` rule",
        },
      );
    }
    return;
  }
  if (effect.paths.length === 0) {
    ctx.report("apol/redact-without-paths", effect.effectSpan, "`redact` needs the output fields to remove or the arguments to mask", {
      help: "list them after the tools: `redact get_employee output.salary` or `redact login args.password`",
    });
    return;
  }
  for (const path of effect.paths) {
    if (path.root === "args") checkArgumentPath(path, tools, ctx);
    else for (const tool of tools) if (tool.outputDeclared) walkSteps(tool.output, path.segments, "output", tool, ctx);
  }
}

/**
 * Checks `args.x...` in a `redact` rule as `args.x` in a condition: every targeted tool must
 * declare `x`, and the steps after it must exist in its type there. Reports the first problem only.
 */
function checkArgumentPath(path: ast.RedactPath, tools: readonly ToolSymbol[], ctx: CheckContext): void {
  const [first, ...rest] = path.segments;
  if (first?.kind === "each") {
    ctx.report("apol/type-mismatch", first.span, "`args` holds the arguments by name, not a list", { help: "name an argument: `args.NAME`" });
    return;
  }
  if (!first) return;
  const name = first.name;
  for (const tool of tools) {
    if (!tool.params.has(name.text)) {
      reportUnknownArgument(name, tool, tools, ctx);
      return;
    }
    ctx.refer(name.span, { kind: "argument", tool: tool.name, name: name.text });
  }
  for (const tool of tools) if (!walkSteps(tool.params.get(name.text)!.type, rest, `args.${name.text}`, tool, ctx)) return;
}

/**
 * Walks the steps of a redaction path through the declared type of `shown` (`output`, or an
 * argument such as `args.card`) in `tool`; reports the first step the type does not have and returns false.
 * A value of unknown shape takes any step: a field it lacks at run time is skipped.
 */
function walkSteps(root: Type, steps: readonly ast.PathSegment[], shown: string, tool: ToolSymbol, ctx: CheckContext): boolean {
  let type = root;
  let at = shown;
  for (const segment of steps) {
    if (isLenient(type)) return true;
    if (segment.kind === "each") {
      if (type.kind !== "list") {
        ctx.report("apol/type-mismatch", segment.span, `\`${at}\` of \`${spellToolName(tool.name)}\` is \`${typeToString(type)}\`, not a list`, {
          help: "`[*]` applies to lists only",
        });
        return false;
      }
      type = type.element;
      at += "[*]";
      continue;
    }
    const field = segment.name;
    if (type.kind !== "record") {
      ctx.report(
        "apol/unknown-field",
        field.span,
        `\`${at}\` of \`${spellToolName(tool.name)}\` is \`${typeToString(type)}\` and has no field \`${field.text}\``,
        {
          help: type.kind === "list" ? `select the items first: \`${at}[*].${field.text}\`` : "only records have fields",
        },
      );
      return false;
    }
    const entry = type.fields.get(field.text);
    if (!entry) {
      const owner = at === "output" ? `the output of \`${spellToolName(tool.name)}\`` : `\`${at}\` of \`${spellToolName(tool.name)}\``;
      ctx.report("apol/unknown-field", field.span, `${owner} has no field \`${field.text}\``, {
        ...didYouMean(field.text, type.fields.keys(), field.span, `its fields are ${listNames([...type.fields.keys()])}`),
      });
      return false;
    }
    type = entry.type;
    at += `.${field.text}`;
  }
  return true;
}

function checkApprovals(clause: Extract<ast.RuleClause, { kind: "approvals" }>, ctx: CheckContext): { required: number; from: string[] } | undefined {
  const approvers = approverNames(clause.from, ctx);
  if (!approvers) {
    const from = clause.from;
    const lists = [...ctx.symbols.consts.values()].filter((c) => Array.isArray(c.value) && c.value.every((v) => typeof v === "string")).map((c) => c.name);
    // A bare name no const declares is most often a typo of one that holds approvers: name it and offer the fix.
    const typo =
      from.kind === "Path" && from.fields.length === 0 && !ctx.symbols.consts.has(from.head.text) ? didYouMean(from.head.text, lists, from.span) : {};
    ctx.report("apol/invalid-approvers", from.span, "approvers must be a list of strings", {
      help: 'write a list such as `["cfo", "controller"]` or name a const holding one',
      ...typo,
    });
    return undefined;
  }
  const required = clause.count.value;
  if (!Number.isInteger(required) || required < 1 || required > approvers.length) {
    ctx.report(
      "apol/invalid-approvals",
      clause.count.span,
      `cannot require ${clause.count.raw} approvals from ${approvers.length} approver${approvers.length === 1 ? "" : "s"}`,
      {
        help:
          approvers.length === 0
            ? 'list who may approve, such as `approvals 1 of ["cfo"]`'
            : `use a whole number from 1 to ${approvers.length}, or list more approvers`,
      },
    );
    return undefined;
  }
  return { required, from: approvers };
}

function approverNames(expr: ast.Expr, ctx: CheckContext): string[] | undefined {
  if (expr.kind === "List") return expr.items.every((i) => i.kind === "String") ? expr.items.map((i) => i.value) : undefined;
  if (expr.kind === "Path" && expr.fields.length === 0) {
    const constant = ctx.symbols.consts.get(expr.head.text);
    if (constant) {
      ctx.refer(expr.head.span, { kind: "const", name: constant.name });
      const value: ConstValue = constant.value;
      return Array.isArray(value) && value.every((v) => typeof v === "string") ? value : undefined;
    }
  }
  return undefined;
}
