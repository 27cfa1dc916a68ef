// Emits each tool's argument validation: the first problem, in the order the semantics fix, as a reason string.
import type { SchemaField, SchemaType } from "@apol/runtime";
import type { ToolNode } from "../ir/decision-tree.js";
import { conformTest } from "./conform.js";
import type { Constants } from "./constants.js";
import { jsString } from "./literals.js";
import { directRead } from "./reads.js";

/** How a type reads in "argument `x` must be ..." (apol's own spelling for lists and records). */
function describeSchema(type: SchemaType): string {
  if (type === "string") return "a string";
  if (type === "number") return "a number";
  if (type === "int") return "a whole number";
  if (type === "bool") return "a boolean";
  if (type === "json") return "any value";
  if ("enum" in type) return `one of ${type.enum.map((m) => `\`${m}\``).join(", ")}`;
  if ("union" in type) return type.union.map(describeSchema).join(" or ");
  return spell(type);
}

/** The apol spelling of a type: `string[]`, `{ a: string, b?: number }`, `Role`. */
function spell(type: SchemaType): string {
  if (typeof type === "string") return type;
  if ("enum" in type) return type.name;
  if ("union" in type) return type.union.map(spell).join(" | ");
  if ("list" in type) {
    const inner = spell(type.list);
    return typeof type.list === "object" && ("record" in type.list || "union" in type.list) ? `(${inner})[]` : `${inner}[]`;
  }
  const entries = Object.entries(type.record).map(([k, f]: [string, SchemaField]) => `${k}${f.optional ? "?" : ""}: ${spell(f.type)}`);
  return `{ ${entries.join(", ")} }`;
}

/**
 * A test that the own key `k` is not a parameter: comparisons for a few parameters, a
 * `Set` for many. (`for...in` with `hasOwn` reads own enumerable keys, as `Object.keys`
 * does, without allocating an array per call.)
 */
function unknownKey(tool: ToolNode, constants: Constants): string {
  const names = tool.params.map((p) => p.name);
  if (names.length === 0) return "true";
  if (names.length <= 6) return names.map((n) => `k !== ${jsString(n)}`).join(" && ");
  return `!${constants.get("P", `new Set(${JSON.stringify(names)})`)}.has(k)`;
}

/** A function `(a)` that returns undefined when the arguments are valid, else the reason: the first problem, in the order the semantics fix. */
function explainingValidator(tool: ToolNode, constants: Constants): string {
  const lines = ["function (a) {", `  for (const k in a) if (hasOwn.call(a, k) && ${unknownKey(tool, constants)}) return "unknown argument \`" + k + "\`";`];
  if (tool.params.length > 0) lines.push("  let x;");
  for (const { name, field } of tool.params) {
    lines.push(`  x = own(a, ${jsString(name)});`);
    const problem = jsString(`argument \`${name}\` must be ${describeSchema(field.type)}`);
    // Presence is tested first, so a `json` parameter needs no test of its own. `null` is absence (semantics, step 3).
    const test = field.type === "json" ? undefined : conformTest(field.type, constants);
    if (field.optional) {
      if (test) lines.push(`  if (x != null && !(${test})) return ${problem};`);
    } else {
      lines.push(`  if (x == null) return ${jsString(`missing argument \`${name}\``)};`);
      if (test) lines.push(`  if (!(${test})) return ${problem};`);
    }
  }
  lines.push("  return undefined;", "}");
  return lines.join("\n");
}

/**
 * The name of the module-level function `(a)` that returns undefined when the arguments are valid, else the
 * reason. Valid arguments cost one direct read of each parameter and one scan of the keys, each matched to its
 * parameter and its value tested there; only arguments with a problem are read again, in the semantics' order, to
 * name the first one.
 * Tools whose parameters are alike share one function (the constants are deduplicated by their text).
 */
export function emitValidation(tool: ToolNode, constants: Constants): string {
  // The validators read only the parameters: tools declared alike are spelt once.
  return constants.keyed(JSON.stringify(["V", tool.params]), () => validation(tool, constants));
}

/** Declares the explaining validator and, for up to six parameters, the one-scan one in front of it; the name to call. */
function validation(tool: ToolNode, constants: Constants): string {
  const explaining = constants.get("V", explainingValidator(tool, constants));
  if (tool.params.length > 6) return explaining;
  const required = tool.params.filter((p) => !p.field.optional).length;
  // The parameters are read directly first (see `ownRead`): the reads tell V8 the arguments' shape, so the prototype
  // test after them folds to a constant. The scan then only matches keys; a value is used where its key is found, and
  // a key `Object.prototype` has (whose direct read was left out) sends the arguments to the explaining validator.
  const reads = tool.params.map(({ name }, i) => `x${i} = ${directRead("a", name)}`);
  const lines = [
    "(a) => {",
    ...(reads.length > 0 ? [`  const ${reads.join(", ")};`] : []),
    // A key for-in finds on a plain object is its own unless `Object.prototype` holds it, which each branch checks.
    `  if (proto(a) !== OP) return ${explaining}(a);`,
    ...(required > 0 ? ["  let n = 0;"] : []),
    "  for (const k in a) {",
  ];
  tool.params.forEach(({ name, field }, i) => {
    const x = `x${i}`;
    const test = field.type === "json" ? "true" : conformTest(field.type, constants, x);
    const bad = field.optional ? `${x} != null && !(${test})` : `${x} == null || !(${test})`;
    lines.push(
      `    ${i === 0 ? "if" : "else if"} (k === ${jsString(name)}) { if (${jsString(name)} in OP || ${bad}) return ${explaining}(a);${field.optional ? "" : " n++;"} }`,
    );
  });
  lines.push(`    ${tool.params.length > 0 ? "else " : ""}return ${explaining}(a);`, "  }");
  lines.push(required > 0 ? `  return n === ${required} ? undefined : ${explaining}(a);` : "  return undefined;", "}");
  return constants.get("V", lines.join("\n"));
}
