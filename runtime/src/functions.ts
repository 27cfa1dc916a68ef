// The built-in functions of values (each named as in compiler/src/builtins.ts, which generated code calls as `ops.<name>`) and checked division.
import { Fault } from "./fault.js";

// The runtime compiles with no host library types; `URL` is a global in every JavaScript runtime apol targets.
declare const URL: new (url: string) => { readonly hostname: string; readonly username: string; readonly password: string };

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

/**
 * What the local part of one address never holds: whitespace, control and format characters, lone surrogates, a second `@`,
 * and the separators of lists, display names, comments and quoted local parts (apol does not read quoted local parts).
 */
const foreignToLocalPart = /[\s\p{Cc}\p{Cf}\p{Cs}@,;:<>()[\]"\\]/u;
/** A domain name: labels of letters, marks, digits, `-` and `_`, separated by single dots. */
const domainName = /^[\p{L}\p{M}\p{N}_-]+(?:\.[\p{L}\p{M}\p{N}_-]+)*$/u;

/**
 * `domain(e)`: the lower-cased domain of ONE address; `""` for anything else: a list (`a@x, b@y`), a display name, a
 * quoted local part, several `@`, whitespace or control characters. Answering for a list would let its first entries
 * pass a check that reads only the last.
 */
export function domain(email: unknown): string {
  const s = text(email);
  const at = s.indexOf("@");
  if (at <= 0) return "";
  const name = s.slice(at + 1);
  return foreignToLocalPart.test(s.slice(0, at)) || !domainName.test(name) ? "" : name.toLowerCase();
}

/** What one URL apol reads never holds: whitespace and control characters (which `URL` drops or trims) and `\` (which it reads as `/`, unlike other parsers). */
const foreignToUrl = /[\s\p{Cc}\p{Cf}\p{Cs}\\]/u;
/** A host name after `URL` has read it: ASCII labels separated by single dots, or a bracketed IPv6 address. */
const hostName = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/;

/**
 * `host(u)`: the lower-cased host name of ONE absolute URL; `""` for anything else: text `URL` rejects, a URL with user
 * info (`https://bank.example@evil.example/`), whitespace, control characters or `\`, or a host that is no host name.
 */
export function host(url: unknown): string {
  const s = text(url);
  if (foreignToUrl.test(s)) return "";
  let parsed: { readonly hostname: string; readonly username: string; readonly password: string };
  try {
    parsed = new URL(s);
  } catch {
    return "";
  }
  const name = parsed.hostname.toLowerCase();
  return parsed.username === "" && parsed.password === "" && hostName.test(name) ? name : "";
}

/** `a / b`: faults on a zero divisor instead of producing an infinity. */
export function div(a: number, b: number): number {
  if (b === 0) throw new Fault("division by zero");
  return a / b;
}
