// The `resolve` stage: collects every declaration into a symbol table and reports problems with the declarations themselves.
import type * as ast from "../ast/ast.js";
import { scalarValue } from "../ast/scalar.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { point } from "../source/span.js";
import type { ConstSymbol, ConstValue, EnumSymbol, FieldSymbol, ParamSymbol, PredicateSymbol, Reference, ShapeSymbol, Symbols, ToolSymbol } from "./symbols.js";
import { builtinFunctions } from "./builtins.js";
import { assignable, boolType, errorType, intType, join, jsonType, listOf, neverType, numberType, stringType, typeToString, type Type } from "./types.js";
import { didYouMean } from "./hints.js";
import { toolNameProblem, writtenToolName } from "../syntax/tool-names.js";

/** The resolve stage's output: the AST it read, its symbols, and the declarations' own references. */
export interface Resolved {
  readonly ast: ast.Policy;
  readonly symbols: Symbols;
  readonly references: readonly Reference[];
}

/** The built-in type names; the TextMate grammar scopes them too. */
export const builtinTypes: Readonly<Record<string, Type>> = {
  string: stringType,
  number: numberType,
  int: intType,
  bool: boolType,
  json: jsonType,
};

/** Builds the symbol table. Later duplicates are reported and ignored, so the first declaration wins. */
export function resolve(policy: ast.Policy): { output: Resolved; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const references: Reference[] = [];
  const enums = new Map<string, EnumSymbol>();
  const membersToEnums = new Map<string, string[]>();
  const shapes = new Map<ast.ShapeKind, ShapeSymbol>();
  const tools = new Map<string, ToolSymbol>();
  const consts = new Map<string, ConstSymbol>();
  const rules = new Map<string, ast.RuleDecl>();
  const predicates = new Map<string, PredicateSymbol>();

  const header = checkHeader(policy, diagnostics);

  /** Reports a second declaration of `name` among `seen`; returns true if it is new. */
  const claim = (seen: ReadonlyMap<string, { decl: { name: ast.Name } } | ast.RuleDecl>, name: ast.Name, what: string): boolean => {
    if (name.text === "") return false;
    const first = seen.get(name.text);
    if (!first) return true;
    const firstSpan = "decl" in first ? first.decl.name.span : first.name.span;
    diagnostics.push(
      diagnostic("apol/duplicate-declaration", name.span, `${what} \`${name.text}\` is declared twice`, {
        help: `rename one of them or remove the duplicate`,
        related: [{ span: firstSpan, message: `first declaration of \`${name.text}\`` }],
      }),
    );
    return false;
  };

  // Enums first: field types and const values refer to them.
  for (const decl of policy.declarations) {
    if (decl.kind !== "EnumDecl" || !claim(enums, decl.name, "enum")) continue;
    const members: string[] = [];
    decl.members.forEach((member, index) => {
      if (members.includes(member.text)) {
        const first = decl.members.find((m) => m.text === member.text) as ast.Name;
        diagnostics.push(
          diagnostic("apol/duplicate-member", member.span, `enum \`${decl.name.text}\` lists \`${member.text}\` twice`, {
            help: "remove the second one",
            related: [{ span: first.span, message: "first listed here" }],
            // From the end of the previous symbol, so the separator goes too: `a, a, b` → `a, b`.
            fix: {
              title: `remove the duplicate \`${member.text}\``,
              edits: [{ span: { start: (decl.members[index - 1] as ast.Name).span.end, end: member.span.end }, newText: "" }],
            },
          }),
        );
        return;
      }
      members.push(member.text);
      membersToEnums.set(member.text, [...(membersToEnums.get(member.text) ?? []), decl.name.text]);
      references.push({ span: member.span, target: { kind: "member", enum: decl.name.text, name: member.text }, declaration: true });
    });
    if (decl.members.length === 0) {
      diagnostics.push(
        diagnostic("apol/empty-enum", decl.name.span, `enum \`${decl.name.text}\` has no symbols`, {
          help: "list its symbols: `enum Role { admin, teller }`",
        }),
      );
    }
    enums.set(decl.name.text, { name: decl.name.text, decl, members });
    references.push({ span: decl.name.span, target: { kind: "enum", name: decl.name.text }, declaration: true });
  }

  const typeOf = (expr: ast.TypeExpr): Type => resolveType(expr, enums, diagnostics, references);
  const fieldsOf = (fields: readonly ast.Field[], owner: string, onField: (f: ast.Field) => void): Map<string, FieldSymbol> => {
    const out = new Map<string, FieldSymbol>();
    for (const field of fields) {
      if (field.name.text === "") continue;
      const first = out.get(field.name.text);
      if (first) {
        diagnostics.push(
          diagnostic("apol/duplicate-field", field.name.span, `${owner} declares \`${field.name.text}\` twice`, {
            help: "remove or rename one of them",
            related: [{ span: first.decl.name.span, message: "first declared here" }],
          }),
        );
        continue;
      }
      out.set(field.name.text, { name: field.name.text, decl: field, type: typeOf(field.type), optional: field.optional });
      onField(field);
    }
    return out;
  };

  for (const decl of policy.declarations) {
    switch (decl.kind) {
      case "ShapeDecl": {
        const first = shapes.get(decl.shape);
        if (first) {
          diagnostics.push(
            diagnostic("apol/duplicate-declaration", decl.keywordSpan, `\`${decl.shape}\` is declared twice`, {
              help: `merge the fields into one \`${decl.shape} { ... }\``,
              related: [{ span: first.decl.keywordSpan, message: "first declaration" }],
            }),
          );
          break;
        }
        const fields = fieldsOf(decl.fields, `\`${decl.shape}\``, (f) =>
          references.push({ span: f.name.span, target: { kind: "field", shape: decl.shape, path: [f.name.text] }, declaration: true }),
        );
        shapes.set(decl.shape, { shape: decl.shape, decl, fields, type: { kind: "record", fields } });
        break;
      }
      case "ToolDecl": {
        const problem = decl.name.quoted ? toolNameProblem(decl.name.text) : undefined;
        if (problem) {
          diagnostics.push(
            diagnostic("apol/invalid-tool-name", decl.name.span, `\`${writtenToolName(decl.name)}\` is not a tool name`, {
              help: `${problem}, as MCP names tools (\`create-issue\`, \`github.search\`, \`fs/read\`)`,
            }),
          );
        }
        if (!claim(tools, decl.name, "tool")) break;
        const name = decl.name.text;
        const params = fieldsOf(decl.params, `tool \`${name}\``, (f) =>
          references.push({ span: f.name.span, target: { kind: "argument", tool: name, name: f.name.text }, declaration: true }),
        );
        tools.set(name, { name, decl, params, ...toolClauses(decl, typeOf, diagnostics, references) });
        references.push({ span: decl.name.span, target: { kind: "tool", name }, declaration: true });
        break;
      }
      case "ConstDecl": {
        if (!claim(consts, decl.name, "const")) break;
        const evaluated = evaluateConst(decl.value, enums, membersToEnums, diagnostics, references);
        consts.set(decl.name.text, { name: decl.name.text, decl, ...evaluated });
        references.push({ span: decl.name.span, target: { kind: "const", name: decl.name.text }, declaration: true });
        break;
      }
      case "PredicateDecl": {
        if (builtinFunctions.has(decl.name.text)) {
          diagnostics.push(
            diagnostic("apol/duplicate-declaration", decl.name.span, `\`${decl.name.text}\` is a built-in function`, {
              help: "choose another name for the predicate",
            }),
          );
          break;
        }
        if (!claim(predicates, decl.name, "predicate")) break;
        const name = decl.name.text;
        const params: ParamSymbol[] = [];
        for (const param of decl.params) {
          if (param.name.text === "") continue;
          const first = params.find((p) => p.name === param.name.text);
          if (first) {
            diagnostics.push(
              diagnostic("apol/duplicate-field", param.name.span, `predicate \`${name}\` declares \`${param.name.text}\` twice`, {
                help: "remove or rename one of them",
                related: [{ span: first.decl.name.span, message: "first declared here" }],
              }),
            );
            // Kept as a position, so calls are not also told they pass one argument too many; the body reads the first.
            params.push({ name: param.name.text, decl: param, type: typeOf(param.type) });
            continue;
          }
          params.push({ name: param.name.text, decl: param, type: typeOf(param.type) });
          references.push({ span: param.name.span, target: { kind: "parameter", predicate: name, name: param.name.text }, declaration: true });
        }
        predicates.set(name, { name, decl, params });
        references.push({ span: decl.name.span, target: { kind: "predicate", name }, declaration: true });
        break;
      }
      case "RuleDecl": {
        if (!claim(rules, decl.name, "rule")) break;
        rules.set(decl.name.text, decl);
        references.push({ span: decl.name.span, target: { kind: "rule", name: decl.name.text }, declaration: true });
        break;
      }
      default:
        break;
    }
  }

  const symbols: Symbols = {
    policyName: header?.name.text ?? "",
    ...(header?.timezone ? { timezone: header.timezone.value } : {}),
    enums,
    membersToEnums,
    shapes,
    tools,
    toolOrder: new Map([...tools.keys()].map((name, i) => [name, i])),
    consts,
    predicates,
    rules,
  };
  return { output: { ast: policy, symbols, references }, diagnostics };
}

