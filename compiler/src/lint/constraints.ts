// The comparison fragment lints reason about: a conjunction of comparisons of paths with constants, as a set of values per path (intervals over numbers, finite sets over strings, symbols and booleans, string patterns).
import type * as ast from "../ast/ast.js";
import type { Checked } from "../check/check.js";
import { constantValue } from "../check/constant-value.js";
import type { ConstValue } from "../check/symbols.js";
import { acceptsAll, disjoint, implies, stringTest, type Pattern, type StringOp } from "./string-patterns.js";

/** A literal a path is compared with: enum symbols and string consts are strings. */
type Scalar = string | number | boolean;

/**
 * The values a path may take. Numbers: an interval with its end points' strictness,
 * less some excluded points. Everything else: a finite set of allowed values (or
 * any value, when `allowed` is undefined), less the excluded ones; strings must
 * also pass every pattern.
 */
export interface Domain {
  readonly lo: number;
  readonly loStrict: boolean;
  readonly hi: number;
  readonly hiStrict: boolean;
  readonly allowed?: ReadonlySet<Scalar>;
  readonly excluded: ReadonlySet<Scalar>;
  readonly patterns: readonly Pattern[];
}

const anything: Domain = { lo: -Infinity, loStrict: false, hi: Infinity, hiStrict: false, excluded: new Set(), patterns: [] };

/** One understood comparison: the path it constrains (a stable key), and the values it lets through. */
interface Atom {
  readonly key: string;
  /** The path expression, for fault analysis. */
  readonly path: ast.PathExpr;
  readonly domain: Domain;
}

/** A conjunct of a condition: an understood comparison, one that can never hold, or anything else. */
export type Conjunct = { readonly kind: "atom"; readonly atom: Atom } | { readonly kind: "false" } | { readonly kind: "other"; readonly expr: ast.Expr };

/** The conjuncts of `expr`: `a and (b and c)` gives `a`, `b`, `c`. */
export function conjuncts(expr: ast.Expr, checked: Checked): Conjunct[] {
  if (expr.kind === "Binary" && expr.op === "and") return [...conjuncts(expr.left, checked), ...conjuncts(expr.right, checked)];
  return [classify(expr, checked)];
}

/**
 * The key of a path whose value is the same wherever it appears in one decision, or
 * undefined (variables, consts). `it.args...` is the same within one `where`, the only
 * place it appears: a `where` is never a conjunct of a rule's condition, so its keys
 * never meet the rule's.
 */
function pathKey(path: ast.PathExpr, checked: Checked): string | undefined {
  const meaning = checked.meanings.get(path);
  if (meaning === undefined) return undefined;
  switch (meaning.kind) {
    case "args":
      return meaning.fields.length === 0 ? undefined : `args.${meaning.fields.join(".")}`;
    case "it-args":
      return meaning.fields.length === 0 ? undefined : `it.args.${meaning.fields.join(".")}`;
    case "shape":
      return meaning.fields.length === 0 ? undefined : `${meaning.shape}.${meaning.fields.join(".")}`;
    case "now":
      return `now.${meaning.field}`;
    default:
      return undefined;
  }
}

function scalar(value: ConstValue | undefined): Scalar | undefined {
  if (value === undefined || Array.isArray(value)) return undefined;
  if (typeof value === "object") return (value as { enumMember: string }).enumMember;
  return value;
}

function scalars(value: ConstValue | undefined): Scalar[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const items = (value as readonly ConstValue[]).map((v) => scalar(v));
  return items.every((i) => i !== undefined) ? items : undefined;
}

const flipped: Readonly<Record<ast.CompareOp, ast.CompareOp>> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

const stringOps: ReadonlySet<string> = new Set<StringOp>(["like", "matches", "startsWith", "endsWith"]);

