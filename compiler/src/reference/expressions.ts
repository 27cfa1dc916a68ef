// Evaluates checked expressions against one request by walking the AST, raising a `Fault` where the semantics says a condition fails.
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import type { PathMeaning } from "../check/context.js";
import type { ConstValue, PredicateSymbol, ToolSymbol } from "../check/symbols.js";
import { dynamicCheck } from "../check/predicates.js";
import type { EvaluationState, HistoryEntry } from "../../../runtime/src/contract.js";
import { referenceFunctions } from "./functions.js";
import { bool, Fault, list, num, str } from "./operands.js";
import { cameFrom, taints } from "./provenance.js";
import { regexMatch } from "./regex.js";
import { conforms, deepEqual, globMatch, isPlainObject, isPresent } from "./value-ops.js";

/** Everything an expression may read. */
export interface Env {
  readonly checked: Checked;
  readonly request: Record<string, unknown>;
  /** The validated arguments. */
  readonly args: Record<string, unknown>;
  readonly tool: ToolSymbol;
  readonly state: EvaluationState | undefined;
  /** Quantifier variables in scope. */
  readonly variables: ReadonlyMap<string, unknown>;
  /** The earlier call `it` denotes, inside a history function's `where`. */
  readonly it?: HistoryEntry;
  /** Inside a predicate's body: each parameter's argument, unevaluated (see `callPredicate`). */
  readonly params?: ReadonlyMap<string, Binding>;
}

/** A predicate's argument: the caller's expression and scope, and the reading a dynamic value gets. */
interface Binding {
  readonly expr: ast.Expr;
  readonly env: Env;
  readonly check: "number" | "string" | "list" | undefined;
}

/** Evaluates a condition; anything but a boolean is a fault. */
export function evaluateCondition(expr: ast.Expr, env: Env): boolean {
  return bool(evaluate(expr, env));
}

// A checked policy cannot reach these; reaching one is a bug in the checker or here, not a fault of the request.
function internal(what: string): never {
  throw new Error(`internal: ${what} in a checked policy`);
}

function evaluate(expr: ast.Expr, env: Env): unknown {
  switch (expr.kind) {
    case "String":
    case "Number":
    case "Bool":
      return expr.value;
    case "Duration":
      return expr.ms;
    case "List":
      return expr.items.map((item) => evaluate(item, env));
    case "Path":
      return evaluatePath(expr, env);
    case "Unary":
      return expr.op === "not" ? !bool(evaluate(expr.operand, env)) : -num(evaluate(expr.operand, env));
    case "Binary":
      if (expr.op === "and") return bool(evaluate(expr.left, env)) && bool(evaluate(expr.right, env));
      if (expr.op === "or") return bool(evaluate(expr.left, env)) || bool(evaluate(expr.right, env));
      return operators[expr.op](evaluate(expr.left, env), evaluate(expr.right, env));
    case "Call":
      return evaluateCall(expr, env);
    case "Quantifier":
      for (const item of list(evaluate(expr.list, env))) {
        const holds = evaluateCondition(expr.body, { ...env, variables: new Map(env.variables).set(expr.variable.text, item) });
        if (holds === (expr.quantifier === "any")) return holds;
      }
      return expr.quantifier === "all";
    case "History":
      return evaluateHistory(expr, env);
    case "TypeTest": {
      const tested = env.checked.typeTests.get(expr);
      return tested ? conforms(evaluate(expr.operand, env), tested, env.checked.symbols) : internal("an unchecked type test");
    }
    case "Object":
    case "Missing":
      return internal(`a ${expr.kind} expression`);
  }
}

