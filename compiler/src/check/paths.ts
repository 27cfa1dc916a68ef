// Type checking of paths: `args`, `user`, `context`, `it`, quantifier variables, predicate parameters and their fields.
import { shapeKinds } from "../ast/ast.js";
import type * as ast from "../ast/ast.js";
import { nowFields, toolFields } from "./builtins.js";
import { type CheckContext, type PathMeaning } from "./context.js";
import { didYouMean, listNames } from "./hints.js";
import { spellToolName } from "../syntax/tool-names.js";
import { enumMembers, type SymbolRef, type ToolSymbol } from "./symbols.js";
import { comparable, assignable, errorType, isLenient, jsonType, typeToString, weekdayEnum, type Type } from "./types.js";
import { reportUnnarrowed } from "./narrowing.js";

import { type Scope } from "./expressions.js";

/** Resolves a path to what it means and its type, reporting unknown names and unguarded optionals. */
export function checkPath(expr: ast.PathExpr, scope: Scope, ctx: CheckContext, expected: Type | undefined, forHas: boolean): Type {
  // `has(PATH)` checks its path here without `checkExpr`: record the scope for the editor all the same.
  ctx.scopes.set(expr, scope);
  const head = expr.head.text;
  const fields = expr.fields;
  const names = fields.map((f) => f.text);
  const set = (meaning: PathMeaning, type: Type): Type => {
    ctx.meanings.set(expr, meaning);
    return type;
  };
  if (head === "") return errorType;
  if (head === "args" && scope.predicate !== undefined) {
    ctx.report("apol/args-in-predicate", expr.head.span, `\`args\` is not defined in predicate \`${scope.predicate}\``, {
      help: "a predicate may be called from rules on any tool: take the value as a parameter and pass `args.NAME` where you call it",
    });
    return errorType;
  }
  if (head === "args") {
    if (fields.length === 0) return set({ kind: "args", fields: [] }, jsonType);
    const type = argumentType(expr, scope.tools, "args", scope, ctx, forHas);
    return set({ kind: "args", fields: names }, type);
  }
  if (shapeHeads.has(head)) {
    const shape = ctx.symbols.shapes.get(head as ast.ShapeKind);
    if (!shape) {
      ctx.report("apol/undeclared-shape", expr.head.span, `\`${head}\` has no declared shape`, {
        help: `declare its fields: \`${head} { id: string }\``,
      });
      return errorType;
    }
    const type = walkFields(shape.type, expr, 0, head, scope, ctx, forHas, (i) => ({ kind: "field", shape: shape.shape, path: names.slice(0, i + 1) }));
    return set({ kind: "shape", shape: shape.shape, fields: names }, type);
  }
  if (head === "tool" || head === "now") {
    const table = head === "tool" ? toolFields : nowFields;
    const field = fields[0];
    if (!field || fields.length > 1) {
      const at = field && fields.length > 1 ? (fields[1] as ast.Name).span : expr.span;
      ctx.report("apol/unknown-field", at, field ? `\`${head}.${field.text}\` has no fields` : `\`${head}\` needs a field`, {
        help: `use one of ${listNames([...table.keys()].map((k) => `${head}.${k}`))}`,
      });
      return errorType;
    }
    const entry = table.get(field.text);
    if (!entry) {
      ctx.report("apol/unknown-field", field.span, `\`${head}\` has no field \`${field.text}\``, {
        ...didYouMean(field.text, table.keys(), field.span, `its fields are ${listNames([...table.keys()])}`),
      });
      return errorType;
    }
    return set({ kind: head, field: field.text }, entry.type);
  }
  if (head === "it") return checkItPath(expr, scope, ctx, forHas, set);
  const variable = scope.variables.get(head);
  if (variable) {
    ctx.refer(expr.head.span, { kind: "variable", name: head, declaredAt: variable.span });
    const type = walkFields(variable.type, expr, 0, head, scope, ctx, forHas, () => undefined);
    return set({ kind: "variable", name: head, fields: names }, type);
  }
  const param = scope.params?.get(head);
  if (param && scope.predicate !== undefined) {
    ctx.refer(expr.head.span, { kind: "parameter", predicate: scope.predicate, name: head });
    const type = walkFields(param.type, expr, 0, head, scope, ctx, forHas, () => undefined);
    return set({ kind: "param", name: head, fields: names }, type);
  }
  const constant = ctx.symbols.consts.get(head);
  if (constant) {
    ctx.refer(expr.head.span, { kind: "const", name: head });
    if (fields.length > 0) {
      ctx.report("apol/unknown-field", (fields[0] as ast.Name).span, `const \`${head}\` has no fields`, { help: "a const is a plain value" });
      return errorType;
    }
    return set({ kind: "const", name: head }, constant.type);
  }
  if (fields.length === 0) return checkSymbol(expr, expected, scope, ctx, set);
  ctx.report("apol/unknown-name", expr.head.span, `unknown name \`${head}\``, {
    ...didYouMean(
      head,
      [
        ...(scope.predicate === undefined ? ["args"] : []),
        "user",
        "agent",
        "context",
        "resource",
        "tool",
        "now",
        ...scope.variables.keys(),
        ...(scope.params?.keys() ?? []),
        ...ctx.symbols.consts.keys(),
      ],
      expr.head.span,
      scope.predicate === undefined
        ? "paths start with `args`, `user`, `agent`, `context`, `resource`, `tool` or `now`"
        : "paths in a predicate start with a parameter, `user`, `agent`, `context`, `resource`, `tool` or `now`",
    ),
  });
  return errorType;
}

