// Translates IR expressions to JavaScript, collecting the module-scope constants they need (sets, globs, regexes, tool sets).
import type { SchemaType } from "@apol/runtime";
import type { IrExpr } from "../ir/decision-tree.js";
import { children } from "../ir/traverse.js";
import { conformTest } from "./conform.js";
import { schemaConstant, type ConstantPool } from "./constants.js";
import { jsString, jsValue } from "./literals.js";
import { ownRead } from "./reads.js";
import { compileRegex, isRegexProblem } from "../regex/compile.js";

/** Names in generated code: `r` the request, `s` the state, `a` the validated arguments. */
export interface ExprContext {
  readonly constants: ConstantPool;
  /** How a number or string literal is spelt, when not as itself (a tool's table slot): `undefined` spells it as itself. */
  readonly literal?: (value: number | string) => string | undefined;
  readonly timezone: string;
  /** Tiers by tool name, for `it.tool.tier`. */
  readonly tiers: string;
}

function fields(base: string, path: readonly string[]): string {
  return path.reduce((acc, f) => `ops.field(${acc}, ${jsString(f)})`, base);
}

/**
 * A module-level function reading `part.field` (or the whole `part`) from a request and
 * checking it conforms to `type`, throwing `FAULT` otherwise: one small specialised
 * function per field instead of three generic helper calls on every read.
 */
function partReader(part: string, field: string | undefined, type: SchemaType, pool: ConstantPool): string {
  const constants = pool.module;
  // The reader is spelt once per part, field and type, however many rules read it.
  return constants.getKeyed("U", JSON.stringify([part, field ?? null, type]), () =>
    readerOf(part, field, `if (!(${conformTest(type, constants)})) throw FAULT; return x;`),
  );
}

/** A reader `(r) => ...` of `part.field` (or the whole `part`) into `x`, then `finish`, which conforms and returns it. */
function readerOf(part: string, field: string | undefined, finish: string): string {
  // An array is no part: a direct read rules it out by the prototype test, `own` by `Array.isArray`.
  const read =
    field === undefined ? "const x = p; if (Array.isArray(p)) throw FAULT;" : `let x; ${ownRead("x", "p", field, "if (Array.isArray(p)) throw FAULT; ")}`;
  return `(r) => { let p; ${ownRead("p", "r", part)} if (typeof p !== "object" || p === null) throw FAULT; ${read} ${finish} }`;
}

/** The most members an enum may have for its values to be bits of a mask (a small integer). */
const MASK_BITS = 30;

/**
 * `part.field in [...]` over an enum-typed identity field as a bit test, or undefined for any other `in`: the field's
 * reader returns its member's bit (`1 << index`), so conforming and looking it up are one test, and the values are a
 * mask, spelt as a number (a slot), so tools whose rules differ only in the values share their code.
 */
function enumMembership(expr: Extract<IrExpr, { op: "in-set" }>, ctx: ExprContext): string | undefined {
  const item = expr.item;
  if (item.op !== "part" || item.path.length !== 1 || typeof item.type !== "object" || !("enum" in item.type)) return undefined;
  const members = item.type.enum;
  if (members.length > MASK_BITS) return undefined;
  let mask = 0;
  // A value that is no member never matches: the reader faults on anything else.
  for (const value of expr.values) if (typeof value === "string" && members.includes(value)) mask |= 1 << members.indexOf(value);
  const field = item.path[0]!;
  const reader = ctx.constants.module.getKeyed("B", JSON.stringify([item.part, field, members]), () => {
    const cases = members.map((m, i) => `case ${jsString(m)}: return ${1 << i};`).join(" ");
    return readerOf(item.part, field, `switch (x) { ${cases} } throw FAULT;`);
  });
  const spelt = ctx.literal?.(mask) ?? String(mask);
  return `((${spelt} & ${reader}(r)) ${expr.negate ? "===" : "!=="} 0)`;
}

