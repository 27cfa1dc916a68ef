// Reading request values and comparing them: field access, presence, schema conformance, deep equality and membership.
import type { SchemaType } from "../contract.js";
import { Fault } from "./fault.js";

/** Whether `value` is a plain object in the sense of the semantics: non-null, not an array. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The own property `key` of a plain object, `undefined` when there is none; never faults (the enforcer reads requests with it). */
export function own(value: unknown, key: string): unknown {
  return isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/** The own property `key` of a plain object when it holds a value (not `undefined`, not `null`: null is absence); faults otherwise. */
export function field(value: unknown, key: string): unknown {
  const v = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
  if (v === undefined || v === null) throw new Fault(`no field \`${key}\``);
  return v;
}

/** `has(...)`: whether the path of keys leads through own properties of plain objects holding values (not undefined, not null); never faults. */
export function present(value: unknown, keys: readonly string[]): boolean {
  for (const key of keys) {
    if (!isRecord(value) || !Object.hasOwn(value, key)) return false;
    value = value[key];
    if (value === undefined || value === null) return false;
  }
  return true;
}

/**
 * Deep conformance of a value to a declared type (semantics, step 3); `null` conforms only to `json`,
 * and a record's optional field given `null` is absent (models send null for omitted optionals).
 */
export function conform(value: unknown, type: SchemaType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return Number.isFinite(value);
    case "int":
      return Number.isInteger(value);
    case "bool":
      return typeof value === "boolean";
    case "json":
      return true;
  }
  if ("enum" in type) return typeof value === "string" && type.enum.includes(value);
  if ("union" in type) return type.union.some((member) => conform(value, member));
  if ("list" in type) {
    // Indexes, not `every`: `every` skips the holes of a sparse array, which would let `[, , "a"]` pass where `[undefined]` does not.
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (!Object.hasOwn(value, i) || !conform(value[i], type.list)) return false;
    return true;
  }
  const fields = type.record;
  if (!isRecord(value) || Object.keys(value).some((key) => !Object.hasOwn(fields, key))) return false;
  return Object.entries(fields).every(([key, spec]) => {
    const v = Object.hasOwn(value, key) ? value[key] : undefined;
    return v === undefined || v === null ? spec.optional : conform(v, spec.type);
  });
}

/** The value when it conforms to `type`, else a fault: how identity parts (`user.role`) are read. */
export function typed<T = unknown>(value: unknown, type: SchemaType): T {
  if (!conform(value, type)) throw new Fault("value does not conform to its declared type");
  return value as T;
}

/** `==`: deep equality (numbers by `===`; arrays element-wise; plain objects by key set and values). */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => eq(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && eq(a[k], b[k]));
}

/** `x in list`: some element deep-equals `x`; faults when `list` is not a list. */
export function includes(list: unknown, x: unknown): boolean {
  if (!Array.isArray(list)) throw new Fault("not a list");
  return list.some((item) => eq(item, x));
}

/** `s contains t`: substring test for a string `s`, membership for a list `s`. */
export function contains(s: unknown, t: unknown): boolean {
  if (typeof s !== "string") return includes(s, t);
  if (typeof t !== "string") throw new Fault("not a string");
  return s.includes(t);
}
