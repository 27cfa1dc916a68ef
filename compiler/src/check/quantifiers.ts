// Type checking of quantifiers (`any`/`all`) and history functions (`count`, `sum`, `seen`, ...).
import type * as ast from "../ast/ast.js";
import { type CheckContext } from "./context.js";
import { didYouMean, listNames, unknownTool } from "./hints.js";
import { spellToolName, writtenToolName } from "../syntax/tool-names.js";
import { type ToolSymbol } from "./symbols.js";
import { resolveTargets } from "./targets.js";
import { boolType, errorType, intType, isLenient, isNumeric, jsonType, numberType, typeToString, type Type } from "./types.js";
import { reportUnnarrowed } from "./narrowing.js";

import { type Scope, checkCondition, checkExpr } from "./expressions.js";

export function checkQuantifier(expr: ast.QuantifierExpr, scope: Scope, ctx: CheckContext): Type {
  const listType = checkExpr(expr.list, scope, ctx);
  let element: Type = errorType;
  if (reportUnnarrowed(expr.list, listType, (m) => m.kind === "list", ctx)) element = errorType;
  else if (listType.kind === "union") element = { kind: "union", members: listType.members.map((m) => (m as Extract<Type, { kind: "list" }>).element) };
  else if (listType.kind === "list") element = listType.element;
  else if (listType.kind === "json") element = jsonType;
  else if (!isLenient(listType)) {
    ctx.report("apol/type-mismatch", expr.list.span, `\`${expr.quantifier}\` needs a list, but this is \`${typeToString(listType)}\``, {
      help: `write \`${expr.quantifier}(x in LIST: condition)\``,
    });
  }
  const variables = new Map(scope.variables);
  let narrowed = scope.narrowed;
  if (expr.variable.text !== "") {
    variables.set(expr.variable.text, { type: element, span: expr.variable.span });
    ctx.references.push({
      span: expr.variable.span,
      target: { kind: "variable", name: expr.variable.text, declaredAt: expr.variable.span },
      declaration: true,
    });
    // The new variable shadows any outer one of its name: what a test said about that one no longer holds.
    const shadowed = (key: string): boolean => key === expr.variable.text || key.startsWith(`${expr.variable.text}.`);
    if ([...narrowed.keys()].some(shadowed)) narrowed = new Map([...narrowed].filter(([key]) => !shadowed(key)));
  }
  checkCondition(expr.body, { ...scope, variables, narrowed }, ctx, expr.quantifier);
  return boolType;
}

export function checkHistory(expr: ast.HistoryExpr, scope: Scope, ctx: CheckContext): Type {
  let tools: ToolSymbol[];
  if (expr.fn === "sum") {
    const tool = ctx.symbols.tools.get(expr.tool.text);
    tools = [];
    if (!tool) {
      if (expr.tool.text !== "") {
        ctx.report("apol/unknown-tool", expr.tool.span, `unknown tool \`${writtenToolName(expr.tool)}\``, {
          ...unknownTool(expr.tool.text, ctx.symbols.tools.keys(), expr.tool.span),
        });
      }
    } else {
      tools = [tool];
      ctx.refer(expr.tool.span, { kind: "tool", name: tool.name });
      const param = tool.params.get(expr.arg.text);
      if (!param) {
        if (expr.arg.text !== "") {
          ctx.report("apol/unknown-argument", expr.arg.span, `tool \`${spellToolName(tool.name)}\` has no argument \`${expr.arg.text}\``, {
            ...didYouMean(expr.arg.text, tool.params.keys(), expr.arg.span, `its arguments are ${listNames([...tool.params.keys()])}`),
          });
        }
      } else {
        ctx.refer(expr.arg.span, { kind: "argument", tool: tool.name, name: param.name });
        if (!isNumeric(param.type)) {
          ctx.report(
            "apol/non-numeric-sum",
            expr.arg.span,
            `\`sum\` needs a numeric argument, but \`${spellToolName(tool.name)}.${param.name}\` is \`${typeToString(param.type)}\``,
            {
              help: "use `count(...)` to count calls instead",
            },
          );
        }
      }
    }
  } else tools = resolveTargets(expr.targets, ctx);
  ctx.historyTools.set(
    expr,
    tools.map((t) => t.name),
  );
  if (expr.where) checkCondition(expr.where, { ...scope, it: tools, guarded: scope.guarded }, ctx, "where");
  if (expr.window.kind === "Duration" && !(expr.window.ms > 0)) {
    ctx.report("apol/empty-window", expr.window.span, "a window must be longer than zero", { help: "use e.g. `1h`, or `session`" });
  }
  return expr.fn === "count" ? intType : expr.fn === "seen" ? boolType : numberType;
}

// ---------------------------------------------------------------- paths