/** JavaScript-safe local names for quantifier variables (an apol name may be a JavaScript reserved word). */
function variable(name: string): string {
  return `v_${name}`;
}

/**
 * Emits `expr` as a JavaScript expression. `depth` counts enclosing `where` clauses:
 * `it` is the innermost one's parameter `e<depth-1>`.
 */
export function emitExpr(expr: IrExpr, ctx: ExprContext, depth = 0): string {
  const e = (x: IrExpr): string => emitExpr(x, ctx, depth);
  const it = `e${depth - 1}`;
  switch (expr.op) {
    case "lit":
      return ((typeof expr.value === "number" || typeof expr.value === "string") && ctx.literal?.(expr.value)) || jsValue(expr.value);
    case "list":
      return `[${expr.items.map(e).join(", ")}]`;
    case "arg":
      if (expr.name === "") return "a";
      return fields(expr.optional ? `ops.field(a, ${jsString(expr.name)})` : `a[${jsString(expr.name)}]`, expr.path);
    case "part": {
      const [first, ...rest] = expr.path;
      return fields(`${partReader(expr.part, first, expr.type, ctx.constants)}(r)`, rest);
    }
    case "now":
      return `ops.timeParts(s === undefined ? undefined : s.now, ${jsString(ctx.timezone)}).${expr.field}`;
    case "var":
      return fields(variable(expr.name), expr.path);
    case "it":
      return fields(it, [expr.part, ...expr.path]);
    case "it-tool":
      return expr.field === "name" ? `${it}.tool` : `(${ctx.tiers}.get(${it}.tool) ?? 0)`;
    case "not":
      return `!${e(expr.operand)}`;
    case "neg":
      return `(-${e(expr.operand)})`;
    case "and":
      return `(${e(expr.left)} && ${e(expr.right)})`;
    case "or":
      return `(${e(expr.left)} || ${e(expr.right)})`;
    case "eq":
      return expr.strict ? `(${e(expr.left)} === ${e(expr.right)})` : `ops.eq(${e(expr.left)}, ${e(expr.right)})`;
    case "ne":
      return expr.strict ? `(${e(expr.left)} !== ${e(expr.right)})` : `!ops.eq(${e(expr.left)}, ${e(expr.right)})`;
    case "lt":
      return `(${e(expr.left)} < ${e(expr.right)})`;
    case "le":
      return `(${e(expr.left)} <= ${e(expr.right)})`;
    case "gt":
      return `(${e(expr.left)} > ${e(expr.right)})`;
    case "ge":
      return `(${e(expr.left)} >= ${e(expr.right)})`;
    case "add":
      return `(${e(expr.left)} + ${e(expr.right)})`;
    case "sub":
      return `(${e(expr.left)} - ${e(expr.right)})`;
    case "mul":
      return `(${e(expr.left)} * ${e(expr.right)})`;
    case "div":
      return `ops.div(${e(expr.left)}, ${e(expr.right)})`;
    case "in":
      return `${expr.negate ? "!" : ""}ops.includes(${e(expr.list)}, ${e(expr.item)})`;
    case "in-set": {
      const bits = enumMembership(expr, ctx);
      if (bits !== undefined) return bits;
      const set = ctx.constants.get("S", `new Set(${jsValue(expr.values)})`);
      return `${expr.negate ? "!" : ""}${set}.has(${e(expr.item)})`;
    }
    case "like":
      return `${ctx.constants.get("G", `ops.glob(${jsString(expr.pattern)})`)}(${e(expr.subject)})`;
    case "matches":
      return `${ctx.constants.getKeyed("R", expr.pattern, () => `ops.regex(${regexProgram(expr.pattern)})`)}.test(${e(expr.subject)})`;
    case "startsWith":
    case "endsWith":
      return `${e(expr.subject)}.${expr.op}(${e(expr.other)})`;
    case "contains":
      return expr.kind === "string" ? `${e(expr.subject)}.includes(${e(expr.other)})` : `ops.contains(${e(expr.subject)}, ${e(expr.other)})`;
    case "call":
      return `ops.${expr.fn}(${expr.args.map(e).join(", ")})`;
    case "has": {
      const root = expr.root === "args" ? "a" : expr.root === "var" ? variable(expr.variable ?? "") : expr.root === "it" ? it : "r";
      const path = expr.root === "args" || expr.root === "var" || expr.root === "it" ? expr.path : [expr.root, ...expr.path];
      return `ops.present(${root}, ${jsValue(path)})`;
    }
    case "from":
      return expr.relation === "tainted"
        ? `ops.tainted(r, s, ${expr.arg === null ? "null" : jsString(expr.arg)}, ${e(expr.value)})`
        : `ops.from(r, s, ${expr.arg === null ? "null" : jsString(expr.arg)}, ${e(expr.value)}, ${jsString(expr.label)})`;
    case "exposed":
      return `ops.exposed(s, ${jsString(expr.label)})`;
    case "any":
    case "all":
      return `${e(expr.list)}.${expr.op === "any" ? "some" : "every"}((${variable(expr.variable)}) => ${e(expr.body)})`;
    case "count":
    case "seen": {
      const tools = ctx.constants.get("H", `new Set(${jsValue(expr.tools)})`);
      const count = `ops.count(s, ${tools}, ${jsValue(expr.windowMs)}, ${where(expr.where, ctx, depth)})`;
      return expr.op === "seen" ? `(${count} > 0)` : count;
    }
    case "sum":
      return `ops.sum(s, ${jsString(expr.tool)}, ${jsString(expr.arg)}, ${jsValue(expr.windowMs)}, ${where(expr.where, ctx, depth)})`;
    case "is":
      return `ops.conform(${e(expr.operand)}, ${schemaConstant(expr.type, ctx.constants)})`;
    case "as":
      return `ops.typed(${e(expr.operand)}, ${schemaConstant(expr.type === "list" ? { list: "json" } : expr.type, ctx.constants)})`;
    case "hoisted":
      return `h${expr.index}`;
  }
}

