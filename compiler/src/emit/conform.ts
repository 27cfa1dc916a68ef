// Inline JavaScript tests that a value conforms to a declared type: argument validation and identity reads share them.
import type { SchemaType } from "@apol/runtime";
import { schemaConstant, type ConstantPool } from "./constants.js";
import { jsString } from "./literals.js";

/** Enums of at most this many members are tested by comparisons, larger ones through a `Set`. */
const SMALL_ENUM = 8;

/**
 * A JavaScript test that the variable `x` holds a value of `type`: inline for
 * primitives and enums (comparisons, or a shared `Set` for a large one), `ops.conform` for lists and records.
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
      if ("enum" in type) {
        // A few comparisons beat a hash lookup: V8 compares interned strings by identity.
        if (type.enum.length <= SMALL_ENUM) return `(${type.enum.map((m) => `${x} === ${jsString(m)}`).join(" || ")})`;
        return `typeof ${x} === "string" && ${constants.get("S", `new Set(${JSON.stringify(type.enum)})`)}.has(${x})`;
      }
      return `ops.conform(${x}, ${schemaConstant(type, constants)})`;
  }
}
