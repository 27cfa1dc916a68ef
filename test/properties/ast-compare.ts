// Comparing ASTs by meaning: a copy of a tree without the parts that only record layout.

/** Keys that record where and how something was written, not what it says (`quoted`: `"send"` is the tool `send`). */
function isLayoutKey(key: string): boolean {
  return key === "span" || key.endsWith("Span") || key === "raw" || key === "comments" || key === "quoted";
}

/**
 * The tree without spans, `raw` spellings and comments, for `toEqual`: two sources
 * with equal results say the same thing (doc fields are kept: they are documentation).
 */
export function withoutLayout(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutLayout);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!isLayoutKey(key) && value !== undefined) out[key] = withoutLayout(value);
  }
  return out;
}

/** The comment texts of a tree, sorted: formatting may reorder comments on one line but never drop or add one. */
export function commentTexts(policy: { readonly comments: readonly { readonly text: string }[] }): string[] {
  return policy.comments.map((c) => c.text).sort();
}