/**
 * Whether a `where` clause reads only the call it is given (`it`, variables it binds, literals): then its answer for
 * a kept call never changes, and the runtime's history index evaluates it once per call.
 */
function readsOnlyIt(expr: IrExpr, bound: ReadonlySet<string> = new Set()): boolean {
  switch (expr.op) {
    case "arg":
    case "part":
    case "now":
    case "hoisted":
    case "from":
    case "exposed":
    case "count":
    case "seen":
    case "sum":
      return false;
    case "var":
      return bound.has(expr.name);
    case "has":
      return expr.root === "it" || (expr.root === "var" && bound.has(expr.variable ?? ""));
    case "any":
    case "all":
      return readsOnlyIt(expr.list, bound) && readsOnlyIt(expr.body, new Set([...bound, expr.variable]));
    default:
      return children(expr).every((child) => readsOnlyIt(child, bound));
  }
}

function where(expr: IrExpr | undefined, ctx: ExprContext, depth: number): string {
  if (!expr) return "undefined";
  if (!readsOnlyIt(expr)) return `(e${depth}) => ${emitExpr(expr, ctx, depth + 1)}`;
  // One function for the module's life, marked for the history index to remember its answers by. It lives at module
  // scope, where no tool's table is, so its constants and literals are spelt as the module's, never as slots.
  const { literal: _slotted, ...rest } = ctx;
  const moduleScope: ExprContext = { ...rest, constants: ctx.constants.module };
  return ctx.constants.get("W", `ops.callOnly((e${depth}) => ${emitExpr(expr, moduleScope, depth + 1)})`);
}

/** The program of a pattern the checker accepted, as a JavaScript literal: the runtime only runs it. */
function regexProgram(pattern: string): string {
  const program = compileRegex(pattern);
  if (isRegexProblem(program)) throw new Error(`internal: the checker accepted a pattern that does not compile: ${program.message}`);
  return jsValue(program);
}
