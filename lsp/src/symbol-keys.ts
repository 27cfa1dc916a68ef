// One string key per symbol the checker can refer to, so declarations and uses of the same thing compare equal.
import type { SymbolRef } from "@apol/compiler";

/** A key that is equal for every reference to the same symbol (a quantifier variable is keyed by where it is bound). */
export function symbolKey(target: SymbolRef): string {
  switch (target.kind) {
    case "tool":
    case "tag":
    case "enum":
    case "const":
    case "predicate":
    case "rule":
      return `${target.kind}:${target.name}`;
    case "parameter":
      return `parameter:${target.predicate}:${target.name}`;
    case "argument":
      return `argument:${target.tool}:${target.name}`;
    case "field":
      return `field:${target.shape}:${target.path.join(".")}`;
    case "member":
      return `member:${target.enum}:${target.name}`;
    case "variable":
      return `variable:${target.declaredAt.start}:${target.name}`;
  }
}
