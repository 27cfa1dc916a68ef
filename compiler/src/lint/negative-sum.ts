// Lint: a `sum(TOOL.ARG, ...)` over an argument no rule keeps non-negative, so one call with a negative amount lowers the total and lifts the cap it enforces.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { CheckedRule } from "../check/rules.js";
import { diagnostic, type Fix } from "../diagnostics/diagnostic.js";
import { cover } from "../source/span.js";
import { conjuncts, domains, intersect, isEmpty, unconstrained, type Domain } from "./constraints.js";
import type { Finding } from "./finding.js";
import { implies } from "./implies.js";
import { spellToolName } from "../syntax/tool-names.js";

/** The values below zero. */
const negative: Domain = { ...unconstrained, hi: 0, hiStrict: true };

/**
 * Reports each `sum(T.a ...)` unless no call to `T` with a negative `a` can enter
 * history (only allowed and approved calls do), or its `where` keeps out entries with
 * a negative `a`. A negative call is kept out when a `deny` rule of `T` matches every
 * such call, or when no `allow` or `review` rule of `T` can match one. Each step is an
 * implication the constraint fragment proves; when it proves nothing, the sum is reported.
 */
export function negativeSums(checked: Checked): Finding[] {
  const found: Finding[] = [];
  for (const expr of checked.historyTools.keys()) {
    if (expr.fn !== "sum") continue;
    const tool = checked.symbols.tools.get(expr.tool.text);
    const param = tool?.params.get(expr.arg.text);
    // The checker has rejected a sum over an unknown tool or argument, or a non-numeric one.
    if (tool === undefined || param === undefined) continue;
    const arg = param.name;
    if (whereKeepsOut(expr, arg, checked) || keptOut(tool.name, arg, checked)) continue;
    const rule = `deny ${spellToolName(tool.name)} when ${param.optional ? `has(args.${arg}) and ` : ""}args.${arg} < 0`;
    const fix = addRule(expr, tool.name, arg, rule, checked);
    found.push({
      diagnostic: diagnostic(
        "apol/negative-sum",
        cover(expr.tool.span, expr.arg.span),
        `no rule keeps \`${spellToolName(tool.name)}.${arg}\` from being negative, so a call with a negative \`${arg}\` lowers this sum`,
        { help: `add \`${rule}\`, or allow only calls with \`args.${arg} > 0\``, ...(fix === undefined ? {} : { fix }) },
      ),
    });
  }
  return found;
}

/** Whether the sum's `where` admits no entry whose argument is negative. */
function whereKeepsOut(expr: ast.HistoryExpr, arg: string, checked: Checked): boolean {
  if (expr.where === undefined) return false;
  const parts = conjuncts(expr.where, checked);
  return parts.some((p) => p.kind === "false") || isEmpty(intersect(domains(parts).get(`it.args.${arg}`) ?? unconstrained, negative));
}

/** Whether no call to `tool` whose `arg` is negative is ever allowed or held for review. */
function keptOut(tool: string, arg: string, checked: Checked): boolean {
  const key = `args.${arg}`;
  const known = new Map([[key, negative]]);
  // A negative argument is present, so a `has` of it holds.
  const present = (e: ast.Expr): boolean => e.kind === "Call" && e.callee.text === "has" && e.args[0]?.kind === "Path" && isArg(e.args[0], arg, checked);
  const refuted = (condition: ast.Expr): boolean => {
    const parts = conjuncts(condition, checked);
    return parts.some((p) => p.kind === "false") || isEmpty(intersect(domains(parts).get(key) ?? unconstrained, negative));
  };
  const targeting = checked.rules.filter((r) => r.tools.includes(tool));
  // A deny matches when its `when` holds and its `unless` does not (a fault in either also makes it match).
  const denied = (r: CheckedRule): boolean => implies(known, present, r.when, checked) && (r.unless === undefined || refuted(r.unless));
  // An allow or review matches only when its `when` holds and its `unless` does not.
  const neverGranted = (r: CheckedRule): boolean =>
    (r.when !== undefined && refuted(r.when)) || (r.unless !== undefined && implies(known, present, r.unless, checked));
  return targeting.some((r) => r.effect === "deny" && denied(r)) || targeting.every((r) => (r.effect !== "allow" && r.effect !== "review") || neverGranted(r));
}

function isArg(path: ast.PathExpr, arg: string, checked: Checked): boolean {
  const meaning = checked.meanings.get(path);
  return meaning?.kind === "args" && meaning.fields.length === 1 && meaning.fields[0] === arg;
}

/** Inserts the deny rule after the declaration that holds the sum, under a name no rule has. */
function addRule(expr: ast.HistoryExpr, tool: string, arg: string, rule: string, checked: Checked): Fix | undefined {
  const holder = checked.ast.declarations.find((d) => d.span.start <= expr.span.start && expr.span.end <= d.span.end);
  if (holder === undefined) return undefined;
  let name = `no_negative_${arg}`;
  for (let i = 2; checked.symbols.rules.has(name); i++) name = `no_negative_${arg}_${i}`;
  const text = `\n\nrule ${name} {\n  ${rule}\n  reason "\`${arg}\` must not be negative"\n}`;
  return { title: `add rule \`${name}\``, edits: [{ span: { start: holder.span.end, end: holder.span.end }, newText: text }] };
}
