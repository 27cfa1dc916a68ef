// Generators for the differential test's dynamic parts: `json` values and the conditions that read paths into them (each
// kind of use faulting on a wrong kind), history outputs, and the URL and address forms the string functions parse.
import fc from "fast-check";

/**
 * Strings `host`, `domain`, `path` and `scheme` must take apart as the spec says: scheme-less, `mailto:`, ports,
 * user info, upper case, queries and fragments, IPv6 and IP hosts, and near misses.
 */
export const urlForms = [
  "https://h.example:8080/p",
  "https://u:pw@h.example/p",
  "https://u@h.example:443/p/q?x=1#f",
  "HTTPS://H.Example/P",
  "http://h.example",
  "http://h.example:/p",
  "h.example:8080/p",
  "h.example/p?q=1",
  "//h.example/p",
  "ftp://a.example/x",
  "mailto:Ann@A.example",
  "mailto:ann@a.example?subject=hi",
  "MAILTO:ann@a.example",
  "ann@a.example:25",
  "ann@sub.a.example",
  "http://[::1]:80/p",
  "http://127.0.0.1:8080/",
  "https://h.example.:8080/p",
  "https:h.example/p",
  "a b@c.example",
];

/** A string argument's value: one of the URL and address forms. */
export const arbUrlForm: fc.Arbitrary<string> = fc.constantFrom(...urlForms);

/** The values the functions are compared with: what `urlForms` give, and values they do not. */
const partLiterals = {
  host: ["h.example", "a.example", "127.0.0.1", "[::1]", "::1", ""],
  domain: ["a.example", "sub.a.example", "c.example", ""],
  path: ["/p", "/p/q", "/", "/x", ""],
  scheme: ["https", "http", "mailto", "ftp", ""],
} as const;

/** Conditions over a string `x` with the URL functions and the newer string functions, on the forms above. */
export function urlCondition(x: string): fc.Arbitrary<string> {
  const part = fc.constantFrom(...(Object.keys(partLiterals) as (keyof typeof partLiterals)[]));
  return fc.oneof(
    part.chain((f) => fc.constantFrom(...partLiterals[f]).map((v) => `${f}(${x}) == ${JSON.stringify(v)}`)),
    part.chain((f) => fc.constantFrom(...partLiterals[f]).map((v) => `${f}(${x}) != ${JSON.stringify(v)}`)),
    fc.constantFrom(`upper(scheme(${x})) == "HTTPS"`, `len(path(${x})) > 1`, `host(${x}) endsWith ".example"`, `domain(lower(${x})) == "a.example"`),
    fc.constantFrom(":", "@", "/", "?").map((sep) => `len(split(${x}, ${JSON.stringify(sep)})) > 2`),
    fc.constantFrom(
      `trim(replace(${x}, "https://", " ")) startsWith "h"`,
      `replace(upper(${x}), "H.EXAMPLE", "x") contains "x"`,
      `split(trim(${x}), "@") contains "a.example"`,
    ),
  );
}

// ---------------------------------------------------------------- json

/** The keys generated `json` values use and conditions read. */
const jsonKeys = ["n", "s", "items", "url", "inner"] as const;

const jsonScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, 3, 10, 2.5, -1, "3"),
  fc.constantFrom("", "a", "ann@a.example", "x/y", " a "),
  arbUrlForm,
);

/** A `json` value: mostly an object with some of `jsonKeys` holding values of any kind (so a read may find the wrong one), sometimes a scalar or a list. */
export const arbJsonValue: fc.Arbitrary<unknown> = (() => {
  const list = fc.array(jsonScalar, { maxLength: 3 });
  const inner = fc.dictionary(fc.constantFrom(...jsonKeys), jsonScalar, { maxKeys: 3 });
  const object = fc.dictionary(
    fc.constantFrom(...jsonKeys),
    fc.oneof({ weight: 3, arbitrary: jsonScalar }, { weight: 1, arbitrary: list }, { weight: 1, arbitrary: inner }),
    { maxKeys: 4 },
  );
  return fc.oneof({ weight: 5, arbitrary: object }, { weight: 1, arbitrary: jsonScalar }, { weight: 1, arbitrary: list });
})();

const order = fc.constantFrom("<", "<=", ">", ">=", "==", "!=");

/**
 * A condition reading a path into the `json` value `x`, used as a number, a string, a list, a boolean or compared whole:
 * the value found may be absent, `null` or of another kind, which must fault the same way in both evaluators.
 */
export function jsonCondition(x: string): fc.Arbitrary<string> {
  const key = fc.constantFrom(...jsonKeys);
  const field = key.map((k) => `${x}.${k}`);
  const deep = fc.tuple(key, key).map(([a, b]) => `${x}.${a}.${b}`);
  const read = fc.oneof({ weight: 3, arbitrary: field }, { weight: 1, arbitrary: deep }, { weight: 1, arbitrary: fc.constant(x) });
  return fc.oneof(
    fc.tuple(read, order, fc.constantFrom(0, 3, 10)).map(([p, o, n]) => `${p} ${o} ${n}`),
    read.map((p) => `${p} * 2 - 1 > 4`),
    fc.tuple(read, fc.constantFrom('== "a"', '== "3"', "== 3", "== true", '!= "x"')).map(([p, c]) => `${p} ${c}`),
    // `has` takes a path with a field, never a bare variable.
    fc.oneof(field, deep).map((p) => `has(${p})`),
    fc.oneof(field, deep).map((p) => `(not has(${p}) or ${p} != 0)`),
    fc.tuple(read, fc.constantFrom('startsWith "a"', 'endsWith ".example"', 'like "*@a.example"', 'matches "^h"')).map(([p, t]) => `${p} ${t}`),
    read.map((p) => `lower(${p}) == "a"`),
    read.chain((p) => urlCondition(p)),
    fc.tuple(read, order, fc.constantFrom(0, 1, 2)).map(([p, o, n]) => `len(${p}) ${o} ${n}`),
    read.map((p) => `${p} contains "a"`),
    read.map((p) => `"a" in ${p}`),
    fc.tuple(read, fc.constantFrom("any", "all")).map(([p, q]) => `${q}(v in ${p}: v == 3 or v == "a")`),
    read.map((p) => `any(v in ${p}: v > 2)`),
    read.map((p) => `${p} == true`),
  );
}

/** History outputs of every kind, so `it.output` paths find objects, scalars, lists, `null` and nothing. */
export const arbHistoryOutput: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>({ ok: true }, { ok: false }, {}) },
  { weight: 2, arbitrary: arbJsonValue },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ ok: "true" }, { ok: null }, [true], "ok", null) },
);

/** A `where` condition on a history call's output (dynamic): of the wrong kind, the call does not count. */
export const arbOutputWhere: fc.Arbitrary<string> = fc.oneof(fc.constant("it.output.ok == true"), jsonCondition("it.output"));
