// The one table of built-in functions and operators: the checker, hover, completion, signature help and lowering read it.
// It only describes them: their implementations sit with their evaluators, under the same names (the reference's
// `referenceFunctions`, the runtime's `ops`), so the table needs neither and no evaluator's folder imports the checker's.
import { boolType, intType, isLenient, listOf, stringType, weekdayEnum, type Type } from "./types.js";

/** How one parameter of a built-in is checked. */
export type BuiltinParam =
  /**
   * An expression whose type must satisfy `accepts`; `expected` names it in messages. A dynamic (`json`) argument is
   * checked at run time to be a `dynamic` value (an IR `as` node, so the fault is caught where the rule is decided).
   */
  | {
      readonly kind: "value";
      readonly name: string;
      readonly expected: string;
      readonly accepts: (type: Type) => boolean;
      readonly dynamic?: "string" | "number" | "list";
    }
  /** A path to an optional argument or field (`has`). */
  | { readonly kind: "path"; readonly name: string }
  /** A bare provenance label such as `untrusted` (`from`, `exposed`). */
  | { readonly kind: "label"; readonly name: string };

export interface BuiltinFunction {
  readonly name: string;
  /** As shown in hover and signature help. */
  readonly signature: string;
  readonly doc: string;
  readonly params: readonly BuiltinParam[];
  readonly returns: Type;
  /** A completion snippet with tab stops. */
  readonly snippet: string;
  /**
   * The forms with IR nodes of their own (`has`, `from`, `tainted`, `exposed`); every other function is one of values:
   * lowering makes it an IR `call`, which the generated code runs as `ops.<name>` from `@apol/runtime/ops` and the
   * reference evaluator (which also folds constant calls) as `referenceFunctions.get(name)`.
   */
  readonly form?: true;
}

const isString = (t: Type): boolean => isLenient(t) || t.kind === "string";
const isStringOrList = (t: Type): boolean => isLenient(t) || t.kind === "string" || t.kind === "list";
const anything = (): boolean => true;

