// The string tests lints understand (`like`, `matches`, `startsWith`, `endsWith` against a literal): decided exactly on a given string, and compared with each other where they are a prefix, a run and a suffix.
import { regexMatch } from "../reference/regex.js";
import { globMatch } from "../reference/value-ops.js";

/** The operators whose right side is a literal pattern or text the left string is tested against. */
export type StringOp = "like" | "matches" | "startsWith" | "endsWith";

/** Which characters the run between a pattern's prefix and suffix may hold. */
type Run = "any" | "no-slash";

/**
 * The strings `prefix + r + suffix` for any run `r` (empty included) of allowed
 * characters: `like "/etc/**"` is `("/etc/", any, "")`, `like "*.txt"` is
 * `("", no-slash, ".txt")`, `endsWith ".txt"` is `("", any, ".txt")`.
 */
interface Shape {
  readonly prefix: string;
  readonly run: Run;
  readonly suffix: string;
}

/** One understood string test. */
export interface Pattern {
  /** The operator and its literal, e.g. `like "/etc/**"`: equal keys accept equal sets of strings. */
  readonly key: string;
  /** Whether `value` passes the test, exactly as evaluation decides it. */
  readonly test: (value: string) => boolean;
  /** The strings it accepts as a prefix, a run and a suffix, when they have that form; undefined means unknown. */
  readonly shape?: Shape;
}

/** What `s OP literal` says about `s`: it equals one string, or it passes a pattern. */
export type StringTest = { readonly kind: "exact"; readonly value: string } | { readonly kind: "pattern"; readonly pattern: Pattern };

/** The test `s OP literal` makes of a string `s`. */
export function stringTest(op: StringOp, literal: string): StringTest {
  const key = `${op} ${JSON.stringify(literal)}`;
  switch (op) {
    case "startsWith":
      return pattern(key, (v) => v.startsWith(literal), { prefix: literal, run: "any", suffix: "" });
    case "endsWith":
      return pattern(key, (v) => v.endsWith(literal), { prefix: "", run: "any", suffix: literal });
    case "like": {
      const shape = globShape(literal);
      return typeof shape === "string" ? { kind: "exact", value: shape } : pattern(key, (v) => globMatch(literal, v), shape);
    }
    case "matches": {
      const shape = regexShape(literal);
      return typeof shape === "string" ? { kind: "exact", value: shape } : pattern(key, (v) => regexMatch(literal, v), shape);
    }
  }
}

function pattern(key: string, test: (value: string) => boolean, shape: Shape | undefined): StringTest {
  return { kind: "pattern", pattern: { key, test, ...(shape === undefined ? {} : { shape }) } };
}

/**
 * A glob without `?` and with at most one `*` or `**` as a shape; a glob without
 * wildcards as the one string it matches. Anything else is unknown.
 */
function globShape(glob: string): Shape | string | undefined {
  if (glob.includes("?")) return undefined;
  const star = glob.indexOf("*");
  if (star < 0) return glob;
  const wide = glob.startsWith("**", star);
  const suffix = glob.slice(star + (wide ? 2 : 1));
  // `***` is `**` then `*`: two runs.
  if (suffix.includes("*")) return undefined;
  return { prefix: glob.slice(0, star), run: wide ? "any" : "no-slash", suffix };
}

/**
 * Characters that match themselves in a Unicode-mode regular expression, one code point
 * each. Lone surrogates are left out: `/^\uD83D/u` does not match the start of `😀`,
 * though the text starts with that code unit.
 */
const plainRegex = /^[^\\^$.*+?()[\]{}|\p{Cs}]*$/u;

/** `^text`, `text$` as shapes and `^text$` as one string, for plain text; anything else (a search for `text` too) is unknown. */
function regexShape(regex: string): Shape | string | undefined {
  const start = regex.startsWith("^");
  const end = regex.endsWith("$") && regex.length > (start ? 1 : 0);
  const text = regex.slice(start ? 1 : 0, end ? -1 : undefined);
  if (!plainRegex.test(text) || (!start && !end)) return undefined;
  if (start && end) return text;
  return start ? { prefix: text, run: "any", suffix: "" } : { prefix: "", run: "any", suffix: text };
}

/** Whether the pattern accepts every string: `like "**"`, `startsWith ""`. */
export function acceptsAll(p: Pattern): boolean {
  return p.shape !== undefined && p.shape.run === "any" && p.shape.prefix === "" && p.shape.suffix === "";
}

/** Whether every string `inner` accepts, `outer` accepts too (false when unknown). */
export function implies(inner: Pattern, outer: Pattern): boolean {
  if (inner.key === outer.key || acceptsAll(outer)) return true;
  const i = inner.shape;
  const o = outer.shape;
  if (i === undefined || o === undefined) return false;
  // s = i.prefix + r + i.suffix = o.prefix + (extra prefix + r + extra suffix) + o.suffix: the middle must be a run `o` allows.
  if (!i.prefix.startsWith(o.prefix) || !i.suffix.endsWith(o.suffix)) return false;
  if (o.run === "any") return true;
  const extraPrefix = i.prefix.slice(o.prefix.length);
  const extraSuffix = i.suffix.slice(0, i.suffix.length - o.suffix.length);
  return i.run === "no-slash" && !extraPrefix.includes("/") && !extraSuffix.includes("/");
}

/** Whether no string passes both tests (false when unknown). */
export function disjoint(a: Pattern, b: Pattern): boolean {
  if (a.shape === undefined || b.shape === undefined) return false;
  return clash(a.shape, b.shape) || clash(reverse(a.shape), reverse(b.shape));
}

/** The shape of the reversed strings: what `clash`, which reads beginnings, uses to read ends. */
function reverse(s: Shape): Shape {
  const back = (text: string): string => text.split("").reverse().join("");
  return { prefix: back(s.suffix), run: s.run, suffix: back(s.prefix) };
}

/** Whether the beginnings `a` and `b` require of a string contradict each other. */
function clash(a: Shape, b: Shape): boolean {
  if (!a.prefix.startsWith(b.prefix) && !b.prefix.startsWith(a.prefix)) return true;
  return slashAfterRun(a, b) || slashAfterRun(b, a);
}

/**
 * Whether `b`'s prefix puts a `/` where `a` allows none: `a` is `P*S` with no `/` in `S`,
 * so nothing after `P` is a `/`, and `b`'s prefix is `P` followed by text with a `/`
 * (`like "/etc/*"` and `startsWith "/etc/ssh/"`).
 */
function slashAfterRun(a: Shape, b: Shape): boolean {
  return a.run === "no-slash" && !a.suffix.includes("/") && b.prefix.startsWith(a.prefix) && b.prefix.slice(a.prefix.length).includes("/");
}
