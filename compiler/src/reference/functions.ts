// The reference implementations of the built-in functions of values, written from docs/semantics.md, by name (`referenceFunctions`); `check/builtins.ts` describes each.
import { domainOf, urlPartsOf } from "./addresses.js";
import { list, str } from "./operands.js";

const lower = (s: unknown): string => str(s).toLowerCase();
const upper = (s: unknown): string => str(s).toUpperCase();
const len = (x: unknown): number => (typeof x === "string" ? [...x].length : list(x).length);
const domain = (email: unknown): string => domainOf(str(email));
const host = (url: unknown): string => urlPartsOf(str(url)).host;
const path = (url: unknown): string => urlPartsOf(str(url)).path;
const scheme = (url: unknown): string => urlPartsOf(str(url)).scheme;

/** Each occurrence of `old`, searched left to right from the end of the last one, replaced; an empty `old` changes nothing. */
function replace(s: unknown, old: unknown, replacement: unknown): string {
  const [subject, from, to] = [str(s), str(old), str(replacement)];
  if (from === "") return subject;
  let out = "";
  let at = 0;
  for (let found = subject.indexOf(from); found >= 0; found = subject.indexOf(from, at)) {
    out += subject.slice(at, found) + to;
    at = found + from.length;
  }
  return out + subject.slice(at);
}

/** Drops the code points `/\s/u` matches (white space and line terminators) from both ends. */
function trim(s: unknown): string {
  const points = [...str(s)];
  const blank = (ch: string | undefined): boolean => ch !== undefined && /^\s$/u.test(ch);
  while (blank(points[0])) points.shift();
  while (blank(points[points.length - 1])) points.pop();
  return points.join("");
}

/** The pieces between occurrences of `sep`, left to right; an empty `sep` gives the code points. */
function split(s: unknown, sep: unknown): string[] {
  const [subject, separator] = [str(s), str(sep)];
  if (separator === "") return [...subject];
  const pieces: string[] = [];
  let at = 0;
  for (let found = subject.indexOf(separator); found >= 0; found = subject.indexOf(separator, at)) {
    pieces.push(subject.slice(at, found));
    at = found + separator.length;
  }
  pieces.push(subject.slice(at));
  return pieces;
}

/**
 * The reference implementation of each built-in function of values, by its name in the built-in table
 * (`check/builtins.ts`), which only describes them: the reference evaluator and the optimizer's folding call these.
 */
export const referenceFunctions: ReadonlyMap<string, (...args: readonly unknown[]) => unknown> = new Map(
  Object.entries({ lower, upper, len, domain, host, path, scheme, replace, trim, split }),
);
