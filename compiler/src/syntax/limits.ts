// The size and nesting limits of a policy file, so that no stage after lexing recurses deeper, or works longer, than they allow.

/**
 * The longest source text read, in UTF-16 code units (1 MiB of ASCII). A longer file is refused
 * with `apol/too-large` before lexing: checking it would take seconds and the editor would freeze
 * on every keystroke.
 */
export const maxSourceLength = 1_048_576;

/**
 * How deep brackets (`(`, `[`, `{`) and the prefix operators `not` and `-` may nest. The parser
 * recurses through a dozen grammar rules per bracket, so this is checked on the tokens, before parsing.
 */
export const maxNesting = 64;

/**
 * How deep the syntax tree of one declaration may be: every operator of a chain like
 * `a and b and c` is one level (the tree nests to the left), as is every list, record or `[]`
 * of a type. Every later stage walks the tree recursively, and this keeps them within the stack.
 */
export const maxDepth = 1_000;