/** The binary operators other than `and`/`or`: both operands are evaluated, left first. */
const operators: Readonly<Record<Exclude<ast.BinaryOp, "and" | "or">, (left: unknown, right: unknown) => unknown>> = {
  "==": (l, r) => deepEqual(l, r),
  "!=": (l, r) => !deepEqual(l, r),
  "<": (l, r) => num(l) < num(r),
  "<=": (l, r) => num(l) <= num(r),
  ">": (l, r) => num(l) > num(r),
  ">=": (l, r) => num(l) >= num(r),
  "+": (l, r) => num(l) + num(r),
  "-": (l, r) => num(l) - num(r),
  "*": (l, r) => num(l) * num(r),
  "/": (l, r) => {
    if (num(r) === 0) throw new Fault("division by zero");
    return num(l) / num(r);
  },
  in: (l, r) => list(r).some((item) => deepEqual(l, item)),
  "not in": (l, r) => !list(r).some((item) => deepEqual(l, item)),
  like: (l, r) => patterns(r).some((p) => globMatch(p, str(l))),
  matches: (l, r) => patterns(r).some((p) => regexMatch(p, str(l))),
  startsWith: (l, r) => str(l).startsWith(str(r)),
  endsWith: (l, r) => str(l).endsWith(str(r)),
  contains: (l, r) => (typeof l === "string" ? l.includes(str(r)) : list(l).some((item) => deepEqual(item, r))),
};

/** A `like`/`matches` right side: one pattern, or a list of them of which any may match. */
function patterns(value: unknown): readonly string[] {
  return Array.isArray(value) ? value.map(str) : [str(value)];
}

/**
 * A predicate's call: the body, with each parameter bound to the caller's argument unevaluated. The body
 * evaluates an argument where it reads the parameter, so one it never reads never faults: the semantics of
 * inlining, which is how the compiler builds it (docs/semantics.md).
 */
function callPredicate(expr: ast.CallExpr, predicate: PredicateSymbol, env: Env): unknown {
  const params = new Map<string, Binding>();
  predicate.params.forEach((param, i) => {
    const arg = expr.args[i] ?? internal("a predicate call with too few arguments");
    params.set(param.name, { expr: arg, env, check: dynamicCheck(env.checked.types.get(arg) ?? param.type, param.type) });
  });
  return evaluate(predicate.decl.body, { ...env, variables: new Map(), params });
}

/** What a parameter path reads: the caller's argument, with the path's fields after it, in the caller's scope. */
function resolveParam(
  name: string,
  fields: readonly string[],
  env: Env,
): { target: { meaning: PathMeaning } | { expr: ast.Expr }; env: Env; check: Binding["check"] } {
  const binding = env.params?.get(name) ?? internal(`the unbound parameter \`${name}\``);
  if (binding.expr.kind !== "Path")
    return fields.length === 0 ? { target: { expr: binding.expr }, env: binding.env, check: binding.check } : internal("fields of a value that is not a path");
  const meaning = meaningOf(binding.expr, binding.env);
  if (meaning.kind === "param") return resolveParam(meaning.name, [...meaning.fields, ...fields], binding.env);
  if (fields.length === 0) return { target: { meaning }, env: binding.env, check: binding.check };
  return "fields" in meaning
    ? { target: { meaning: { ...meaning, fields: [...meaning.fields, ...fields] } }, env: binding.env, check: undefined }
    : internal("fields of a value that is not a record");
}

const checks = { number: num, string: str, list } as const;

function evaluateParam(name: string, fields: readonly string[], env: Env): unknown {
  const resolved = resolveParam(name, fields, env);
  const value = "expr" in resolved.target ? evaluate(resolved.target.expr, resolved.env) : evaluateMeaning(resolved.target.meaning, resolved.env);
  return resolved.check ? checks[resolved.check](value) : value;
}

function evaluateCall(expr: ast.CallExpr, env: Env): unknown {
  const predicate = env.checked.symbols.predicates.get(expr.callee.text);
  if (predicate) return callPredicate(expr, predicate, env);
  const [first, second] = expr.args;
  if (!first) return internal("a call without arguments");
  switch (expr.callee.text) {
    case "has":
      return first.kind === "Path" ? isPathPresent(first, env) : internal("`has` of a non-path");
    case "from":
      return second ? from(first, labelOf(second, env), env) : internal("`from` without a label");
    case "tainted":
      return from(first, "untrusted", env, "tainted");
    case "exposed":
      return (env.state?.contents ?? []).some((c) => c.labels.includes(labelOf(first, env)));
    default: {
      const reference = referenceFunctions.get(expr.callee.text);
      return reference ? reference(...expr.args.map((arg) => evaluate(arg, env))) : internal(`the function \`${expr.callee.text}\``);
    }
  }
}

