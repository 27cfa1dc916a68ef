// The language's fixed vocabularies for editors, read from the places the compiler itself reads them.
import { shapeKinds } from "../ast/ast.js";
import { pathRoots, type PathRoot } from "../check/context.js";
import { builtinTypes } from "../check/resolve.js";
import type { Symbols } from "../check/symbols.js";
import { punctuation } from "../syntax/tokens.js";

export { shapeKinds, pathRoots, type PathRoot };

/** `string`, `number`, `int`, `bool`: the types a field may name besides the policy's enums. */
export const builtinTypeNames: readonly string[] = Object.keys(builtinTypes);

/** The provenance label every policy has: `tainted(x)` means `from(x, untrusted)`. */
export const builtinLabels: readonly string[] = ["untrusted"];

/** The labels a policy can name: the built-in ones and every tool's `returns` label. */
export function labelsOf(symbols: Symbols): string[] {
  const declared = [...symbols.tools.values()].flatMap((t) => (t.returns === undefined ? [] : [t.returns]));
  return [...new Set([...builtinLabels, ...declared])];
}

/** The lexer's names of operator tokens (`EqEq`, `Plus`, ...), from the token table. */
export const operatorTokenNames: ReadonlySet<string> = new Set(punctuation.filter((p) => p.role === "operator").map((p) => p.token.name));

/** The fields of `it` inside a history function's `where`: the earlier call's parts. */
export const itFields: ReadonlyMap<"args" | "tool" | "output", string> = new Map([
  ["args", "the earlier call's arguments"],
  ["tool", "the earlier call's tool"],
  ["output", "the earlier call's output"],
]);
