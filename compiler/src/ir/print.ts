// A stable, human-readable dump of the decision tree, for `apol debug stages --stage` and golden tests.
import type { SchemaType } from "@apol/runtime";
import { LineIndex, type Span } from "../source/span.js";
import type { DecisionTree, IrExpr, Literal } from "./decision-tree.js";

function literal(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function schema(type: SchemaType): string {
  if (typeof type === "string") return type;
  if ("enum" in type) return type.name;
  if ("union" in type) return type.union.map(schema).join(" | ");
  if ("list" in type) return typeof type.list === "object" && "union" in type.list ? `(${schema(type.list)})[]` : `${schema(type.list)}[]`;
  return `{ ${Object.entries(type.record)
    .map(([k, f]) => `${k}${f.optional ? "?" : ""}: ${schema(f.type)}`)
    .join(", ")} }`;
}

function window(ms: number): string {
  return ms === Infinity ? "session" : `${ms}ms`;
}

const infix: Readonly<Record<string, string>> = {
  and: "and",
  or: "or",
  eq: "==",
  ne: "!=",
  lt: "<",
  le: "<=",
  gt: ">",
  ge: ">=",
  add: "+",
  sub: "-",
  mul: "*",
  div: "/",
};

/** An IR expression in a fully parenthesised, apol-like notation. */
export function printExpr(expr: IrExpr): string {
  const p = printExpr;
  const path = (head: string, fields: readonly string[]): string => [head, ...fields].join(".");
  switch (expr.op) {
    case "lit":
      return literal(expr.value);
    case "list":
      return `[${expr.items.map(p).join(", ")}]`;
    case "arg":
      return expr.name === "" ? "args" : `${path(`args.${expr.name}`, expr.path)}${expr.optional ? "?" : ""}`;
    case "part": {
      const [first, ...rest] = expr.path;
      return `${path(first === undefined ? expr.part : `${expr.part}.${first}`, [])}:${schema(expr.type)}${rest.map((f) => `.${f}`).join("")}`;
    }
    case "now":
      return `now.${expr.field}`;
    case "var":
      return path(expr.name, expr.path);
    case "it":
      return path(`it.${expr.part}`, expr.path);
    case "it-tool":
      return `it.tool.${expr.field}`;
    case "not":
      return `(not ${p(expr.operand)})`;
    case "neg":
      return `(-${p(expr.operand)})`;
    case "and":
    case "or":
    case "eq":
    case "ne":
    case "lt":
    case "le":
    case "gt":
    case "ge":
    case "add":
    case "sub":
    case "mul":
    case "div":
      return `(${p(expr.left)} ${infix[expr.op]}${(expr.op === "eq" || expr.op === "ne") && !expr.strict ? "~" : ""} ${p(expr.right)})`;
    case "in":
      return `(${p(expr.item)} ${expr.negate ? "not in" : "in"} ${p(expr.list)})`;
    case "in-set":
      return `(${p(expr.item)} ${expr.negate ? "not in" : "in"} set${literal(expr.values)})`;
    case "like":
    case "matches":
      return `(${p(expr.subject)} ${expr.op} ${JSON.stringify(expr.pattern)})`;
    case "startsWith":
    case "endsWith":
      return `(${p(expr.subject)} ${expr.op} ${p(expr.other)})`;
    case "contains":
      return `(${p(expr.subject)} contains${expr.kind === "list" ? "[]" : expr.kind === "json" ? "?" : ""} ${p(expr.other)})`;
    case "call":
      return `${expr.fn}(${expr.args.map(p).join(", ")})`;
    case "has":
      return `has(${expr.root === "var" ? expr.variable : expr.root}${expr.path.map((f) => `.${f}`).join("")})`;
    case "from":
      return expr.relation === "tainted"
        ? `tainted(${p(expr.value)}${expr.arg === null ? "" : ` @${expr.arg}`})`
        : `from(${p(expr.value)}, ${expr.label}${expr.arg === null ? "" : ` @${expr.arg}`})`;
    case "exposed":
      return `exposed(${expr.label})`;
    case "any":
    case "all":
      return `${expr.op}(${expr.variable} in ${p(expr.list)}: ${p(expr.body)})`;
    case "count":
    case "seen":
      return `${expr.op}({${expr.tools.join(", ")}}${expr.where ? ` where ${p(expr.where)}` : ""}, ${window(expr.windowMs)})`;
    case "sum":
      return `sum(${expr.tool}.${expr.arg}${expr.where ? ` where ${p(expr.where)}` : ""}, ${window(expr.windowMs)})`;
    case "as":
      return `${p(expr.operand)} as ${expr.type}`;
    case "is":
      return `(${p(expr.operand)} is ${schema(expr.type)})`;
    case "hoisted":
      return `h${expr.index}`;
  }
}

/** A redaction path as written: `output.accounts[*].iban`. */
function path(root: string, steps: readonly string[]): string {
  return [root, ...steps].join(".").replaceAll(".[*]", "[*]");
}

/** The whole tree: the rule table, then each tool with its checks in decision order, then its `redact` checks, with their origins. */
export function printTree(tree: DecisionTree, text: string): string {
  const lines = new LineIndex(text);
  const at = (span: Span): string => {
    const start = lines.position(span.start);
    const end = lines.position(span.end);
    return `${start.line}:${start.column}-${end.line}:${end.column}`;
  };
  const out = [`policy ${tree.policy} timezone ${tree.timezone}`, "rules"];
  tree.rules.forEach((rule, i) => {
    const approvals = rule.approvals ? ` approvals ${rule.approvals.required} of ${literal([...rule.approvals.from])}` : "";
    const paths = rule.paths && rule.paths.length > 0 ? ` paths ${rule.paths.map((p) => path("output", p)).join(", ")}` : "";
    const masks = rule.argPaths ? ` masks ${rule.argPaths.map((p) => path("args", p)).join(", ")}` : "";
    out.push(`  #${i} ${rule.effect} ${rule.name} @${at(rule.span)} reason ${JSON.stringify(rule.reason)}${approvals}${paths}${masks}`);
  });
  for (const tool of tree.tools) {
    out.push(`tool ${tool.name} tier ${tool.tier}(${tool.params.map((p) => `${p.name}${p.field.optional ? "?" : ""}: ${schema(p.field.type)}`).join(", ")})`);
    tool.hoisted.forEach((expr, i) => out.push(`  h${i} = ${printExpr(expr)}`));
    for (const check of tool.checks) {
      const fault = check.canFault ? ` on fault ${check.effect === "deny" ? "match" : "skip"}` : "";
      out.push(`  ${check.effect} #${check.rule} ${check.origin.rule} @${at(check.condition.origin)}${fault}`);
      out.push(`    if ${printExpr(check.condition)}`);
    }
    out.push(`  else deny $default`);
    for (const check of tool.redactions) {
      out.push(`  redact #${check.rule} ${check.origin.rule} @${at(check.condition.origin)}${check.canFault ? " on fault match" : ""}`);
      out.push(`    if ${printExpr(check.condition)}`);
    }
  }
  return out.join("\n") + "\n";
}
