// The built-in functions over strings and numbers: lower, upper, len, domain, host and checked division.
import { Fault } from "./fault.js";

// The runtime compiles with no host library types; `URL` is a global in every JavaScript runtime apol targets.
declare const URL: new (url: string) => { readonly hostname: string };

function text(s: unknown): string {
  if (typeof s !== "string") throw new Fault("not a string");
  return s;
}

/** `lower(s)`: Unicode default lower-casing. */
export function lower(s: unknown): string {
  return text(s).toLowerCase();
}

/** `upper(s)`: Unicode default upper-casing. */
export function upper(s: unknown): string {
  return text(s).toUpperCase();
}

/** `len(x)`: the number of code points of a string, or of items of a list. */
export function len(x: unknown): number {
  if (Array.isArray(x)) return x.length;
  let n = 0;
  for (const _ of text(x)) n++;
  return n;
}

/** `domain(e)`: the text after the last `@`, lower-cased; `""` when there is no `@`. */
export function domain(email: unknown): string {
  const s = text(email);
  const at = s.lastIndexOf("@");
  return at < 0 ? "" : s.slice(at + 1).toLowerCase();
}

/** `host(u)`: the lower-cased host name of an absolute URL; `""` when the text is not one. */
export function host(url: unknown): string {
  const s = text(url);
  try {
    return new URL(s).hostname.toLowerCase();
  } catch {
    return "";
  }
}

/** `a / b`: faults on a zero divisor instead of producing an infinity. */
export function div(a: number, b: number): number {
  if (b === 0) throw new Fault("division by zero");
  return a / b;
}
