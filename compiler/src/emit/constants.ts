// Module-scope constants of a generated module (sets, globs, regexes, schema types), declared once each.
import type { SchemaType } from "@apol/runtime";
import { jsString, jsValue } from "./literals.js";

/** Module-scope constants, deduplicated by their initialiser text. */
export class Constants {
  private readonly byInit = new Map<string, string>();
  private readonly lines: string[] = [];

  /** The name of a constant initialised by `init`, declared once. */
  get(prefix: string, init: string): string {
    const existing = this.byInit.get(init);
    if (existing) return existing;
    const name = `${prefix}${this.lines.length}`;
    this.byInit.set(init, name);
    this.lines.push(`const ${name} = ${init};`);
    return name;
  }

  declarations(): readonly string[] {
    return this.lines;
  }
}

/** A schema type as a JavaScript expression (a string for primitives, else a shared constant). */
export function schemaConstant(type: SchemaType, constants: Constants): string {
  return typeof type === "string" ? jsString(type) : constants.get("T", `Object.freeze(${jsValue(type)})`);
}

