// Plain value operations of the reference evaluator: deep equality, glob matching and conformance to declared types.
import type { Symbols } from "../check/symbols.js";
import { typeToString, type Type } from "../check/types.js";

/** An object that is not null and not an array (what JSON calls an object). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether `object` has an own property `key` holding a value: not `undefined`, and not `null`, which is absence. */
export function isPresent(object: unknown, key: string): boolean {
  return isPlainObject(object) && Object.hasOwn(object, key) && object[key] !== undefined && object[key] !== null;
}

/** Whether `object` has an own property `key` whose value is not `undefined` (what redaction paths name, `null` included). */
export function isDefined(object: unknown, key: string): boolean {
  return isPlainObject(object) && Object.hasOwn(object, key) && object[key] !== undefined;
}

/** Equality of apol values: numbers by `===`, arrays element-wise, plain objects by key set and values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return a === b;
}

/**
 * Whole-string glob match: `**` matches anything, `*` anything without `/`, `?` one character (UTF-16 code unit) other
 * than `/`. The textbook dynamic programme: after each code unit of the text, `reach[i]` says whether the pattern's
 * first `i` tokens match the text so far. O(text × pattern) time and O(pattern) memory, for any pattern; it never
 * backtracks or recurses (a backtracking matcher takes exponential time on `**a**a**a**b`, and overflows the stack on
 * a long text).
 */
export function globMatch(pattern: string, text: string): boolean {
  const tokens = pattern.match(/\*\*|[\s\S]/g) ?? [];
  const star = (i: number): boolean => tokens[i] === "*" || tokens[i] === "**";
  /** Stars may match nothing: whatever reaches a star reaches the token after it. */
  const skipStars = (reach: boolean[]): boolean[] => {
    for (let i = 0; i < tokens.length; i++) if (reach[i] && star(i)) reach[i + 1] = true;
    return reach;
  };
  let reach = skipStars(tokens.map((_, i) => i === 0).concat(tokens.length === 0));
  for (const c of text.split("")) {
    const next = new Array<boolean>(tokens.length + 1).fill(false);
    tokens.forEach((token, i) => {
      if (!reach[i]) return;
      if (token === "**" || (token === "*" && c !== "/")) next[i] = true;
      else if (token === c || (token === "?" && c !== "/")) next[i + 1] = true;
    });
    reach = skipStars(next);
  }
  return reach[tokens.length] === true;
}

/** Whether `value` is a value of the declared `type` (deeply; `null` only fits `json`, and is absence for an optional field). */
export function conforms(value: unknown, type: Type, symbols: Symbols): boolean {
  switch (type.kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "int":
      return Number.isInteger(value);
    case "bool":
      return typeof value === "boolean";
    case "enum":
      return typeof value === "string" && (symbols.enums.get(type.name)?.members ?? []).includes(value);
    case "list":
      // Indexes, not `every`: `every` skips the holes of a sparse array, which would let `[, , "a"]` pass where `[undefined]` does not.
      if (!Array.isArray(value)) return false;
      for (let i = 0; i < value.length; i++) if (!Object.hasOwn(value, i) || !conforms(value[i], type.element, symbols)) return false;
      return true;
    case "record":
      return (
        isPlainObject(value) &&
        Object.keys(value).every((key) => type.fields.has(key)) &&
        [...type.fields].every(([key, field]) => (isPresent(value, key) ? conforms(value[key], field.type, symbols) : field.optional))
      );
    case "json":
      return true;
    case "union":
      return type.members.some((member) => conforms(value, member, symbols));
    default:
      // Durations, `never` and `error` are not declarable argument or field types.
      return false;
  }
}

/** How a request problem names a type: `a string`, `one of \`a\`, \`b\``, or the apol spelling of lists and records. */
export function describeType(type: Type, symbols: Symbols): string {
  switch (type.kind) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "bool":
      return "a boolean";
    case "enum":
      return `one of ${(symbols.enums.get(type.name)?.members ?? []).map((m) => `\`${m}\``).join(", ")}`;
    case "union":
      return type.members.map((member) => describeType(member, symbols)).join(" or ");
    default:
      return typeToString(type);
  }
}