function checkHeader(policy: ast.Policy, diagnostics: Diagnostic[]): ast.PolicyHeader | undefined {
  const [header, ...extra] = policy.headers;
  // A file too large to read has no header to find; its size diagnostic says so.
  if (!header && policy.tooLarge) return undefined;
  if (!header) {
    diagnostics.push(
      diagnostic("apol/missing-policy", point(0), "missing `policy` header", {
        help: "start the file with `policy NAME`",
        fix: { title: "add `policy main`", edits: [{ span: point(0), newText: "policy main\n\n" }] },
      }),
    );
    return undefined;
  }
  for (const second of extra) {
    diagnostics.push(
      diagnostic("apol/duplicate-policy", second.span, `a second \`policy\` header \`${second.name.text}\``, {
        help: "a file holds exactly one policy: remove this header",
        related: [{ span: header.span, message: "first header" }],
      }),
    );
  }
  const first = policy.declarations[0];
  if (first && first !== header) {
    diagnostics.push(
      diagnostic("apol/policy-not-first", header.span, "the `policy` header must come first", {
        help: "move it above every other declaration",
      }),
    );
  }
  if (header.timezone && !isTimeZone(header.timezone.value)) {
    const zone = header.timezone.value;
    diagnostics.push(
      diagnostic("apol/invalid-timezone", header.timezone.span, zone === "" ? "the time zone is empty" : `unknown time zone \`${zone}\``, {
        help: 'use an IANA name such as `"Europe/Berlin"` or `"UTC"`',
      }),
    );
  }
  return header;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone !== "";
  } catch {
    return false;
  }
}

