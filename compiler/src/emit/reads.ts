// Own-property reads in generated code: a direct read where V8 can fold the guard that makes it exact, else `hasOwn`.
import { jsString } from "./literals.js";

/**
 * The module-scope helpers the reads below use. `own` is the exact read; the guarded form in `ownRead` is the same
 * read, cheaper: on an object whose prototype is `Object.prototype`, which lacks the key, a direct read can only find
 * the object's own property or nothing. V8 folds both tests on an object whose shape it knows (`Object.getPrototypeOf`
 * to a constant, `in` on the prototype's stable map), so the read costs what `o.key` costs, while a prototype polluted
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

/**
 * An expression reading `key` from the object `object` (a variable) directly unless `Object.prototype` has the key:
 * then no direct read, which could run a getter polluting the prototype, only undefined.
 */
export function directRead(object: string, key: string): string {
  const k = jsString(key);
  return `(${k} in OP ? undefined : ${object}[${k}])`;
}

/**
 * Statements setting the variable `target` to the own property `key` of the non-null object `object` (a variable), or
 * undefined; `inexact` runs first where the direct read was not exact. The direct read comes first: its shape check
 * tells V8 the object's shape, so the prototype test after it folds to a constant, where the test first would call
 * `Object.getPrototypeOf` on an object V8 knows nothing of. It is made only when `Object.prototype` lacks the key (a
 * test V8 folds too), so it can find an own property, or one of another prototype, but never run what a polluted
 * `Object.prototype` holds; the value of a read the prototype test finds inexact is dropped and read again through `own`.
 */
export function ownRead(target: string, object: string, key: string, inexact = ""): string {
  const k = jsString(key);
  return `${target} = ${k} in OP ? own(${object}, ${k}) : ${object}[${k}]; if (proto(${object}) !== OP) { ${inexact}${target} = own(${object}, ${k}); }`;
}
