// Module-scope constants of a generated module (sets, globs, regexes, schema types), declared once each.
import type { SchemaType } from "@apol/runtime";
import { jsString, jsValue } from "./literals.js";

/** Where generated code gets the name of a constant: the module's own, or a tool's table slot for it. */
export interface ConstantPool {
  /** An expression naming the constant initialised by `init`. */
  get(prefix: string, init: string): string;
  /** As `get(prefix, init())`, where `key` determines `init()`: it runs once per key, for initialisers costly to spell. */
  getKeyed(prefix: string, key: string, init: () => string): string;
  /** The module's constants, for initialisers of other module-scope constants (which see no tool's table). */
  readonly module: Constants;
}

/** Module-scope constants, deduplicated by their initialiser text. */
export class Constants implements ConstantPool {
  get module(): Constants {
    return this;
  }

  private readonly byInit = new Map<string, string>();
  private readonly byKey = new Map<string, string>();
  private readonly lines: string[] = [];

  /**
   * The name `declare()` gives (by declaring constants through `get`), where `key` determines that name: `declare`
   * runs only for a key not seen before, so a large initialiser that many tools share is spelt (and looked up) once.
   */
  keyed(key: string, declare: () => string): string {
    let name = this.byKey.get(key);
    if (name === undefined) this.byKey.set(key, (name = declare()));
    return name;
  }

  getKeyed(prefix: string, key: string, init: () => string): string {
    return this.keyed(JSON.stringify([prefix, key]), () => this.get(prefix, init()));
  }

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

/**
 * One tool's table `k`, which is also its dispatch entry: the tool's own slots first (`ToolSlots.entry`), then the
 * constants and values its code reads through slots instead of by name, so tools whose rules differ only in those
 * share one function. One array per tool keeps a decision to one cold object when a policy has many tools. The part
 * readers keep their names: calls through a slot would not be inlined.
 */
export class ToolSlots implements ConstantPool {
  /** The slots the module fills in when it builds the tool's entry: its default outcome, validator, decision, explain and redaction functions, and `redact` rules. */
  static readonly entry = { fallback: 0, validate: 1, decide: 2, explain: 3, redactions: 4, redactRules: 5 } as const;
  /** The slot of the tool's default outcome. */
  static readonly fallback = `k[${ToolSlots.entry.fallback}]`;
  /** The expressions the table holds, slot by slot; the entry's slots wait for the module. */
  readonly values: string[] = Object.keys(ToolSlots.entry).map(() => "null");

  constructor(readonly module: Constants) {}

  get(prefix: string, init: string): string {
    return this.slotted(prefix, this.module.get(prefix, init));
  }

  getKeyed(prefix: string, key: string, init: () => string): string {
    return this.slotted(prefix, this.module.getKeyed(prefix, key, init));
  }

  private slotted(prefix: string, name: string): string {
    return prefix === "U" ? name : this.slot(name);
  }

  /** The slot holding `expr`. */
  slot(expr: string): string {
    let index = this.values.indexOf(expr, Object.keys(ToolSlots.entry).length);
    if (index < 0) index = this.values.push(expr) - 1;
    return `k[${index}]`;
  }

  /** The table as an array literal, without the entry's slots, which the module puts in front. */
  table(): string {
    return `[${this.values.slice(Object.keys(ToolSlots.entry).length).join(", ")}]`;
  }
}

/** A schema type as a JavaScript expression (a string for primitives, else a shared constant). */
export function schemaConstant(type: SchemaType, constants: ConstantPool): string {
  return typeof type === "string" ? jsString(type) : constants.get("T", `Object.freeze(${jsValue(type)})`);
}