function classify(expr: ast.Expr, checked: Checked): Conjunct {
  const other: Conjunct = { kind: "other", expr };
  if (expr.kind !== "Binary") return other;
  // `x in []` holds for no x.
  if (expr.op === "in" && expr.right.kind === "List" && expr.right.items.length === 0) return { kind: "false" };
  const atom = (path: ast.PathExpr, domain: Domain): Conjunct => {
    const key = pathKey(path, checked);
    return key === undefined ? other : { kind: "atom", atom: { key, path, domain } };
  };
  if (stringOps.has(expr.op)) {
    // The checker has made the left side a string: declared arguments and fields are never `json`.
    const text = constantValue(expr.right, checked);
    if (expr.left.kind !== "Path" || typeof text !== "string") return other;
    const test = stringTest(expr.op as StringOp, text);
    return atom(expr.left, test.kind === "exact" ? { ...anything, allowed: new Set([test.value]) } : { ...anything, patterns: [test.pattern] });
  }
  if (expr.op === "in" || expr.op === "not in") {
    const values = scalars(constantValue(expr.right, checked));
    if (expr.left.kind !== "Path" || values === undefined) return other;
    return atom(expr.left, expr.op === "in" ? { ...anything, allowed: new Set(values) } : { ...anything, excluded: new Set(values) });
  }
  if (!(expr.op in flipped)) return other;
  let op = expr.op as ast.CompareOp;
  let path: ast.Expr = expr.left;
  let value = scalar(constantValue(expr.right, checked));
  if (path.kind !== "Path" || value === undefined) {
    path = expr.right;
    value = scalar(constantValue(expr.left, checked));
    op = flipped[op];
  }
  if (path.kind !== "Path" || value === undefined) return other;
  if (op === "==") return atom(path, typeof value === "number" ? { ...anything, lo: value, hi: value } : { ...anything, allowed: new Set([value]) });
  if (op === "!=") return atom(path, { ...anything, excluded: new Set([value]) });
  if (typeof value !== "number") return other;
  if (op === "<" || op === "<=") return atom(path, { ...anything, hi: value, hiStrict: op === "<" });
  return atom(path, { ...anything, lo: value, loStrict: op === ">" });
}

/** The values both domains let through. */
export function intersect(a: Domain, b: Domain): Domain {
  const lo = a.lo > b.lo || (a.lo === b.lo && a.loStrict) ? { lo: a.lo, loStrict: a.loStrict } : { lo: b.lo, loStrict: b.loStrict };
  const hi = a.hi < b.hi || (a.hi === b.hi && a.hiStrict) ? { hi: a.hi, hiStrict: a.hiStrict } : { hi: b.hi, hiStrict: b.hiStrict };
  const allowed = a.allowed === undefined ? b.allowed : b.allowed === undefined ? a.allowed : new Set([...a.allowed].filter((v) => b.allowed!.has(v)));
  return {
    ...lo,
    ...hi,
    ...(allowed === undefined ? {} : { allowed }),
    excluded: new Set([...a.excluded, ...b.excluded]),
    patterns: [...a.patterns, ...b.patterns],
  };
}

/**
 * Whether no value lies in the domain. Numbers are taken as reals, so `x > 1 and
 * x < 2` is satisfiable even for an `int` (saying nothing is the sound choice).
 * Without a finite set, patterns make it empty only when two of them are disjoint.
 */
export function isEmpty(d: Domain): boolean {
  // A set of non-numbers says nothing about the interval, and the other way round: one of them must be unconstrained.
  if (d.allowed !== undefined) return ![...d.allowed].some((v) => admits(d, v));
  if (d.patterns.some((a, i) => d.patterns.slice(i + 1).some((b) => disjoint(a, b)))) return true;
  if (d.lo > d.hi) return true;
  if (d.lo === d.hi) return d.loStrict || d.hiStrict || d.excluded.has(d.lo);
  return false;
}

function within(d: Domain, v: number): boolean {
  return (d.lo < v || (d.lo === v && !d.loStrict)) && (v < d.hi || (v === d.hi && !d.hiStrict));
}

/** Whether the value lies in the domain, decided exactly. */
function admits(d: Domain, v: Scalar): boolean {
  if (d.allowed !== undefined && !d.allowed.has(v)) return false;
  if (d.excluded.has(v)) return false;
  if (typeof v === "number") return within(d, v);
  return typeof v !== "string" || d.patterns.every((p) => p.test(v));
}

/** Whether every value of `inner` (assumed non-empty) lies in `outer`. */
export function contains(outer: Domain, inner: Domain): boolean {
  if (inner.allowed !== undefined) return [...inner.allowed].every((v) => !admits(inner, v) || admits(outer, v));
  if (outer.allowed !== undefined) return false;
  const loOk = outer.lo < inner.lo || (outer.lo === inner.lo && (!outer.loStrict || inner.loStrict));
  const hiOk = inner.hi < outer.hi || (outer.hi === inner.hi && (!outer.hiStrict || inner.hiStrict));
  // A value `outer` excludes must not lie in `inner`; a pattern of `outer` must follow from one of `inner`'s.
  return (
    loOk &&
    hiOk &&
    [...outer.excluded].every((v) => !admits(inner, v)) &&
    outer.patterns.every((o) => acceptsAll(o) || inner.patterns.some((i) => implies(i, o)))
  );
}

/** The domain of each path over a conjunction's atoms. */
export function domains(parts: readonly Conjunct[]): Map<string, Domain> {
  const byKey = new Map<string, Domain>();
  for (const part of parts) {
    if (part.kind !== "atom") continue;
    const { key, domain } = part.atom;
    byKey.set(key, intersect(byKey.get(key) ?? anything, domain));
  }
  return byKey;
}

/** The full domain: what a path not mentioned by a conjunction may take. */
export const unconstrained: Domain = anything;
