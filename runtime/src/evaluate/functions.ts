// The built-in functions of values (each named as in compiler/src/builtins.ts, which generated code calls as `ops.<name>`) and checked division.
import { Fault } from "./fault.js";

// The runtime compiles with no host library types; `URL` is a global in every JavaScript runtime apol targets.
declare const URL: new (
  url: string,
) => { readonly protocol: string; readonly hostname: string; readonly pathname: string; readonly username: string; readonly password: string };

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

/** The address of a `mailto:` URL (up to its `?`), or the text itself. */
function mailtoAddress(s: string): string {
  return /^mailto:/i.test(s) ? (s.slice("mailto:".length).split("?")[0] ?? "") : s;
}

/**
 * `domain(e)`: the lower-cased domain of ONE address; `""` for anything else: a list (`a@x, b@y`), a display name, a
 * quoted local part, several `@`, whitespace or control characters. Answering for a list would let its first entries
 * pass a check that reads only the last.
 */
export function domain(email: unknown): string {
  const s = mailtoAddress(text(email));
  const at = s.indexOf("@");
  if (at <= 0) return "";
  const name = s.slice(at + 1);
  return foreignToLocalPart.test(s.slice(0, at)) || !domainName.test(name) ? "" : name.toLowerCase();
}

/** What one URL apol reads never holds: whitespace and control characters (which `URL` drops or trims) and `\` (which it reads as `/`, unlike other parsers). */
const foreignToUrl = /[\s\p{Cc}\p{Cf}\p{Cs}\\]/u;
/** A host name after `URL` has read it: ASCII labels separated by single dots, or a bracketed IPv6 address. */
const hostName = /^(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*|\[[0-9a-f:.]+\])$/;

/** A scheme followed by `//`: the URL names its scheme and an authority. */
const schemeAndAuthority = /^[a-z][a-z0-9+.-]*:\/\//i;
/** A host and port without a scheme (`example.com:8443/x`, `localhost:3000`), which a scheme-only test would misread. */
const hostAndPort = /^[^/?#:@]+:\d*(?:[/?#]|$)/;
/** A scheme without `//` (`javascript:`, `data:`, `urn:`). */
const schemeOnly = /^[a-z][a-z0-9+.-]*:/i;

interface UrlParts {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
}
const noUrl: UrlParts = { scheme: "", host: "", path: "" };

/**
 * The scheme, host and path of ONE URL, as docs/semantics.md reads it: a scheme-less `www.example.com/x` or
 * `//example.com` is read as `https://`; `mailto:` one address has its scheme only; anything `URL` rejects, with user
 * info (`https://bank.example@evil.example/`), whitespace, control characters, `\`, or a host that is no host name is no URL.
 */
function urlParts(s: string): UrlParts {
  if (foreignToUrl.test(s)) return noUrl;
  if (/^mailto:/i.test(s)) return domain(s) === "" ? noUrl : { scheme: "mailto", host: "", path: "" };
  const named = schemeAndAuthority.test(s) || (schemeOnly.test(s) && !hostAndPort.test(s));
  const relative = s === "" || ("/?#".includes(s.charAt(0)) && !s.startsWith("//"));
  if (!named && relative) return noUrl;
  let parsed: InstanceType<typeof URL>;
  try {
    parsed = new URL(named ? s : s.startsWith("//") ? `https:${s}` : `https://${s}`);
  } catch {
    return noUrl;
  }
  if (parsed.username !== "" || parsed.password !== "") return noUrl;
  const scheme = named ? parsed.protocol.slice(0, -1).toLowerCase() : "";
  const name = parsed.hostname.toLowerCase();
  if (name === "") return { scheme, host: "", path: "" };
  return hostName.test(name) ? { scheme, host: name, path: parsed.pathname } : noUrl;
}

/** `host(u)`: the lower-cased host name of one URL (see `urlParts`); `""` for anything else. */
export function host(url: unknown): string {
  return urlParts(text(url)).host;
}

/** `path(u)`: the path of one URL with a host, dot segments removed as `URL` reads them; `""` for anything else. */
export function path(url: unknown): string {
  return urlParts(text(url)).path;
}

/** `scheme(u)`: the lower-cased scheme the text of one URL names (`https`, `mailto`); `""` for a scheme-less URL or anything else. */
export function scheme(url: unknown): string {
  return urlParts(text(url)).scheme;
}

/** `replace(s, old, new)`: every occurrence of `old`, left to right and not overlapping, replaced by `new`; an empty `old` changes nothing. */
export function replace(s: unknown, old: unknown, replacement: unknown): string {
  const [subject, from, to] = [text(s), text(old), text(replacement)];
  return from === "" ? subject : subject.split(from).join(to);
}

/** `trim(s)`: without the white space and line terminators at either end. */
export function trim(s: unknown): string {
  return text(s).trim();
}

/** `split(s, sep)`: the pieces between occurrences of `sep`; an empty `sep` splits into code points. */
export function split(s: unknown, sep: unknown): string[] {
  const [subject, separator] = [text(s), text(sep)];
  return separator === "" ? [...subject] : subject.split(separator);
}

/** `a / b`: faults on a zero divisor instead of producing an infinity. */
export function div(a: number, b: number): number {
  if (b === 0) throw new Fault("division by zero");
  return a / b;
}
