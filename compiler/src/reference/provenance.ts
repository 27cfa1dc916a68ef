// The reference definition of provenance (docs/session-state.md), naively: each string against each labelled content, no index.
import { boundary, identifiers, RUN_WORDS, skeleton, words } from "@apol/runtime";
import { destinationForm, normalForm } from "./normal-form.js";

/**
 * Whether `value` came from `content`: its destination form occurs in the content's normal form, a token boundary at
 * both ends. Not by skeleton: a look-alike of the user's value is not the user's.
 */
export function cameFrom(value: string, content: string): boolean {
  const v = destinationForm(value);
  const c = normalForm(content);
  if (v === "") return false;
  for (let at = c.indexOf(v); at >= 0; at = c.indexOf(v, at + 1)) if (boundary(c, at) && boundary(c, at + v.length)) return true;
  return false;
}

/** What a text may carry: its identifiers, and each run of RUN_WORDS words (joined by a space, after a marker no identifier holds). */
function carriedParts(text: string): string[] {
  const n = normalForm(text);
  const w = words(n);
  const runs: string[] = [];
  for (let i = 0; i + RUN_WORDS <= w.length; i++) runs.push(`\u0000${w.slice(i, i + RUN_WORDS).join(" ")}`);
  return [...identifiers(n), ...runs];
}

/** Whether `text` carries `content`: it holds an identifier the content holds whole, or a run of RUN_WORDS of its words, or a look-alike of one (the same skeleton). */
export function carries(text: string, content: string): boolean {
  const theirs = carriedParts(content).map(skeleton);
  return carriedParts(text).some((part) => theirs.includes(skeleton(part)));
}

/**
 * Whether `text` carries some part of an `untrusted` content (or a look-alike of one) that no other content (`others`)
 * holds as written: a look-alike of the user's value planted by a page stays tainted.
 */
export function taints(text: string, untrusted: readonly string[], others: readonly string[]): boolean {
  return carriedParts(text).some(
    (part) => untrusted.some((c) => carriedParts(c).some((p) => skeleton(p) === skeleton(part))) && !others.some((c) => carriedParts(c).includes(part)),
  );
}
