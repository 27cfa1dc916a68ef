// The checker's types and the relations between them (assignability, comparability, printing).

/** A record field's type and whether it may be absent. */
export interface FieldType {
  readonly type: Type;
  readonly optional: boolean;
}

export type Type =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "int" }
  | { readonly kind: "bool" }
  | { readonly kind: "duration" }
  | { readonly kind: "enum"; readonly name: string }
  | { readonly kind: "list"; readonly element: Type }
  | { readonly kind: "record"; readonly fields: ReadonlyMap<string, FieldType> }
  /** A value of any member type: two or more members, none a union, `json`, `never` or `error`, no two alike. */
  | { readonly kind: "union"; readonly members: readonly Type[] }
  /** A tool output without a declared shape: any JSON value, checked at run time. */
  | { readonly kind: "json" }
  /** The element type of `[]`: assignable to every type. */
  | { readonly kind: "never" }
  /** The type of an expression that already has an error: accepted everywhere to avoid cascades. */
  | { readonly kind: "error" };

export const stringType: Type = { kind: "string" };
export const numberType: Type = { kind: "number" };
export const intType: Type = { kind: "int" };
export const boolType: Type = { kind: "bool" };
export const durationType: Type = { kind: "duration" };
export const jsonType: Type = { kind: "json" };
export const neverType: Type = { kind: "never" };
export const errorType: Type = { kind: "error" };

/** The built-in enum of `now.weekday`. */
export const weekdayEnum = { name: "Weekday", members: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] } as const;

export function listOf(element: Type): Type {
  return { kind: "list", element };
}

/** True for types whose values are numbers at run time. */
export function isNumeric(type: Type): boolean {
  return type.kind === "number" || type.kind === "int";
}

/** True where a mismatch should not be reported, because the type is unknown or dynamic. */
export function isLenient(type: Type): boolean {
  return type.kind === "error" || type.kind === "json" || type.kind === "never";
}

/** The member types of a union, or the type itself. */
export function membersOf(type: Type): readonly Type[] {
  return type.kind === "union" ? type.members : [type];
}

/**
 * Whether a value of type `from` may stand where `to` is required. A union stands only
 * where each of its members does; a value stands for a union when it stands for a member.
 */
export function assignable(from: Type, to: Type): boolean {
  if (isLenient(from) || isLenient(to)) return true;
  if (from.kind === "union") return from.members.every((m) => assignable(m, to));
  if (to.kind === "union") return to.members.some((m) => assignable(from, m));
  if (from.kind === "int" && to.kind === "number") return true;
  if (from.kind === "number" && to.kind === "int") return false;
  if (from.kind !== to.kind) return false;
  switch (from.kind) {
    case "enum":
      return from.name === (to as typeof from).name;
    case "list":
      return assignable(from.element, (to as typeof from).element);
    case "record": {
      const target = (to as typeof from).fields;
      for (const [name, field] of target) {
        const source = from.fields.get(name);
        if (!source) {
          if (!field.optional) return false;
        } else if (!assignable(source.type, field.type)) return false;
      }
      return [...from.fields.keys()].every((name) => target.has(name));
    }
    default:
      return true;
  }
}

/**
 * Whether `==` between the two types can ever be true and is meaningful. A union compares
 * only when every member does: `args.company == "x"` on `string | string[]` would be
 * silently false for the list form, so the checker asks for a type test first.
 */
export function comparable(a: Type, b: Type): boolean {
  if (a.kind === "union") return a.members.every((m) => comparable(m, b));
  if (b.kind === "union") return b.members.every((m) => comparable(a, m));
  return assignable(a, b) || assignable(b, a);
}

/** The more general of two compatible types (`int` and `number` give `number`), for list literals. */
export function join(a: Type, b: Type): Type | undefined {
  if (a.kind === "never" || a.kind === "error") return b;
  if (b.kind === "never" || b.kind === "error") return a;
  if (assignable(a, b)) return b;
  if (assignable(b, a)) return a;
  return undefined;
}

/** How the type reads in messages: `number`, `string[]`, `Role`, `{ id: string }`. */
export function typeToString(type: Type): string {
  switch (type.kind) {
    case "enum":
      return type.name;
    case "list": {
      const inner = typeToString(type.element);
      return type.element.kind === "record" || type.element.kind === "union" ? `(${inner})[]` : `${inner}[]`;
    }
    case "union":
      return type.members.map(typeToString).join(" | ");
    case "record":
      return `{ ${[...type.fields].map(([name, f]) => `${name}${f.optional ? "?" : ""}: ${typeToString(f.type)}`).join(", ")} }`;
    case "never":
      return "empty list element";
    case "error":
      return "unknown";
    default:
      return type.kind;
  }
}