/** The built-in functions, by name. */
export const builtinFunctions: ReadonlyMap<string, BuiltinFunction> = new Map(
  (
    [
      {
        name: "lower",
        signature: "lower(s: string) -> string",
        doc: "The string in lower case (Unicode default case mapping).",
        params: [{ kind: "value", name: "s", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "lower(${1:s})",
      },
      {
        name: "upper",
        signature: "upper(s: string) -> string",
        doc: "The string in upper case (Unicode default case mapping).",
        params: [{ kind: "value", name: "s", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "upper(${1:s})",
      },
      {
        name: "len",
        signature: "len(x: string | T[]) -> int",
        doc: "The number of characters (Unicode code points) of a string, or of items of a list.",
        params: [{ kind: "value", name: "x", expected: "a string or a list", accepts: isStringOrList }],
        returns: intType,
        snippet: "len(${1:x})",
      },
      {
        name: "domain",
        signature: "domain(email: string) -> string",
        doc: 'The lower-cased domain of one e-mail address: `domain("Ann@Example.com") == "example.com"`; `""` unless the text is exactly one address (a list, a display name, a quoted local part or whitespace give `""`).',
        params: [{ kind: "value", name: "email", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "domain(${1:email})",
      },
      {
        name: "host",
        signature: "host(url: string) -> string",
        doc: 'The lower-cased host of one URL, without port: `host("https://API.example.com:8443/x") == "api.example.com"`, `host("www.example.com/a") == "www.example.com"` (a scheme-less URL is read as `https://`); `""` for anything else (user info, `\\`, whitespace, a list, `mailto:`).',
        params: [{ kind: "value", name: "url", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "host(${1:url})",
      },
      {
        name: "path",
        signature: "path(url: string) -> string",
        doc: 'The path of one URL with a host, dot segments removed: `path("https://example.com/a/../b?q=1") == "/b"`, `path("example.com") == "/"`; `""` for anything else.',
        params: [{ kind: "value", name: "url", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "path(${1:url})",
      },
      {
        name: "scheme",
        signature: "scheme(url: string) -> string",
        doc: 'The lower-cased scheme one URL names: `scheme("HTTPS://example.com") == "https"`, `scheme("mailto:ann@example.com") == "mailto"`; `""` for a scheme-less URL (`example.com/a`) or anything else.',
        params: [{ kind: "value", name: "url", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "scheme(${1:url})",
      },
      {
        name: "replace",
        signature: "replace(s: string, old: string, new: string) -> string",
        doc: '`s` with every occurrence of `old` (left to right, not overlapping) replaced by `new`: `replace("DE12 3456", " ", "") == "DE123456"`; an empty `old` changes nothing.',
        params: [
          { kind: "value", name: "s", expected: "a string", accepts: isString, dynamic: "string" },
          { kind: "value", name: "old", expected: "a string", accepts: isString, dynamic: "string" },
          { kind: "value", name: "new", expected: "a string", accepts: isString, dynamic: "string" },
        ],
        returns: stringType,
        snippet: "replace(${1:s}, ${2:old}, ${3:new})",
      },
      {
        name: "trim",
        signature: "trim(s: string) -> string",
        doc: "`s` without white space and line breaks at either end.",
        params: [{ kind: "value", name: "s", expected: "a string", accepts: isString, dynamic: "string" }],
        returns: stringType,
        snippet: "trim(${1:s})",
      },
      {
        name: "split",
        signature: "split(s: string, sep: string) -> string[]",
        doc: 'The pieces of `s` between occurrences of `sep`: `split("a,b", ",") == ["a", "b"]`; an empty `sep` gives the characters (code points).',
        params: [
          { kind: "value", name: "s", expected: "a string", accepts: isString, dynamic: "string" },
          { kind: "value", name: "sep", expected: "a string", accepts: isString, dynamic: "string" },
        ],
        returns: listOf(stringType),
        snippet: "split(${1:s}, ${2:sep})",
      },
      {
        name: "has",
        form: true,
        signature: "has(path) -> bool",
        doc: "Whether an optional argument or field is present. Guards later uses of the path on the same `and` path.",
        params: [{ kind: "path", name: "path" }],
        returns: boolType,
        snippet: "has(${1:args.x})",
      },
      {
        name: "from",
        form: true,
        signature: "from(value, label) -> bool",
        doc: "Whether some string inside `value` came from content labelled `label` (occurs in it whole, after normalisation), or the caller marked it with `label`.",
        params: [
          { kind: "value", name: "value", expected: "a value", accepts: anything },
          { kind: "label", name: "label" },
        ],
        returns: boolType,
        snippet: "from(${1:args.x}, ${2:untrusted})",
      },
      {
        name: "tainted",
        form: true,
        signature: "tainted(value) -> bool",
        doc: "Whether some string inside `value` carries untrusted content (a whole identifier or a run of 8 words) that no other source holds, or the caller marked it `untrusted`.",
        params: [{ kind: "value", name: "value", expected: "a value", accepts: anything }],
        returns: boolType,
        snippet: "tainted(${1:args})",
      },
      {
        name: "exposed",
        form: true,
        signature: "exposed(label) -> bool",
        doc: "Whether the session has seen any content labelled `label`.",
        params: [{ kind: "label", name: "label" }],
        returns: boolType,
        snippet: "exposed(${1:untrusted})",
      },
    ] satisfies BuiltinFunction[]
  ).map((f) => [f.name, f]),
);

/** Documentation of the history functions and quantifiers, which have syntax of their own. */
export const specialForms: ReadonlyMap<string, { readonly signature: string; readonly doc: string; readonly snippet: string }> = new Map([
  [
    "count",
    {
      signature: "count(TARGETS [where EXPR], WINDOW) -> int",
      doc: "How many earlier allowed calls to the targets (matching `where`, with `it` the earlier call) fall in the window.",
      snippet: "count(${1:tool}, ${2:1h})",
    },
  ],
  [
    "seen",
    {
      signature: "seen(TARGETS [where EXPR], WINDOW) -> bool",
      doc: "Whether any earlier allowed call to the targets (matching `where`) falls in the window: `count(...) > 0`.",
      snippet: "seen(${1:tool}, ${2:session})",
    },
  ],
  [
    "sum",
    {
      signature: "sum(TOOL.ARG [where EXPR], WINDOW) -> number",
      doc: "The sum of a numeric argument over earlier allowed calls to the tool in the window.",
      snippet: "sum(${1:tool}.${2:arg}, ${3:24h})",
    },
  ],
  [
    "any",
    {
      signature: "any(x in LIST: EXPR) -> bool",
      doc: "Whether EXPR holds for some item `x` of the list (false for an empty list).",
      snippet: "any(${1:x} in ${2:list}: ${3:x})",
    },
  ],
  [
    "all",
    {
      signature: "all(x in LIST: EXPR) -> bool",
      doc: "Whether EXPR holds for every item `x` of the list (true for an empty list).",
      snippet: "all(${1:x} in ${2:list}: ${3:x})",
    },
  ],
]);

/** Documentation of the word operators, for hover. */
export const operatorDocs: ReadonlyMap<string, string> = new Map([
  ["in", "`x in LIST`: whether the list holds `x`."],
  ["like", '`s like "glob"`: glob match; `*` matches within one `/`-separated segment, `**` across segments, `?` one character. Linear time.'],
  [
    "matches",
    '`s matches "regex"`: regular expression search (JavaScript syntax, Unicode mode), in time linear in the string. Backreferences and lookaround are refused.',
  ],
  ["startsWith", "`s startsWith p`: whether `s` begins with `p`."],
  ["endsWith", "`s endsWith p`: whether `s` ends with `p`."],
  ["contains", "`s contains t`: substring test for strings; membership for lists."],
  ["and", "`a and b`: both; `b` is evaluated only when `a` holds."],
  ["or", "`a or b`: either; `b` is evaluated only when `a` does not hold."],
  ["not", "`not a`: negation; `x not in LIST` is the negated membership test."],
  [
    "is",
    "`x is T`: whether the value is of type `T` (`string`, `string[]`, a record, an enum, a union). Where the test holds, `x` has that type in the rest of the `and` chain and in the rule's `unless`; where it fails, the union's other forms.",
  ],
]);

/** Fields of `now`, the request's timestamp in the policy's time zone. */
export const nowFields: ReadonlyMap<string, { readonly type: Type; readonly doc: string }> = new Map([
  ["hour", { type: intType, doc: "The hour, 0-23, in the policy's time zone." }],
  ["minute", { type: intType, doc: "The minute, 0-59." }],
  ["weekday", { type: { kind: "enum", name: weekdayEnum.name }, doc: "The day of the week, `mon` to `sun`, in the policy's time zone." }],
]);

/** Fields of `tool`, the called tool. */
export const toolFields: ReadonlyMap<string, { readonly type: Type; readonly doc: string }> = new Map([
  ["name", { type: stringType, doc: "The called tool's name." }],
  ["tier", { type: intType, doc: "The called tool's risk tier, 0-3." }],
]);
