// A stable text form of each stage's output, keyed by the stage table's names: `apol debug stages --stage` prints these.
import { print } from "./format/print.js";
import { typeToString } from "./check/types.js";
import { printTree } from "./ir/print.js";
import type { PipelineResult, StageName } from "./pipeline.js";

type Outputs = PipelineResult["outputs"];

/** How each stage's output prints. INVARIANT: one entry per stage of the pipeline table (the type enforces it). */
export const stagePrinters: Readonly<Record<StageName, (outputs: Outputs, text: string) => string>> = {
  parse: (o) => (o.parse ? print(o.parse.ast) : ""),
  resolve: (o) => {
    const symbols = o.resolve?.symbols;
    if (!symbols) return "";
    const lines = [`policy ${symbols.policyName}${symbols.timezone ? ` timezone ${symbols.timezone}` : ""}`];
    for (const e of symbols.enums.values()) lines.push(`enum ${e.name} { ${e.members.join(", ")} }`);
    for (const s of symbols.shapes.values()) lines.push(`${s.shape} ${typeToString(s.type)}`);
    for (const t of symbols.tools.values()) {
      const params = [...t.params.values()].map((p) => `${p.name}${p.optional ? "?" : ""}: ${typeToString(p.type)}`);
      lines.push(
        `tool ${t.name}(${params.join(", ")}) tier ${t.tier}${t.tags.length ? ` tags ${t.tags.join(", ")}` : ""}${t.returns ? ` returns ${t.returns}` : ""}`,
      );
    }
    for (const c of symbols.consts.values()) lines.push(`const ${c.name}: ${typeToString(c.type)} = ${JSON.stringify(c.value)}`);
    for (const r of symbols.rules.keys()) lines.push(`rule ${r}`);
    return lines.join("\n") + "\n";
  },
  check: (o) =>
    (o.check?.rules ?? [])
      .map(
        (r) =>
          `rule ${r.name}: ${r.effect} {${r.tools.join(", ")}}${r.when ? " when" : ""}${r.unless ? " unless" : ""}${r.reason ? ` reason ${JSON.stringify(r.reason)}` : ""}`,
      )
      .join("\n") + "\n",
  lower: (o, text) => (o.lower ? printTree(o.lower, text) : ""),
  optimize: (o, text) => (o.optimize ? printTree(o.optimize, text) : ""),
  emit: (o) => o.emit?.js ?? "",
};