function checkSymbol(expr: ast.PathExpr, expected: Type | undefined, scope: Scope, ctx: CheckContext, set: (m: PathMeaning, t: Type) => Type): Type {
  const name = expr.head.text;
  // The other operand already failed to check: guessing what this symbol means would only add noise.
  if (expected?.kind === "error") return errorType;
  if (expected?.kind === "enum") {
    const members = enumMembers(expected.name, ctx.symbols);
    if (members.includes(name)) {
      if (expected.name !== weekdayEnum.name) ctx.refer(expr.head.span, { kind: "member", enum: expected.name, name });
      return set({ kind: "member", enum: expected.name, member: name }, expected);
    }
    ctx.report("apol/unknown-member", expr.head.span, `\`${name}\` is not a member of \`${expected.name}\``, {
      ...didYouMean(name, members, expr.head.span, `its members are ${listNames(members)}`),
    });
    return errorType;
  }
  const owners = [...(ctx.symbols.membersToEnums.get(name) ?? []), ...((weekdayEnum.members as readonly string[]).includes(name) ? [weekdayEnum.name] : [])];
  if (owners.length === 1) {
    const owner = owners[0] as string;
    if (owner !== weekdayEnum.name) ctx.refer(expr.head.span, { kind: "member", enum: owner, name });
    return set({ kind: "member", enum: owner, member: name }, { kind: "enum", name: owner });
  }
  if (owners.length > 1) {
    ctx.report("apol/ambiguous-member", expr.head.span, `\`${name}\` is a symbol of several enums: ${listNames(owners)}`, {
      help: "compare it with a field of the enum you mean, or rename the symbol in one enum",
    });
    return errorType;
  }
  const candidates = [...scope.variables.keys(), ...(scope.params?.keys() ?? []), ...ctx.symbols.consts.keys(), ...ctx.symbols.membersToEnums.keys()];
  ctx.report("apol/unknown-name", expr.head.span, `unknown name \`${name}\``, {
    ...didYouMean(
      name,
      candidates,
      expr.head.span,
      scope.tools.length > 0 ? `for an argument write \`args.${name}\`; strings need quotes` : "strings need quotes",
    ),
  });
  return errorType;
}

function checkItPath(expr: ast.PathExpr, scope: Scope, ctx: CheckContext, forHas: boolean, set: (m: PathMeaning, t: Type) => Type): Type {
  if (!scope.it) {
    ctx.report("apol/it-outside-where", expr.head.span, "`it` is only defined inside a history function's `where`", {
      help: "write e.g. `count(send_email where it.args.to == args.to, 1h)`",
    });
    return errorType;
  }
  const [part, ...rest] = expr.fields;
  const names = rest.map((f) => f.text);
  if (part?.text === "args") {
    if (rest.length === 0) return set({ kind: "it-args", fields: [] }, jsonType);
    return set({ kind: "it-args", fields: names }, argumentType(expr, scope.it, "it.args", scope, ctx, forHas, 1));
  }
  if (part?.text === "tool" && rest.length === 1) {
    const entry = toolFields.get(names[0] as string);
    if (entry) return set({ kind: "it-tool", field: names[0] as string }, entry.type);
  }
  if (part?.text === "output") {
    const tools = scope.it;
    const declared = tools.length === 1 && tools[0]?.outputDeclared ? tools[0].output : jsonType;
    return set(
      { kind: "it-output", fields: names },
      walkFields(declared, expr, 1, "it.output", scope, ctx, forHas, () => undefined),
    );
  }
  const at = part ? part.span : expr.span;
  ctx.report("apol/unknown-field", at, part ? `\`it\` has no field \`${part.text}\`` : "`it` needs a field", {
    ...(part
      ? didYouMean(part.text, ["args", "tool", "output"], part.span, "use `it.args.NAME`, `it.tool.name`, `it.tool.tier` or `it.output`")
      : { help: "use `it.args.NAME`, `it.tool.name`, `it.tool.tier` or `it.output`" }),
  });
  return errorType;
}

/**
 * The type of `args.x...` (or `it.args.x...`, where `offset` skips `args`) over every tool in `tools`:
 * each must have `x`, with one type; deeper fields walk the argument's record type.
 */
