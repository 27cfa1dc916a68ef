// Writes a corpus case as stable YAML: fixed key order, block scalars for sources, flow `at`, no line folding.
import { Document, Scalar, YAMLMap, type Node } from "yaml";
import type { Case } from "./case-file.js";
import type { ExpectedDiagnostic } from "./observed.js";

/**
 * A string node. `block` text (sources) prints as a `|` block scalar where YAML can hold it; the
 * library falls back to quotes for `\r` and control characters. Blank-only text with a line break is
 * double-quoted: the library would write ` \n` as a block without an indentation indicator, which
 * reads back as `\n`.
 */
function text(doc: Document, value: string, block = false): Node {
  const node = doc.createNode(value) as Scalar;
  if (!/\S/.test(value)) {
    if (value.includes("\n")) node.type = Scalar.QUOTE_DOUBLE;
  } else if (block) node.type = Scalar.BLOCK_LITERAL;
  return node;
}

function diagnosticNode(doc: Document, d: ExpectedDiagnostic): YAMLMap {
  const map = new YAMLMap();
  map.set("code", d.code);
  map.set("severity", d.severity);
  map.set("underlined", text(doc, d.underlined));
  if (d.at) {
    const at = doc.createNode(d.at) as YAMLMap;
    at.flow = true;
    map.set("at", at);
  }
  map.set("message", text(doc, d.message));
  if (d.help !== undefined) map.set("help", text(doc, d.help));
  if (d.fixed !== undefined) map.set("fixed", text(doc, d.fixed, true));
  return map;
}

/**
 * The text of a case file. Keys come in the order `note`, `pending` (if set), `source`, `exhaustive`
 * (only if the case states it), `diagnostics`, and each diagnostic's keys in the order of `ExpectedDiagnostic`.
 * YAML comments are not kept: what a case shows belongs in its `note`.
 */
export function stringifyCase(c: Case): string {
  const doc = new Document();
  const root = new YAMLMap();
  root.set("note", text(doc, c.note, c.note.includes("\n")));
  if (c.pending !== undefined) root.set("pending", text(doc, c.pending));
  root.set("source", text(doc, c.source, true));
  if (c.exhaustive !== undefined) root.set("exhaustive", c.exhaustive);
  root.set("diagnostics", doc.createNode((c.diagnostics ?? []).map((d) => diagnosticNode(doc, d))));
  doc.contents = root;
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