/** The checker's type of a written type, reporting unknown names, repeated record fields and invalid unions. */
export function resolveType(expr: ast.TypeExpr, enums: ReadonlyMap<string, EnumSymbol>, diagnostics: Diagnostic[], references: Reference[]): Type {
  switch (expr.kind) {
    case "UnionType":
      return resolveUnion(expr, enums, diagnostics, references);
    case "ListType":
      return listOf(resolveType(expr.element, enums, diagnostics, references));
    case "RecordType": {
      const fields = new Map<string, { type: Type; optional: boolean }>();
      for (const field of expr.fields) {
        if (fields.has(field.name.text)) {
          diagnostics.push(
            diagnostic("apol/duplicate-field", field.name.span, `the record declares \`${field.name.text}\` twice`, {
              help: "remove or rename one of them",
            }),
          );
          continue;
        }
        fields.set(field.name.text, { type: resolveType(field.type, enums, diagnostics, references), optional: field.optional });
      }
      return { kind: "record", fields };
    }
    case "NamedType": {
      const name = expr.name.text;
      const builtin = builtinTypes[name];
      if (builtin) return builtin;
      if (enums.has(name)) {
        references.push({ span: expr.name.span, target: { kind: "enum", name }, declaration: false });
        return { kind: "enum", name };
      }
      if (name === "") return errorType;
      const candidates = [...Object.keys(builtinTypes), ...enums.keys()];
      const extras = didYouMean(
        name,
        candidates,
        expr.name.span,
        `the types are ${Object.keys(builtinTypes)
          .map((t) => `\`${t}\``)
          .join(", ")}, \`T[]\`, records and declared enums`,
      );
      diagnostics.push(diagnostic("apol/unknown-type", expr.name.span, `unknown type \`${name}\``, extras));
      // The enum the typo meant is not unused: warning about it too would mislead.
      const meant = extras.fix?.edits[0]?.newText;
      if (meant !== undefined && enums.has(meant)) references.push({ span: expr.name.span, target: { kind: "enum", name: meant }, declaration: false });
      return errorType;
    }
  }
}

