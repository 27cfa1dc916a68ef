// Inlay hints: the inferred type after the name of each `const`.
import { typeToString } from "@apol/compiler";
import { InlayHintKind, type InlayHint, type Range } from "vscode-languageserver";
import type { Analysis } from "./analysis.js";
import { overlaps, toPosition, toSpan } from "./positions.js";

/** `: string[]` after `const finance`, for the consts inside `range`. */
export function inlayHints(analysis: Analysis, range: Range): InlayHint[] {
  const within = toSpan(analysis.index, range);
  const out: InlayHint[] = [];
  for (const symbol of analysis.checked.symbols.consts.values()) {
    const name = symbol.decl.name.span;
    if (!overlaps(name, within) || symbol.type.kind === "error") continue;
    out.push({ position: toPosition(analysis.index, name.end), label: `: ${typeToString(symbol.type)}`, kind: InlayHintKind.Type, paddingLeft: false });
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