function meaningOf(path: ast.PathExpr, env: Env): PathMeaning {
  return env.checked.meanings.get(path) ?? internal(`the path \`${path.head.text}\` without a meaning`);
}

function labelOf(expr: ast.Expr, env: Env): string {
  const meaning = expr.kind === "Path" ? meaningOf(expr, env) : undefined;
  return meaning?.kind === "label" ? meaning.label : internal("a label that is not a name");
}

/** Follows `fields` from `root` through present own properties; undefined when some step is absent. */
function follow(root: unknown, fields: readonly string[]): { value: unknown } | undefined {
  let value = root;
  for (const field of fields) {
    if (!isPresent(value, field)) return undefined;
    value = (value as Record<string, unknown>)[field];
  }
  return value === undefined ? undefined : { value };
}

/** Reads `fields` from `root`; an absent step (or an absent root) is a fault. */
function walk(root: unknown, fields: readonly string[]): unknown {
  const found = follow(root, fields);
  if (!found) throw new Fault(`absent value at \`${fields.join(".")}\``);
  return found.value;
}

type FieldPath = Exclude<Extract<PathMeaning, { readonly fields: readonly string[] }>, { kind: "param" }>;

/** Where a path with fields starts reading. */
function rootOf(meaning: FieldPath, env: Env): unknown {
  const it = (): HistoryEntry => env.it ?? internal("`it` outside `where`");
  switch (meaning.kind) {
    case "args":
      return env.args;
    case "shape":
      return env.request[meaning.shape];
    case "variable":
      return env.variables.get(meaning.name);
    case "it-args":
      return it().args;
    case "it-output":
      return it().output;
  }
}

function evaluatePath(path: ast.PathExpr, env: Env): unknown {
  return evaluateMeaning(meaningOf(path, env), env);
}

function evaluateMeaning(meaning: PathMeaning, env: Env): unknown {
  const symbols = env.checked.symbols;
  switch (meaning.kind) {
    case "shape":
      return readShape(meaning, env);
    case "const":
      return constValue((symbols.consts.get(meaning.name) ?? internal("an undeclared const")).value);
    case "member":
      return meaning.member;
    case "it-tool": {
      const entry = env.it ?? internal("`it` outside `where`");
      return meaning.field === "name" ? entry.tool : symbols.tools.get(entry.tool)?.tier;
    }
    case "tool":
      return meaning.field === "name" ? env.tool.name : env.tool.tier;
    case "now":
      return nowField(meaning.field, env);
    case "label":
      return internal("a label used as a value");
    case "param":
      return evaluateParam(meaning.name, meaning.fields, env);
    default:
      return walk(rootOf(meaning, env), meaning.fields);
  }
}

/** `user.f.g`: the part must be an object and `f` present and of its declared type (deeply); an absent later field faults. */
function readShape(meaning: Extract<PathMeaning, { kind: "shape" }>, env: Env): unknown {
  const symbols = env.checked.symbols;
  const shape = symbols.shapes.get(meaning.shape) ?? internal(`the undeclared shape \`${meaning.shape}\``);
  const part = env.request[meaning.shape];
  if (!isPlainObject(part)) throw new Fault(`\`${meaning.shape}\` is not an object`);
  const [first, ...rest] = meaning.fields;
  const type = first === undefined ? shape.type : (shape.fields.get(first) ?? internal(`an undeclared field \`${first}\``)).type;
  const value = first === undefined ? part : walk(part, [first]);
  if (!conforms(value, type, symbols)) throw new Fault(`\`${meaning.shape}\` does not fit its declared shape`);
  return walk(value, rest);
}

/** `has(path)`: whether every segment is present; never a fault. */
function isPathPresent(path: ast.PathExpr, env: Env): boolean {
  const meaning = meaningOf(path, env);
  if (meaning.kind === "param") {
    const resolved = resolveParam(meaning.name, meaning.fields, env);
    return "meaning" in resolved.target ? present(resolved.target.meaning, resolved.env) : internal("`has` of a parameter that is not a path");
  }
  return present(meaning, env);

  function present(meaning: PathMeaning, env: Env): boolean {
    // The checker rejects `has` of `tool.*`, `now.*` and consts: only argument and field paths reach here.
    return "fields" in meaning && meaning.kind !== "param"
      ? follow(rootOf(meaning, env), meaning.fields) !== undefined
      : internal(`\`has\` of a \`${meaning.kind}\``);
  }
}