/**
 * A union's members, flattened (`(A | B) | C` is `A | B | C`). A member another already covers
 * (`string | string`, `int | number`) or `json` (which covers everything) is refused: a union
 * lists the distinct forms a tool accepts, so `is` tests can tell them apart.
 */
function resolveUnion(expr: ast.UnionType, enums: ReadonlyMap<string, EnumSymbol>, diagnostics: Diagnostic[], references: Reference[]): Type {
  const members: Type[] = [];
  let failed = false;
  let previousEnd = expr.span.start;
  const written = expr.members.flatMap((m) => (m.kind === "UnionType" ? m.members : [m]));
  for (const [i, member] of written.entries()) {
    const type = resolveType(member, enums, diagnostics, references);
    const remove = {
      title: "remove it",
      edits: [
        {
          span: i === 0 ? { start: member.span.start, end: (written[1] as ast.TypeExpr).span.start } : { start: previousEnd, end: member.span.end },
          newText: "",
        },
      ],
    };
    previousEnd = member.span.end;
    if (type.kind === "json") {
      diagnostics.push(
        diagnostic("apol/invalid-union", member.span, "`json` already accepts any value", {
          help: "write `json` alone, or list the forms the tool accepts",
        }),
      );
    }
    if (type.kind === "error" || type.kind === "json") {
      failed = true;
      continue;
    }
    const covering = members.find((m) => assignable(type, m));
    if (covering) {
      const same = assignable(covering, type);
      diagnostics.push(
        diagnostic(
          "apol/invalid-union",
          member.span,
          same ? `\`${typeToString(type)}\` appears twice in this union` : `\`${typeToString(covering)}\` already accepts every \`${typeToString(type)}\``,
          {
            help: "remove it",
            fix: remove,
          },
        ),
      );
      continue;
    }
    const covered = members.findIndex((m) => assignable(m, type));
    if (covered >= 0) {
      diagnostics.push(
        diagnostic("apol/invalid-union", member.span, `\`${typeToString(type)}\` already accepts every \`${typeToString(members[covered] as Type)}\``, {
          help: `remove \`${typeToString(members[covered] as Type)}\``,
        }),
      );
      continue;
    }
    members.push(type);
  }
  if (failed) return errorType;
  return members.length === 1 ? (members[0] as Type) : { kind: "union", members };
}

function toolClauses(
  decl: ast.ToolDecl,
  typeOf: (t: ast.TypeExpr) => Type,
  diagnostics: Diagnostic[],
  references: Reference[],
): Pick<ToolSymbol, "tags" | "tier" | "returns" | "output" | "outputDeclared"> {
  const seen = new Map<string, ast.ToolClause>();
  let tags: string[] = [];
  let tier = 0;
  let returns: string | undefined;
  let output: Type = jsonType;
  let outputDeclared = false;
  for (const clause of decl.clauses) {
    const first = seen.get(clause.kind);
    if (first) {
      diagnostics.push(
        diagnostic("apol/duplicate-clause", clause.span, `tool \`${decl.name.text}\` has a second \`${clause.kind}\` clause`, {
          help: clause.kind === "tags" ? "list every tag in one clause: `tags a, b`" : "keep one of them",
          related: [{ span: first.span, message: "first clause" }],
        }),
      );
      continue;
    }
    seen.set(clause.kind, clause);
    switch (clause.kind) {
      case "tags":
        tags = clause.tags.map((t) => t.text).filter((t) => t !== "");
        for (const tag of clause.tags) references.push({ span: tag.span, target: { kind: "tag", name: tag.text }, declaration: true });
        break;
      case "tier":
        tier = clause.tier.value;
        if (!Number.isInteger(tier) || tier < 0 || tier > 3) {
          diagnostics.push(
            diagnostic("apol/invalid-tier", clause.tier.span, `tier \`${clause.tier.raw}\` is out of range`, {
              help: "a tier is a whole number from 0 (harmless) to 3 (most dangerous)",
            }),
          );
          tier = 0;
        }
        break;
      case "returns":
        returns = clause.label.text;
        break;
      case "output":
        output = typeOf(clause.type);
        outputDeclared = true;
        break;
    }
  }
  return { tags, tier, ...(returns !== undefined ? { returns } : {}), output, outputDeclared };
}

