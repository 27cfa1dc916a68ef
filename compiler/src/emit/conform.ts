// Inline JavaScript tests that a value conforms to a declared type: argument validation and identity reads share them.
import type { SchemaType } from "@apol/runtime";
import { schemaConstant, type ConstantPool } from "./constants.js";

/**
 * A JavaScript test that the variable `x` holds a value of `type`: inline for
 * primitives and enums (a shared `Set`), `ops.conform` for lists and records.
 * `undefined` and `null` (absence) never pass, not even for `json`.
 */
export function conformTest(type: SchemaType, constants: ConstantPool, x = "x"): string {
  switch (type) {
    case "string":
      return `typeof ${x} === "string"`;
    case "number":
      return `typeof ${x} === "number" && Number.isFinite(${x})`;
    case "int":
      return `Number.isInteger(${x})`;
    case "bool":
      return `typeof ${x} === "boolean"`;
    case "json":
      return `${x} != null`;
    default:
      if ("enum" in type) return `typeof ${x} === "string" && ${constants.get("S", `new Set(${JSON.stringify(type.enum)})`)}.has(${x})`;
      return `ops.conform(${x}, ${schemaConstant(type, constants)})`;
  }
}