function constValue(value: ConstValue): unknown {
  if (Array.isArray(value)) return value.map(constValue);
  return typeof value === "object" ? (value as { enumMember: string }).enumMember : value;
}

/** `state.now` as a date, when it is a finite number of milliseconds a `Date` can hold. */
function validNow(env: Env): Date | undefined {
  const now = env.state?.now;
  const date = typeof now === "number" && Number.isFinite(now) ? new Date(now) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function nowField(field: string, env: Env): unknown {
  const date = validNow(env);
  if (!date) throw new Fault("no valid `now`", "no time");
  const zone = env.checked.symbols.timezone ?? "UTC";
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", hour: "numeric", minute: "numeric", weekday: "short" }).formatToParts(
    date,
  );
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? internal(`a date without a ${type}`);
  // `weekday: "short"` in en-US gives `Mon`..`Sun`.
  return field === "weekday" ? part("weekday").toLowerCase() : Number(part(field));
}

/**
 * `from(E, label)`: the caller's taint on the argument E names, or some string inside E's value came from labelled
 * content; `tainted(E)`: the caller's `untrusted` taint, or some string carries untrusted content no other content holds.
 */
function from(expr: ast.Expr, label: string, env: Env, relation: "from" | "tainted" = "from"): boolean {
  const meaning = expr.kind === "Path" ? argumentMeaning(meaningOf(expr, env), env) : undefined;
  const taint = env.request["taint"];
  if (meaning?.kind === "args" && isPlainObject(taint)) {
    const labelled = (labels: unknown): boolean => Array.isArray(labels) && labels.includes(label);
    const [argument] = meaning.fields;
    if (argument === undefined ? Object.values(taint).some(labelled) : Object.hasOwn(taint, argument) && labelled(taint[argument])) return true;
  }
  const contents = env.state?.contents ?? [];
  const texts = contents.filter((c) => c.labels.includes(label)).map((c) => c.text);
  const strings = stringsIn(evaluate(expr, env));
  if (relation === "from") return strings.some((s) => texts.some((text) => cameFrom(s, text)));
  const others = contents.filter((c) => !c.labels.includes(label)).map((c) => c.text);
  return strings.some((s) => taints(s, texts, others));
}

/** What a path names for the caller's taint: through a parameter, the caller's argument path. */
function argumentMeaning(meaning: PathMeaning, env: Env): PathMeaning | undefined {
  if (meaning.kind !== "param") return meaning;
  const resolved = resolveParam(meaning.name, meaning.fields, env);
  return "meaning" in resolved.target ? resolved.target.meaning : undefined;
}

/** Every string in a value: itself, or nested in lists and objects. */
function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  return isPlainObject(value) ? Object.values(value).flatMap(stringsIn) : [];
}

/** `count`, `seen` and `sum` over the earlier calls to the covered tools in the window that satisfy `where`. */
function evaluateHistory(expr: ast.HistoryExpr, env: Env): unknown {
  const window = expr.window;
  if (window.kind === "Missing") return internal("a history function without a window");
  // A duration window needs the clock even when the history is empty, so the outcome does not depend on the history's size.
  const now = env.state?.now;
  if (window.kind === "Duration" && (typeof now !== "number" || !Number.isFinite(now))) throw new Fault("a window needs `now`", "no time");
  const inWindow = (entry: HistoryEntry): boolean => window.kind === "Session" || (now as number) - entry.time < window.ms;
  const tools = env.checked.historyTools.get(expr) ?? internal("a history function without tools");
  const where = expr.where;
  const selected = (env.state?.history ?? []).filter(
    (entry) => tools.includes(entry.tool) && inWindow(entry) && (!where || evaluateCondition(where, { ...env, it: entry })),
  );
  if (expr.fn !== "sum") return expr.fn === "count" ? selected.length : selected.length > 0;
  const arg = expr.arg.text;
  return selected.reduce((total, entry) => total + (isPresent(entry.args, arg) && typeof entry.args[arg] === "number" ? entry.args[arg] : 0), 0);
}
