// Warnings for declarations nothing uses: enums, consts, predicates, and tools no rule targets (every call to those is denied).
import type { CheckContext } from "./context.js";
import { suggest } from "../diagnostics/suggest.js";
import { isBareToolName, spellToolName } from "../syntax/tool-names.js";

/** Reports unused enums, consts and tools, from the references the checker recorded. */
export function reportUnused(ctx: CheckContext): void {
  const used = new Set<string>();
  for (const ref of ctx.references) {
    if (ref.declaration) continue;
    if (ref.target.kind === "predicate") {
      // A call from the predicate's own body (recursion, reported as such) is no use.
      const decl = ctx.symbols.predicates.get(ref.target.name)?.decl;
      if (decl && decl.span.start <= ref.span.start && ref.span.end <= decl.span.end) continue;
    }
    if (ref.target.kind === "enum" || ref.target.kind === "const" || ref.target.kind === "predicate") used.add(`${ref.target.kind}:${ref.target.name}`);
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
  for (const [name, symbol] of ctx.symbols.predicates) {
    if (!used.has(`predicate:${name}`)) {
      ctx.report("apol/unused-declaration", symbol.decl.name.span, `predicate \`${name}\` is never used`, {
        help: "call it in a rule's condition, or remove it",
      });
    }
  }
  // A tool that an unresolved target misspells is meant to be targeted: its error already says so, so no cascade here.
  const meant = new Set([...ctx.unresolvedTools].map((name) => suggest(name, ctx.symbols.tools.keys())));
  for (const [name, tool] of ctx.symbols.tools) {
    if (!ctx.targetedTools.has(name) && !meant.has(name)) {
      const written = spellToolName(name);
      // A rule's name is an identifier: `create-issue` gives the rule `allow_create_issue`.
      const rule = isBareToolName(name) ? name : `allow_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
      ctx.report("apol/unused-declaration", tool.decl.name.span, `no rule targets tool \`${written}\`, so every call to it is denied`, {
        help: `add a rule such as \`rule ${rule} { allow ${written} }\`, or remove the tool`,
      });
    }
  }
}
