// Emits each tool's argument validation: the first problem, in the order the semantics fix, as a reason string.
import type { SchemaField, SchemaType } from "@apol/runtime";
import type { ToolNode } from "../ir/decision-tree.js";
import { Constants, schemaConstant } from "./expressions.js";
import { jsString } from "./literals.js";

/** How a type reads in "argument `x` must be ..." (apol's own spelling for lists and records). */
export function describeSchema(type: SchemaType): string {
  if (type === "string") return "a string";
  if (type === "number") return "a number";
  if (type === "int") return "a whole number";
  if (type === "bool") return "a boolean";
  if (type === "json") return "any value";
  if ("enum" in type) return `one of ${type.enum.map((m) => `\`${m}\``).join(", ")}`;
  return spell(type);
}

/** The apol spelling of a type: `string[]`, `{ a: string, b?: number }`, `Role`. */
function spell(type: SchemaType): string {
  if (typeof type === "string") return type === "json" ? "any" : type;
  if ("enum" in type) return type.name;
  if ("list" in type) {
    const inner = spell(type.list);
    return typeof type.list === "object" && "record" in type.list ? `(${inner})[]` : `${inner}[]`;
  }
  const entries = Object.entries(type.record).map(([k, f]: [string, SchemaField]) => `${k}${f.optional ? "?" : ""}: ${spell(f.type)}`);
  return `{ ${entries.join(", ")} }`;
}

/** A JavaScript test that `x` conforms to `type`: inline for primitives, `ops.conform` otherwise. */
function conformTest(type: SchemaType, constants: Constants): string {
  switch (type) {
    case "string":
      return `typeof x === "string"`;
    case "number":
      return `typeof x === "number" && Number.isFinite(x)`;
    case "int":
      return `Number.isInteger(x)`;
    case "bool":
      return `typeof x === "boolean"`;
    case "json":
      return "true";
    default:
      if ("enum" in type) return `typeof x === "string" && ${constants.get("S", `new Set(${JSON.stringify(type.enum)})`)}.has(x)`;
      return `ops.conform(x, ${schemaConstant(type, constants)})`;
  }
}

/** The body of `function vN(a)`: returns undefined when the arguments are valid, else the reason. */
export function emitValidation(tool: ToolNode, fn: string, constants: Constants): string {
  const names = constants.get("P", `new Set(${JSON.stringify(tool.params.map((p) => p.name))})`);
  const lines = [
    `function ${fn}(a) {`,
    `  for (const k of Object.keys(a)) if (!${names}.has(k)) return "unknown argument \`" + k + "\`";`,
  ];
  if (tool.params.length > 0) lines.push("  let x;");
  for (const { name, field } of tool.params) {
    lines.push(`  x = own(a, ${jsString(name)});`);
    const problem = jsString(`argument \`${name}\` must be ${describeSchema(field.type)}`);
    const test = conformTest(field.type, constants);
    if (field.optional) {
      if (test !== "true") lines.push(`  if (x !== undefined && !(${test})) return ${problem};`);
    } else {
      lines.push(`  if (x === undefined) return ${jsString(`missing argument \`${name}\``)};`);
      if (test !== "true") lines.push(`  if (!(${test})) return ${problem};`);
    }
  }
  lines.push("  return undefined;", "}");
  return lines.join("\n");
}
