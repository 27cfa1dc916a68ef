// The `emit` stage: the decision tree becomes one ES module whose `evaluate` dispatches on the tool through a Map.
import { createHash } from "node:crypto";
import type { RuleInfo, ToolSchema } from "@apol/runtime";
import type { DecisionTree, RuleCheck, ToolNode } from "../ir/decision-tree.js";
import { stateNeeds } from "../ir/needs.js";
import { defaultReason, defaultReasons } from "../ir/lower.js";
import { LineIndex } from "../source/span.js";
import { emitDeclarations } from "./dts.js";
import { Constants, ToolSlots } from "./constants.js";
import { emitExpr, type ExprContext } from "./expressions.js";
import { jsString, jsValue } from "./literals.js";
import { directRead, directReadIsOwn, readHelpers } from "./reads.js";
import { emitValidation } from "./validate.js";

/** Options of the emitter. */
export interface EmitOptions {
  /** Where generated code imports its helpers from. */
  readonly runtimeImport?: string;
}

/** The generated files. */
export interface Emitted {
  readonly js: string;
  readonly dts: string;
  readonly policyHash: string;
}

/** The version stamped into generated headers. */
const compilerVersion = "0.1.0";

/** `sha256:` + hex digest of the policy source: decisions and logs name the exact policy text. */
function policyHash(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/**
 * The rule table the module exports (name, effect, reason and location of every rule, and the paths of `redact`
 * rules), as calls of the module's `rule(name, effect, line, column, reason?, extra?)`: a reason that is the
 * default one and the file, the same for every rule, are left for `rule` to fill in, which keeps large policies' modules small.
 */
function ruleTable(tree: DecisionTree, lines: LineIndex): string {
  const calls = tree.rules.map((rule) => {
    const at = lines.position(rule.span.start);
    const extra: Partial<RuleInfo> = {
      ...(rule.approvals ? { approvals: rule.approvals } : {}),
      ...(rule.expiresInMs !== undefined ? { expiresInMs: rule.expiresInMs } : {}),
      ...(rule.paths ? { paths: rule.paths } : {}),
      ...(rule.argPaths ? { argPaths: rule.argPaths } : {}),
    };
    const args = [jsString(rule.name), jsString(rule.effect), String(at.line), String(at.column)];
    const hasExtra = Object.keys(extra).length > 0;
    if (rule.reason !== defaultReason(rule.effect, rule.name) || hasExtra)
      args.push(rule.reason === defaultReason(rule.effect, rule.name) ? "undefined" : jsString(rule.reason));
    if (hasExtra) args.push(jsValue(extra));
    return `rule(${args.join(", ")})`;
  });
  return `[\n  ${calls.join(",\n  ")},\n]`;
}

/** The `tools` export: each tool's schema, deep-frozen, one shared object for tools whose schemas are alike. */
function toolSchemas(tree: DecisionTree, constants: Constants): string {
  const entries = tree.tools.map((tool) => {
    const returns = tree.toolReturns.get(tool.name);
    const schema: ToolSchema = {
      params: Object.fromEntries(tool.params.map((p) => [p.name, p.field])),
      tags: tree.toolTags.get(tool.name) ?? [],
      tier: tool.tier,
      ...(returns !== undefined ? { returns } : {}),
    };
    return `${jsString(tool.name)}: ${constants.get("SCHEMA", `frozen(${jsValue(schema)})`)}`;
  });
  return `Object.freeze({ ${entries.join(", ")} })`;
}

/**
 * Emits one rule check: a plain `if` when the condition cannot fault, else a `try` whose fault value depends on the
 * effect; `onDenyFault` is what a deny rule's fault runs (it matches, and the decision says why).
 * (No comment names the rule: the text must be the same for every tool whose rules have this shape.)
 */
function emitCheck(check: RuleCheck, condition: string, onMatch: string, onDenyFault: string): string[] {
  if (!check.canFault) return [`  if (${condition}) ${onMatch}`];
  // INVARIANT (fail-closed): a fault matches a deny rule and no other, so failure never widens access.
  const onFault = check.effect === "deny" ? `(e) { ${onDenyFault} }` : "{ m = false; }";
  return [`  try { m = ${condition}; } catch ${onFault}`, `  if (m) ${onMatch}`];
}

/**
 * A tool's code, spelt once for both of its functions: the hoisted values' lines, and each check's condition (by its
 * index), emitted when first asked for, so the table's slots are numbered in the order the fast path reads them.
 */
class ToolCode {
  readonly hoisted: readonly string[];
  private readonly conditions: string[] = [];

  constructor(
    private readonly tool: ToolNode,
    private readonly ctx: ExprContext,
  ) {
    this.hoisted = tool.hoisted.map((expr, i) => `  const h${i} = ${emitExpr(expr, ctx)};`);
  }

  condition(index: number): string {
    return (this.conditions[index] ??= emitExpr((this.tool.checks[index] as RuleCheck).condition, this.ctx));
  }
}

/** The fast path of a tool with table `k`: checks in decision order, returning at the first match. */
function emitFast(tool: ToolNode, code: ToolCode, slots: ToolSlots): string {
  const lines = ["function (r, s, a, k) {", ...code.hoisted];
  if (tool.checks.some((c) => c.canFault)) lines.push("  let m;");
  for (const [index, check] of tool.checks.entries()) {
    const rule = slots.slot(String(check.rule));
    const onMatch = `return ${slots.slot(`O[${check.rule}]`)};`;
    lines.push(...emitCheck(check, code.condition(index), onMatch, `return { effect: "deny", rule: ${rule}, fault: ops.faultKind(e) };`));
    // DEAD BRANCH: after a check that always matches, nothing else can decide.
    if (check.condition.op === "lit" && check.condition.value === true) break;
  }
  lines.push(`  return ${ToolSlots.fallback};`, "}");
  return lines.join("\n");
}

/** The explaining path of a tool with table `k`: every check, collecting the matched rule indexes in source order and, in `f`, the deny rules that matched by a fault. */
function emitExplain(tool: ToolNode, code: ToolCode, slots: ToolSlots): string {
  const lines = ["function (r, s, a, k, f) {", "  const matched = [];", ...code.hoisted];
  if (tool.checks.some((c) => c.canFault)) lines.push("  let m;");
  for (const [index, check] of tool.checks.entries()) {
    const rule = slots.slot(String(check.rule));
    lines.push(...emitCheck(check, code.condition(index), `matched.push(${rule});`, `m = true; f.set(${rule}, ops.faultKind(e));`));
  }
  lines.push("  return matched.sort((x, y) => x - y);", "}");
  return lines.join("\n");
}

/** The redaction path: every `redact` rule of the tool, collecting the indexes of those that apply. */
function emitRedactions(tool: ToolNode, fn: string, ctx: ExprContext): string {
  const lines = [`function ${fn}(r, s, a) {`, "  const matched = [];"];
  for (const check of tool.redactions) {
    const condition = emitExpr(check.condition, ctx);
    lines.push(`  // redact ${check.origin.rule}`);
    // INVARIANT (redact-fail-safe): a fault applies the redaction, so failure never shows a field.
    if (check.canFault) lines.push(`  try { if (${condition}) matched.push(${check.rule}); } catch { matched.push(${check.rule}); }`);
    else lines.push(`  if (${condition}) matched.push(${check.rule});`);
  }
  lines.push("  return matched;", "}");
  return lines.join("\n");
}

/** Emits the module for a decision tree compiled from `text` in `file`. */
export function emit(tree: DecisionTree, text: string, file: string, options: EmitOptions = {}): { output: Emitted; diagnostics: [] } {
  const hash = policyHash(text);
  const constants = new Constants();
  const tiers = constants.get("TIERS", `new Map(${jsValue(tree.tools.map((t) => [t.name, t.tier]))})`);
  const ctx: ExprContext = { constants, timezone: tree.timezone, tiers };
  const tools = toolSchemas(tree, constants);
  const functions: string[] = [];
  const entries: string[] = [];
  tree.tools.forEach((tool, i) => {
    // Tools whose rules have the same shape share their decision functions: what differs is in each tool's table.
    // The table's first slots are the entry's (`ToolSlots.entry`), which `entry` fills in.
    const slots = new ToolSlots(constants);
    const shared: ExprContext = { ...ctx, constants: slots, literal: (value) => slots.slot(jsValue(value)) };
    const code = new ToolCode(tool, shared);
    const fast = constants.get("F", emitFast(tool, code, slots));
    const explain = constants.get("X", emitExplain(tool, code, slots));
    // A tool without `redact` rules gets no redaction function: `redactions` stops at `ra === NONE`.
    const redacts = tool.redactRules.length > 0;
    if (redacts) functions.push(emitRedactions(tool, `r${i}`, ctx));
    const redaction = redacts ? `, r${i}, Object.freeze(${jsValue(tool.redactRules)})` : "";
    entries.push(`  entry(${jsString(tool.name)}, ${emitValidation(tool, constants)}, ${fast}, ${explain}, ${slots.table()}${redaction}),`);
  });
  const js = [
    `// Generated by apol ${compilerVersion} from ${file.replace(/[\r\n\u2028\u2029]/g, " ")}. Do not edit: change the policy and recompile.`,
    `import * as ops from ${jsString(options.runtimeImport ?? "@apol/runtime/ops")};`,
    "",
    `export const policy = ${jsString(tree.policy)};`,
    `export const policyHash = ${jsString(hash)};`,
    `export const timezone = ${jsString(tree.timezone)};`,
    "/** Freezes a value of the tables below and everything in it. */",
    "function frozen(value) {",
    '  if (typeof value === "object" && value !== null) for (const key of Object.keys(value)) frozen(value[key]);',
    "  return Object.freeze(value);",
    "}",
    `const FILE = ${jsString(file)};`,
    `const DEFAULT_REASONS = ${jsValue(defaultReasons)};`,
    "/** One entry of `rules`: a rule without its own reason has the default one. */",
    "function rule(name, effect, line, column, reason, extra) {",
    '  return frozen({ name, effect, reason: reason ?? DEFAULT_REASONS[effect] + " `" + name + "`", file: FILE, line, column, ...extra });',
    "}",
    "",
    ...readHelpers,
    "const EMPTY = Object.freeze({});",
    "// Thrown (preallocated: no stack trace per fault) when a request field a rule reads is missing or mistyped.",
    'const FAULT = new ops.Fault("a field a rule reads is missing or of the wrong type");',
    'const BAD_REQUEST = Object.freeze({ effect: "deny", rule: "$invalid-request", reason: "request must be an object with a string `tool`" });',
    'const BAD_ARGS = Object.freeze({ effect: "deny", rule: "$invalid-request", reason: "`args` must be an object" });',
    `const EFFECTS = ${jsValue(tree.rules.map((r) => r.effect))};`,
    "const NONE = Object.freeze([]);",
    "// The outcome of each rule that decides calls, by index (`redact` rules decide none).",
    'const O = EFFECTS.map((effect, index) => (effect === "redact" ? undefined : Object.freeze({ effect, rule: index })));',
    ...constants.declarations(),
    "",
    `export const tools = ${tools};`,
    `export const rules = Object.freeze(${ruleTable(tree, new LineIndex(text))});`,
    "// The session state the rules read: the store keeps only this.",
    `export const needs = Object.freeze(${jsValue(stateNeeds(tree))});`,
    "",
    ...functions,
    "",
    "/** A tool's dispatch entry: its table `k`, whose first slots hold its default outcome, validator, decision, explain and redaction functions, and `redact` rules, then the values `t` its functions read. */",
    "function entry(name, v, f, x, t, r = null, ra = NONE) {",
    '  const d = Object.freeze({ effect: "deny", rule: "$default", reason: "no rule allows `" + name + "`" });',
    "  return [name, [d, v, f, x, r, ra, ...t]];",
    "}",
    "",
    "// Tool dispatch is a hash lookup: a switch on the name would be linear in the number of tools.",
    "const DISPATCH = new Map([",
    ...entries,
    "]);",
    "",
    "/** The first deny, else review, else allow among matched rule indexes (source order), else the tool's default; with the fault that made it match. */",
    "function pick(matched, fallback, faults) {",
    '  for (const effect of ["deny", "review", "allow"]) for (const i of matched) if (EFFECTS[i] === effect) {',
    "    const fault = faults.get(i);",
    "    return fault === undefined ? { effect, rule: i, matched } : { effect, rule: i, matched, fault };",
    "  }",
    "  return { ...fallback, matched };",
    "}",
    "",
    "/** Decides one request; never throws. */",
    "export function evaluate(request, state, explain) {",
    "  try {",
    '    if (typeof request !== "object" || request === null) return BAD_REQUEST;',
    "    // A plain request is read directly (an array's prototype is not `Object.prototype`), any other again through `own`:",
    "    // the direct read comes first, so the test after it folds (see `ownRead` in the compiler).",
    `    let name = ${directRead("request", "tool")};`,
    `    const direct = ${directReadIsOwn("request", "tool")} && !("args" in OP);`,
    "    if (!direct) {",
    "      if (Array.isArray(request)) return BAD_REQUEST;",
    '      name = own(request, "tool");',
    "    }",
    '    if (typeof name !== "string") return BAD_REQUEST;',
    "    const k = DISPATCH.get(name);",
    '    if (k === undefined) return { effect: "deny", rule: "$unknown-tool", reason: "unknown tool `" + name + "`" };',
    '    let a = direct ? request.args : own(request, "args");',
    "    if (a === undefined) a = EMPTY;",
    '    else if (typeof a !== "object" || a === null || Array.isArray(a)) return BAD_ARGS;',
    "    const problem = k[1](a);",
    '    if (problem !== undefined) return { effect: "deny", rule: "$invalid-request", reason: problem };',
    "    if (!explain) return k[2](request, state, a, k);",
    "    const faults = new Map();",
    "    return pick(k[3](request, state, a, k, faults), k[0], faults);",
    "  } catch (error) {",
    '    return { effect: "deny", rule: "$error", reason: "evaluation failed: " + (error instanceof Error ? error.message : "unknown error") };',
    "  }",
    "}",
    "",
    "/** The indexes of the `redact` rules that apply to a request, in source order; never throws. */",
    "export function redactions(request, state) {",
    '  if (typeof request !== "object" || request === null || Array.isArray(request)) return NONE;',
    '  const k = DISPATCH.get(own(request, "tool"));',
    "  if (k === undefined || k[5] === NONE) return NONE;",
    '  let a = own(request, "args");',
    "  if (a === undefined) a = EMPTY;",
    "  // INVARIANT (redact-fail-safe): rules cannot be evaluated on arguments that do not fit, so all of the tool's apply.",
    '  if (typeof a !== "object" || a === null || Array.isArray(a) || k[1](a) !== undefined) return k[5];',
    "  try {",
    "    return k[4](request, state, a);",
    "  } catch {",
    "    return k[5];",
    "  }",
    "}",
    "",
    "/** Replaces the fields the applying `redact` rules' `output.` paths name in a tool's output; the output itself is not modified. */",
    "export function redact(request, state, output) {",
    "  return ops.redactPaths(output, redactions(request, state).flatMap((i) => rules[i].paths));",
    "}",
    "",
  ].join("\n");
  return { output: { js, dts: emitDeclarations(tree), policyHash: hash }, diagnostics: [] };
}
