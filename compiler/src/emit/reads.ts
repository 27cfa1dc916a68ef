// Own-property reads in generated code: a direct read where V8 can fold the guard that makes it exact, else `hasOwn`.
import { jsString } from "./literals.js";

/**
 * The module-scope helpers the reads below use. `own` is the exact read; the guarded form in `ownRead` is the same
 * read, cheaper: on an object whose prototype is `Object.prototype`, which lacks the key, a direct read can only find
 * the object's own property or nothing. V8 folds both tests on the objects it has seen (`Object.getPrototypeOf` to a
 * map check, `in` on the prototype's stable map), so the read costs what `o.key` costs, while a prototype polluted
 * after the code was optimised still sends it to `own`.
 */
export const readHelpers: readonly string[] = [
  "const OP = Object.prototype;",
  "const hasOwn = OP.hasOwnProperty;",
  "const proto = Object.getPrototypeOf;",
  "// Own properties only: a value inherited from a polluted Object.prototype counts as absent.",
  "const own = (o, k) => (hasOwn.call(o, k) ? o[k] : undefined);",
];

/** Whether a direct read of `key` on the non-null object `object` (a variable) finds only its own property. */
export function directReadIsOwn(object: string, key: string): string {
  return `proto(${object}) === OP && !(${jsString(key)} in OP)`;
}

/** The own property `key` of the non-null object `object` (a variable, read twice), or undefined. */
export function ownRead(object: string, key: string): string {
  return `(${directReadIsOwn(object, key)} ? ${object}[${jsString(key)}] : own(${object}, ${jsString(key)}))`;
}
