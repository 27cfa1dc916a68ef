// How symbols and built-ins read in hover and completion: a signature in an `apol` code block, then the doc comment.
import {
  builtinFunctions,
  builtinLabels,
  type Ast,
  type Symbols,
  nowFields,
  specialForms,
  spellToolName,
  toolFields,
  typeToString,
  type Checked,
  type ConstSymbol,
  type EnumSymbol,
  type FieldSymbol,
  type PathRoot,
  predicateSignature,
  type PredicateSymbol,
  type SymbolRef,
  type ToolSymbol,
  type Type,
} from "@apol/compiler";

/** A signature line and its documentation, rendered as Markdown by `toMarkdown`. */
export interface Description {
  /** The type or signature, shown as `detail` in completion. */
  readonly detail: string;
  /** Code shown in an `apol` block. */
  readonly code: string;
  /** Prose: the doc comment, or the built-in's documentation. */
  readonly doc?: string;
}

/** Hover and completion documentation: the code block, then the prose. */
export function toMarkdown(d: Description): string {
  return d.doc ? `\`\`\`apol\n${d.code}\n\`\`\`\n\n${d.doc}` : `\`\`\`apol\n${d.code}\n\`\`\``;
}

function fieldText(field: { name: string; optional: boolean; type: Type }): string {
  return `${field.name}${field.optional ? "?" : ""}: ${typeToString(field.type)}`;
}

/** `tool send_money(recipient: string, amount: number) tags financial tier 3 returns internal`. */
function toolSignature(tool: ToolSymbol): string {
  const params = [...tool.params.values()].map(fieldText).join(", ");
  const clauses = [
    tool.tags.length > 0 ? `tags ${tool.tags.join(", ")}` : "",
    tool.decl.clauses.some((c) => c.kind === "tier") ? `tier ${tool.tier}` : "",
    tool.returns !== undefined ? `returns ${tool.returns}` : "",
    tool.outputDeclared ? `output ${typeToString(tool.output)}` : "",
  ].filter((c) => c !== "");
  return [`tool ${spellToolName(tool.name)}(${params})`, ...clauses].join(" ");
}

export function describeTool(tool: ToolSymbol): Description {
  return { detail: toolSignature(tool), code: toolSignature(tool), ...doc(tool.decl.doc) };
}

/** An argument as the tools that declare it see it; `args.x` in a rule over several tools has one per tool. */
export function describeArgument(tools: readonly ToolSymbol[], name: string): Description | undefined {
  const params = tools.map((t) => t.params.get(name)).filter((p): p is FieldSymbol => p !== undefined);
  const first = params[0];
  if (!first) return undefined;
  const owners = tools.filter((t) => t.params.has(name)).map((t) => `\`${spellToolName(t.name)}\``);
  const docs = params.map((p) => p.decl.doc).filter((d): d is string => d !== undefined);
  const where = `argument of ${owners.join(", ")}`;
  return { detail: fieldText(first), code: `(argument) ${fieldText(first)}`, doc: [...new Set(docs), where].join("\n\n") };
}

function describeField(shape: string, path: readonly string[], field: { name: string; optional: boolean; type: Type }, fieldDoc?: string): Description {
  const code = `(field) ${[shape, ...path.slice(0, -1)].join(".")}.${fieldText(field)}`;
  return { detail: fieldText(field), code, ...doc(fieldDoc) };
}

export function describeEnum(e: EnumSymbol): Description {
  return { detail: `enum ${e.name}`, code: `enum ${e.name} { ${e.members.join(", ")} }`, ...doc(e.decl.doc) };
}

export function describeMember(enumName: string, member: string, enumDoc?: string): Description {
  return { detail: enumName, code: `(enum member) ${enumName}.${member}`, ...doc(enumDoc) };
}

/** `const finance: string[] = ["cfo", "controller"]`, the value as written. */
export function describeConst(c: ConstSymbol, text: string): Description {
  const value = text.slice(c.decl.value.span.start, c.decl.value.span.end).replace(/\s+/g, " ");
  const type = typeToString(c.type);
  return { detail: type, code: `const ${c.name}: ${type} = ${value}`, ...doc(c.decl.doc) };
}

