// JSON Schemas of a policy's tools, read from the checked policy: what an agent SDK's tool definitions are derived from.
import type { JsonSchema } from "@apol/runtime";
import type { Checked } from "../check/check.js";
import { enumMembers, type FieldSymbol, type Symbols } from "../check/symbols.js";
import type { FieldType, Type } from "../check/types.js";

/**
 * One object schema per tool, in declaration order: its arguments with their types, which are required, enum members,
 * and descriptions from `///` doc comments. Unknown properties are refused, as the policy refuses unknown arguments
 * and record fields; an optional argument may also be sent as `null` (the policy reads it as absent).
 */
export function toolJsonSchemas(checked: Checked): Record<string, JsonSchema> {
  const { symbols } = checked;
  const schemas: Record<string, JsonSchema> = {};
  for (const tool of symbols.tools.values()) {
    const doc = tool.decl.doc;
    schemas[tool.name] = { ...objectSchema([...tool.params.values()], symbols), ...(doc !== undefined ? { description: doc } : {}) };
  }
  return schemas;
}

/** An object schema for declared fields (`decl` present: a tool's arguments or a shape's fields, which carry doc comments). */
function objectSchema(fields: readonly (FieldType & { readonly name: string; readonly decl?: FieldSymbol["decl"] })[], symbols: Symbols): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const field of fields) {
    const doc = field.decl?.doc;
    properties[field.name] = { ...jsonSchemaOf(field.type, symbols), ...(doc !== undefined ? { description: doc } : {}) };
  }
  return { type: "object", properties, required: fields.filter((f) => !f.optional).map((f) => f.name), additionalProperties: false };
}

/** The JSON Schema of a declared type; `json` (and types no argument has) accept any value. */
export function jsonSchemaOf(type: Type, symbols: Symbols): JsonSchema {
  switch (type.kind) {
    case "string":
    case "number":
      return { type: type.kind };
    case "int":
      return { type: "integer" };
    case "bool":
      return { type: "boolean" };
    case "enum":
      return { type: "string", enum: enumMembers(type.name, symbols) };
    case "list":
      return { type: "array", items: jsonSchemaOf(type.element, symbols) };
    case "record":
      return objectSchema(
        [...type.fields].map(([name, f]) => ({ ...f, name })),
        symbols,
      );
    case "union":
      return { anyOf: type.members.map((m) => jsonSchemaOf(m, symbols)) };
    default:
      return {};
  }
}
