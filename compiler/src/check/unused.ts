// Warnings for declarations nothing uses: enums, consts, and tools no rule targets (every call to those is denied).
import type { CheckContext } from "./context.js";

/** Reports unused enums, consts and tools, from the references the checker recorded. */
export function reportUnused(ctx: CheckContext): void {
  const used = new Set<string>();
  for (const ref of ctx.references) {
    if (ref.declaration) continue;
    if (ref.target.kind === "enum" || ref.target.kind === "const") used.add(`${ref.target.kind}:${ref.target.name}`);
    if (ref.target.kind === "member") used.add(`enum:${ref.target.enum}`);
  }
  for (const [name, symbol] of ctx.symbols.enums) {
    if (!used.has(`enum:${name}`)) {
      ctx.report("apol/unused-declaration", symbol.decl.name.span, `enum \`${name}\` is never used`, {
        help: "use it as a field type, or remove it",
      });
    }
  }
  for (const [name, symbol] of ctx.symbols.consts) {
    if (!used.has(`const:${name}`)) {
      ctx.report("apol/unused-declaration", symbol.decl.name.span, `const \`${name}\` is never used`, { help: "use it in a rule, or remove it" });
    }
  }
  for (const [name, tool] of ctx.symbols.tools) {
    if (!ctx.targetedTools.has(name)) {
      ctx.report("apol/unused-declaration", tool.decl.name.span, `no rule targets tool \`${name}\`, so every call to it is denied`, {
        help: `add a rule such as \`rule ${name} { allow ${name} }\`, or remove the tool`,
      });
    }
  }
}