/** A predicate: `def internal(address: string) -> bool`, then its doc comment. */
export function describePredicate(p: PredicateSymbol): Description {
  const signature = predicateSignature(p);
  return { detail: signature, code: `def ${signature}`, ...doc(p.decl.doc) };
}

/** A predicate's parameter, inside its body. */
export function describeParameter(p: PredicateSymbol, name: string): Description | undefined {
  const param = p.params.find((q) => q.name === name);
  if (!param) return undefined;
  const type = typeToString(param.type);
  return { detail: type, code: `(parameter) ${name}: ${type}`, doc: `a parameter of \`${p.name}\`` };
}

/** A rule: its effect, its targets as written and the tools they cover, and its reason. */
export function describeRule(checked: Checked, name: string, text: string): Description | undefined {
  const decl = checked.symbols.rules.get(name);
  if (!decl) return undefined;
  const effect = decl.effect;
  const targets = effect
    ? text
        .slice(effect.targets[0]?.span.start ?? effect.effectSpan.end, effect.targets[effect.targets.length - 1]?.span.end ?? effect.effectSpan.end)
        .replace(/\s+/g, " ")
    : "";
  const head = effect ? `${effect.effect} ${targets}`.trim() : "(no effect)";
  const covered = checked.rules.find((r) => r.decl === decl)?.tools ?? [];
  const reason = decl.clauses.find((c) => c.kind === "reason");
  const lines = [
    `covers ${covered.length > 0 ? covered.map((t) => `\`${t}\``).join(", ") : "no tool"}`,
    reason?.kind === "reason" ? `reason: "${reason.text.value}"` : "",
    decl.doc ?? "",
  ].filter((l) => l !== "");
  return { detail: head, code: `rule ${name} { ${head} }`, doc: lines.join("\n\n") };
}

export function describeTag(tag: string, tools: readonly ToolSymbol[]): Description {
  const tagged = tools.filter((t) => t.tags.includes(tag)).map((t) => `\`${spellToolName(t.name)}\``);
  return { detail: "tag", code: `(tag) ${tag}`, doc: `carried by ${tagged.length > 0 ? tagged.join(", ") : "no tool"}` };
}

/** A provenance label: the tools whose output carries it. */
export function describeLabel(label: string, symbols: Symbols): Description {
  const returning = [...symbols.tools.values()].filter((t) => t.returns === label).map((t) => `\`${spellToolName(t.name)}\``);
  const lines = [
    builtinLabels.includes(label) ? "built in: `tainted(x)` means `from(x, untrusted)`" : "",
    returning.length > 0 ? `returned by ${returning.join(", ")}` : "no tool returns it",
  ].filter((l) => l !== "");
  return { detail: "label", code: `(label) ${label}`, doc: lines.join("\n\n") };
}