function argumentType(expr: ast.PathExpr, tools: readonly ToolSymbol[], prefix: string, scope: Scope, ctx: CheckContext, forHas: boolean, offset = 0): Type {
  const nameTok = expr.fields[offset] as ast.Name;
  const name = nameTok.text;
  if (tools.length === 0) return errorType;
  let type: Type | undefined;
  let optional = false;
  let firstTool: ToolSymbol | undefined;
  for (const tool of tools) {
    const param = tool.params.get(name);
    if (!param) {
      reportUnknownArgument(nameTok, tool, tools, ctx);
      return errorType;
    }
    ctx.refer(nameTok.span, { kind: "argument", tool: tool.name, name });
    optional ||= param.optional;
    if (type === undefined) {
      type = param.type;
      firstTool = tool;
    } else if (!comparable(type, param.type) && !(assignable(type, param.type) && assignable(param.type, type))) {
      ctx.report(
        "apol/type-mismatch",
        nameTok.span,
        `argument \`${name}\` is \`${typeToString(type)}\` in \`${spellToolName(firstTool?.name ?? "")}\` but \`${typeToString(param.type)}\` in \`${spellToolName(tool.name)}\``,
        {
          help: "give the argument one type in every targeted tool, or split the rule",
        },
      );
      return errorType;
    }
  }
  const key = `${prefix}.${name}`;
  const isLast = expr.fields.length === offset + 1;
  if (optional && !scope.guarded.has(key) && !(forHas && isLast)) reportUnguarded(expr, offset, key, ctx);
  return walkFields(type ?? errorType, expr, offset + 1, `${prefix}.${name}`, scope, ctx, forHas, () => undefined);
}

/** `args.NAME` where `tool`, one of the rule's `tools`, has no argument `NAME`: a did-you-mean, or who has it. */
export function reportUnknownArgument(name: ast.Name, tool: ToolSymbol, tools: readonly ToolSymbol[], ctx: CheckContext): void {
  const others = tools.filter((t) => t !== tool && t.params.has(name.text));
  const message =
    tools.length === 1
      ? `tool \`${spellToolName(tool.name)}\` has no argument \`${name.text}\``
      : `tool \`${spellToolName(tool.name)}\` has no argument \`${name.text}\`, but the rule targets it`;
  ctx.report("apol/unknown-argument", name.span, message, {
    ...didYouMean(
      name.text,
      tool.params.keys(),
      name.span,
      others.length > 0
        ? `only ${listNames(others.map((t) => spellToolName(t.name)))} ${others.length === 1 ? "has" : "have"} it: narrow the targets, or split the rule`
        : `its arguments are ${listNames([...tool.params.keys()])}`,
    ),
  });
}

function reportUnguarded(expr: ast.PathExpr, index: number, key: string, ctx: CheckContext): void {
  const span = { start: expr.span.start, end: (expr.fields[index] as ast.Name).span.end };
  ctx.report("apol/unguarded-optional", span, `\`${key}\` is optional and may be absent`, {
    help: `guard it: \`has(${key}) and ...\``,
  });
}

/** Walks `expr.fields[from..]` through record types, reporting unknown fields and unguarded optional ones. */
function walkFields(
  root: Type,
  expr: ast.PathExpr,
  from: number,
  prefix: string,
  scope: Scope,
  ctx: CheckContext,
  forHas: boolean,
  refOf: (index: number) => SymbolRef | undefined,
): Type {
  let type = scope.narrowed.get(prefix) ?? root;
  let key = prefix;
  for (let i = from; i < expr.fields.length; i++) {
    const field = expr.fields[i] as ast.Name;
    if (isLenient(type)) return type;
    const fieldSpan = { start: expr.span.start, end: expr.fields[i - 1]?.span.end ?? expr.head.span.end };
    if (reportUnnarrowed({ ...expr, span: fieldSpan, fields: expr.fields.slice(0, i) }, type, (m) => m.kind === "record" && m.fields.has(field.text), ctx))
      return errorType;
    if (type.kind !== "record") {
      ctx.report("apol/unknown-field", field.span, `\`${key}\` is \`${typeToString(type)}\` and has no field \`${field.text}\``, {
        help: "only records have fields",
      });
      return errorType;
    }
    const entry = type.fields.get(field.text);
    if (!entry) {
      ctx.report("apol/unknown-field", field.span, `\`${key}\` has no field \`${field.text}\``, {
        ...didYouMean(field.text, type.fields.keys(), field.span, `its fields are ${listNames([...type.fields.keys()])}`),
      });
      return errorType;
    }
    const ref = refOf(i);
    if (ref) ctx.refer(field.span, ref);
    key = `${key}.${field.text}`;
    const isLast = i === expr.fields.length - 1;
    if (entry.optional && !scope.guarded.has(key) && !(forHas && isLast)) {
      reportUnguarded(expr, i, key, ctx);
      // The rest of the path cannot be typed soundly; an error type keeps follow-on errors away.
      return errorType;
    }
    type = scope.narrowed.get(key) ?? entry.type;
  }
  return type;
}

const shapeHeads: ReadonlySet<string> = new Set(shapeKinds);