/** `2` is an `int`; `2.0` and `1e3` are `number`s, as written. */
export function numberLiteralType(literal: ast.NumberLit): Type {
  return Number.isInteger(literal.value) && !/[.eE]/.test(literal.raw) ? intType : numberType;
}

/** Evaluates a const's literal value; anything but a literal is reported. */
function evaluateConst(
  expr: ast.Expr,
  enums: ReadonlyMap<string, EnumSymbol>,
  membersToEnums: ReadonlyMap<string, readonly string[]>,
  diagnostics: Diagnostic[],
  references: Reference[],
): { type: Type; value: ConstValue } {
  const invalid = (span: ast.Expr["span"]): { type: Type; value: ConstValue } => {
    diagnostics.push(
      diagnostic("apol/invalid-const", span, "a `const` value must be a literal", {
        help: "use a string, number, boolean, enum symbol or a list of them",
      }),
    );
    return { type: errorType, value: false };
  };
  const scalar = scalarValue(expr);
  if (scalar !== undefined) {
    const number = expr.kind === "Unary" ? expr.operand : expr;
    const type =
      typeof scalar === "string" ? stringType : typeof scalar === "boolean" ? boolType : number.kind === "Number" ? numberLiteralType(number) : numberType;
    return { type, value: scalar };
  }
  switch (expr.kind) {
    case "Unary":
      return invalid(expr.span);
    case "Path": {
      if (expr.fields.length > 0) return invalid(expr.span);
      const owners = membersToEnums.get(expr.head.text) ?? [];
      if (owners.length === 1) {
        const owner = owners[0] as string;
        references.push({ span: expr.head.span, target: { kind: "member", enum: owner, name: expr.head.text }, declaration: false });
        return { type: { kind: "enum", name: owner }, value: { enum: owner, enumMember: expr.head.text } };
      }
      if (owners.length > 1) {
        diagnostics.push(
          diagnostic("apol/ambiguous-member", expr.span, `\`${expr.head.text}\` is a symbol of several enums: ${owners.map((o) => `\`${o}\``).join(", ")}`, {
            help: "rename the symbol in one of the enums",
          }),
        );
        return { type: errorType, value: false };
      }
      const members = [...enums.values()].flatMap((e) => e.members);
      diagnostics.push(
        diagnostic(
          "apol/unknown-name",
          expr.span,
          `unknown name \`${expr.head.text}\``,
          didYouMean(expr.head.text, members, expr.head.span, "a `const` value must be a literal; bare names are enum symbols"),
        ),
      );
      return { type: errorType, value: false };
    }
    case "List": {
      let element: Type = neverType;
      const values: ConstValue[] = [];
      for (const item of expr.items) {
        const evaluated = evaluateConst(item, enums, membersToEnums, diagnostics, references);
        const joined = join(element, evaluated.type);
        if (!joined) {
          diagnostics.push(
            diagnostic(
              "apol/type-mismatch",
              item.span,
              `list items must share one type: this is \`${typeToString(evaluated.type)}\` but earlier items are \`${typeToString(element)}\``,
              {
                help: "use one type for every item",
              },
            ),
          );
        } else element = joined;
        values.push(evaluated.value);
      }
      return { type: listOf(element), value: values };
    }
    case "Missing":
      return { type: errorType, value: false };
    default:
      return invalid(expr.span);
  }
}