/** A test: its doc comment, then what it does, call by call: `calls \`buy\`, then expects \`allow\` by \`cheap\``. */
export function describeTest(test: Ast.TestDecl): Description {
  const steps = test.statements.flatMap((s) => {
    if (s.kind === "call") return [`calls \`${spellToolName(s.call.tool.text)}\``];
    if (s.kind === "expect") return [`expects \`${s.effect.text}\`${s.rule ? ` by \`${s.rule.text}\`` : ""}`];
    if (s.kind === "expectOutput") return ["expects an output"];
    if (s.kind === "approve") return [`approves as ${s.approvers.map((a) => `"${a.value}"`).join(", ")}`];
    return [];
  });
  const summary = steps.length > 0 ? steps.join(", then ") : "no call yet";
  const code = `test ${JSON.stringify(test.title.value)}`;
  return { detail: code, code, doc: test.doc === undefined ? summary : `${test.doc}\n\n${summary}` };
}

export function describeVariable(name: string, type: Type | undefined): Description {
  const shown = type ? typeToString(type) : "unknown";
  return { detail: shown, code: `(variable) ${name}: ${shown}` };
}

/** A built-in function, a history function or a quantifier, by name. */
export function describeBuiltin(name: string): Description | undefined {
  const fn = builtinFunctions.get(name);
  if (fn) return { detail: fn.signature, code: fn.signature, doc: fn.doc };
  const form = specialForms.get(name);
  if (form) return { detail: form.signature, code: form.signature, doc: form.doc };
  return undefined;
}

/** A field of `now` or `tool`. */
export function describeBuiltinField(head: "now" | "tool", field: string): Description | undefined {
  const entry = (head === "now" ? nowFields : toolFields).get(field);
  if (!entry) return undefined;
  const type = typeToString(entry.type);
  return { detail: type, code: `(field) ${head}.${field}: ${type}`, doc: entry.doc };
}

/** Typed by the compiler's list of roots, so a new root does not compile until it is described here. */
const rootDocs: Readonly<Record<PathRoot, string>> = {
  args: "The arguments of the call: `args.NAME` is an argument that every tool the rule targets declares.",
  user: "The user the agent acts for, as the `user { ... }` declaration shapes it.",
  agent: "The agent making the call, as the `agent { ... }` declaration shapes it.",
  context: "The request's context, as the `context { ... }` declaration shapes it.",
  resource: "The resource the call acts on, as the `resource { ... }` declaration shapes it.",
  tool: "The called tool: `tool.name` and `tool.tier`.",
  now: "The request's timestamp in the policy's time zone: `now.hour`, `now.minute`, `now.weekday`.",
  it: "Inside a history function's `where`: the earlier call (`it.args.NAME`, `it.tool.name`, `it.output`).",
};

/** A path root (`args`, `user`, `now`, ...), with its type where it is known (a declared shape). */
export function describeRoot(root: string, type?: Type): Description | undefined {
  const doc = (rootDocs as Readonly<Record<string, string>>)[root];
  if (doc === undefined) return undefined;
  const shown = type && type.kind !== "error" ? typeToString(type) : root;
  return { detail: shown, code: type && type.kind !== "error" ? `${root}: ${shown}` : root, doc };
}

/** What a reference's target is, from the checker's symbols; `text` is the analyzed source. */
export function describeSymbol(checked: Checked, target: SymbolRef, text: string, variableType?: Type): Description | undefined {
  const symbols = checked.symbols;
  switch (target.kind) {
    case "tool": {
      const tool = symbols.tools.get(target.name);
      return tool ? describeTool(tool) : undefined;
    }
    case "argument": {
      const tool = symbols.tools.get(target.tool);
      return tool ? describeArgument([tool], target.name) : undefined;
    }
    case "field":
      return describeShapeField(symbols, target.shape, target.path);
    case "enum": {
      const e = symbols.enums.get(target.name);
      return e ? describeEnum(e) : undefined;
    }
    case "member":
      return describeMember(target.enum, target.name, symbols.enums.get(target.enum)?.decl.doc);
    case "const": {
      const c = symbols.consts.get(target.name);
      return c ? describeConst(c, text) : undefined;
    }
    case "rule":
      return describeRule(checked, target.name, text);
    case "predicate": {
      const p = symbols.predicates.get(target.name);
      return p ? describePredicate(p) : undefined;
    }
    case "parameter": {
      const p = symbols.predicates.get(target.predicate);
      return p ? describeParameter(p, target.name) : undefined;
    }
    case "tag":
      return describeTag(target.name, [...symbols.tools.values()]);
    case "variable":
      return describeVariable(target.name, variableType);
  }
}

/** A field of a declared shape, nested paths walking record types. */
export function describeShapeField(symbols: Symbols, shape: Ast.ShapeKind, path: readonly string[]): Description | undefined {
  const symbol = symbols.shapes.get(shape);
  const [first, ...rest] = path;
  const top = first === undefined ? undefined : symbol?.fields.get(first);
  if (!top) return undefined;
  let field: { name: string; optional: boolean; type: Type } = top;
  for (const name of rest) {
    const inner = field.type.kind === "record" ? field.type.fields.get(name) : undefined;
    if (!inner) return undefined;
    field = { name, ...inner };
  }
  return describeField(shape, path, field, rest.length === 0 ? top.decl.doc : undefined);
}

function doc(text: string | undefined): { doc?: string } {
  return text === undefined ? {} : { doc: text };
}
