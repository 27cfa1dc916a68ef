// Checks literal values in tests (identities, call arguments, outputs) against declared types.
import type * as ast from "../ast/ast.js";
import { numberValue } from "../ast/scalar.js";
import type { CheckContext } from "./context.js";
import { didYouMean, listNames } from "./hints.js";
import { enumMembers } from "./symbols.js";
import { typeToString, type FieldType, type Type } from "./types.js";

function describe(expr: ast.Expr): string {
  switch (expr.kind) {
    case "String":
      return "a string";
    case "Number":
      return "a number";
    case "Bool":
      return "a boolean";
    case "List":
      return "a list";
    case "Object":
      return "a record";
    case "Path":
      return `\`${[expr.head.text, ...expr.fields.map((f) => f.text)].join(".")}\``;
    default:
      return "an expression";
  }
}

/** Checks that `expr` is a literal of `type`. */
export function checkValue(expr: ast.Expr, type: Type, ctx: CheckContext): void {
  if (expr.kind === "Missing") return;
  const mismatch = (): void =>
    ctx.report("apol/type-mismatch", expr.span, `expected \`${typeToString(type)}\` but found ${describe(expr)}`, {
      ...(type.kind === "string" && expr.kind === "Path" ? { help: `quote it: \`"${expr.head.text}"\`` } : {}),
    });
  switch (type.kind) {
    case "string":
      if (expr.kind !== "String") mismatch();
      return;
    case "number":
      if (numberValue(expr) === undefined) mismatch();
      return;
    case "int": {
      const value = numberValue(expr);
      if (value === undefined) mismatch();
      else if (!Number.isInteger(value)) ctx.report("apol/type-mismatch", expr.span, `expected a whole number but found \`${value}\``);
      return;
    }
    case "bool":
      if (expr.kind !== "Bool") mismatch();
      return;
    case "enum": {
      const members = enumMembers(type.name, ctx.symbols);
      if (expr.kind !== "Path" || expr.fields.length > 0) {
        mismatch();
        return;
      }
      if (!members.includes(expr.head.text)) {
        ctx.report("apol/unknown-member", expr.head.span, `\`${expr.head.text}\` is not a member of \`${type.name}\``, {
          ...didYouMean(expr.head.text, members, expr.head.span, `its members are ${listNames(members)}`),
        });
      } else ctx.refer(expr.head.span, { kind: "member", enum: type.name, name: expr.head.text });
      return;
    }
    case "list":
      if (expr.kind !== "List") mismatch();
      else for (const item of expr.items) checkValue(item, type.element, ctx);
      return;
    case "record":
      if (expr.kind !== "Object") mismatch();
      else checkEntries(expr.entries, type.fields, expr.span, "field", ctx);
      return;
    case "json":
      checkJson(expr, ctx);
      return;
    case "union":
      checkUnionValue(expr, type.members, mismatch, ctx);
      return;
    default:
      return;
  }
}

/** The member kinds a literal of each form can be (a bare name is an enum symbol). */
const formKinds: Partial<Record<ast.Expr["kind"], readonly Type["kind"][]>> = {
  String: ["string"],
  Number: ["number", "int"],
  Unary: ["number", "int"],
  Bool: ["bool"],
  List: ["list"],
  Object: ["record"],
  Path: ["enum"],
};

/**
 * A literal for a union: fine if it is a value of some member. Otherwise the problems are those of the
 * one member its form points at (a list literal for `string | string[]`: the list's), or a plain mismatch.
 */
function checkUnionValue(expr: ast.Expr, members: readonly Type[], mismatch: () => void, ctx: CheckContext): void {
  const { diagnostics, references } = ctx;
  const [d, r] = [diagnostics.length, references.length];
  for (const member of members) {
    checkValue(expr, member, ctx);
    if (diagnostics.length === d) return;
    diagnostics.length = d;
    references.length = r;
  }
  const formed = members.filter((m) => formKinds[expr.kind]?.includes(m.kind));
  if (formed.length === 1) checkValue(expr, formed[0] as Type, ctx);
  else mismatch();
}

/**
 * Checks named entries against declared fields: unknown names, missing required ones, value types.
 * `what` is "field" for records and "argument" for tool calls.
 */
export function checkEntries(
  entries: readonly ast.ObjectEntry[],
  fields: ReadonlyMap<string, FieldType>,
  span: ast.Expr["span"],
  what: "field" | "argument",
  ctx: CheckContext,
  onEntry?: (entry: ast.ObjectEntry) => void,
): void {
  const given = new Set<string>();
  for (const entry of entries) {
    const name = entry.key.text;
    const field = fields.get(name);
    if (given.has(name)) {
      ctx.report("apol/duplicate-field", entry.key.span, `${what} \`${name}\` is given twice`, { help: "remove one of them" });
      continue;
    }
    given.add(name);
    if (!field) {
      // A name the entries already give is no fix: applying it would duplicate the entry.
      const free = [...fields.keys()].filter((f) => !entries.some((e) => e.key.text === f));
      ctx.report(what === "field" ? "apol/unknown-field" : "apol/unknown-argument", entry.key.span, `unknown ${what} \`${name}\``, {
        ...didYouMean(name, free, entry.key.span, fields.size > 0 ? `the ${what}s are ${listNames([...fields.keys()])}` : `there are no ${what}s`),
      });
      continue;
    }
    onEntry?.(entry);
    checkValue(entry.value, field.type, ctx);
  }
  const missing = [...fields].filter(([name, f]) => !f.optional && !given.has(name)).map(([name]) => name);
  if (missing.length > 0) {
    ctx.report(
      what === "field" ? "apol/missing-field" : "apol/missing-argument",
      span,
      `missing ${what}${missing.length === 1 ? "" : "s"} ${listNames(missing)}`,
      {
        help: `add ${missing.map((m) => `\`${m}: ...\``).join(", ")}`,
      },
    );
  }
}

/** Checks a JSON-like literal: strings, numbers, booleans, lists and records of them. */
export function checkJson(expr: ast.Expr, ctx: CheckContext): void {
  switch (expr.kind) {
    case "String":
    case "Number":
    case "Bool":
    case "Missing":
      return;
    case "List":
      for (const item of expr.items) checkJson(item, ctx);
      return;
    case "Object":
      for (const entry of expr.entries) checkJson(entry.value, ctx);
      return;
    default:
      if (numberValue(expr) !== undefined) return;
      ctx.report("apol/type-mismatch", expr.span, `expected a JSON value but found ${describe(expr)}`, {
        help: 'write a string, number, boolean, list or `{ "key": value }` record',
      });
  }
}
