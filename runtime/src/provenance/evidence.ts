// Explanations of provenance: a view of the session's content that notes what each `from` and `tainted` check that held matched.
import type { ContentIndex, ProvenanceMatch, SessionView } from "../contract.js";

/** A session view whose content checks also note, in `matches`, what each check that held matched (each check once). */
export function noting(view: SessionView): { view: SessionView; matches: ProvenanceMatch[] } {
  const contents = view.contents;
  const matches: ProvenanceMatch[] = [];
  if (contents === undefined) return { view, matches };
  const seen = new Set<string>();
  const note = (check: "from" | "tainted", value: string, label: string): void => {
    const key = JSON.stringify([check, value, label]);
    if (seen.has(key)) return;
    seen.add(key);
    const evidence = contents.evidence?.(check, value, label);
    if (evidence) matches.push({ check, ...evidence });
  };
  const noted: ContentIndex = {
    cameFrom: (value, label) => {
      const held = contents.cameFrom(value, label);
      if (held) note("from", value, label);
      return held;
    },
    carries: (text, label) => contents.carries(text, label),
    tainted: (text) => {
      const held = contents.tainted(text);
      if (held) note("tainted", text, "untrusted");
      return held;
    },
    exposed: (label) => contents.exposed(label),
  };
  return { view: { ...view, contents: noted }, matches };
}
