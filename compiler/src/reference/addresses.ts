// The reference reading of `domain` and of `host`, `path` and `scheme`, written from docs/semantics.md code point by code point: an answer only for text that is one address or one URL, `""` otherwise.

/** Whether a code point is whitespace, a control or format character, or a lone surrogate: never part of one address or URL. */
function invisible(ch: string): boolean {
  return /^[\s\p{Cc}\p{Cf}\p{Cs}]$/u.test(ch);
}

/** Whether `text` is one or more non-empty labels, each of code points `label` accepts, separated by single dots. */
function labels(text: string, label: (ch: string) => boolean): boolean {
  return text.split(".").every((part) => part !== "" && [...part].every(label));
}

/** `domain(e)`: e (the address of a `mailto:` URL, up to its `?`) split at `@` must give a non-empty local part free of separators and a domain name, which is the answer lower-cased. */
export function domainOf(email: string): string {
  const address = email.toLowerCase().startsWith("mailto:") ? (email.slice(7).split("?")[0] ?? "") : email;
  const pieces = address.split("@");
  if (pieces.length !== 2) return "";
  const [local, name] = pieces as [string, string];
  if (local === "" || [...local].some((ch) => invisible(ch) || ',;:<>()[]"\\'.includes(ch))) return "";
  return labels(name, (ch) => /^[\p{L}\p{M}\p{N}_-]$/u.test(ch)) ? name.toLowerCase() : "";
}

/** The parts of one URL that `host`, `path` and `scheme` answer. */
export interface UrlPartsOf {
  readonly scheme: string;
  readonly host: string;
  readonly path: string;
}
const noParts: UrlPartsOf = { scheme: "", host: "", path: "" };

const schemeStart = (ch: string): boolean => /^[a-zA-Z]$/.test(ch);
const schemeRest = (ch: string): boolean => /^[a-zA-Z0-9+.-]$/.test(ch);

/** The scheme `url` names: the text before its first `:` when that is a scheme's spelling, else undefined. */
function namedScheme(url: string): string | undefined {
  const colon = url.indexOf(":");
  if (colon <= 0) return undefined;
  const name = url.slice(0, colon);
  return schemeStart(name.charAt(0)) && [...name].every(schemeRest) ? name : undefined;
}

/** Whether `url` begins with a host and a port and no scheme: text without `/ ? # : @`, a `:`, digits, then `/ ? #` or the end. */
function startsWithHostAndPort(url: string): boolean {
  const colon = url.indexOf(":");
  if (colon <= 0 || [...url.slice(0, colon)].some((ch) => "/?#@".includes(ch))) return false;
  let i = colon + 1;
  while (i < url.length && "0123456789".includes(url.charAt(i))) i++;
  return i === url.length || "/?#".includes(url.charAt(i));
}

/** `scheme(u)`, `host(u)`, `path(u)`: the reading of docs/semantics.md, step by step. */
export function urlPartsOf(url: string): UrlPartsOf {
  if ([...url].some((ch) => invisible(ch) || ch === "\\")) return noParts;
  if (url.toLowerCase().startsWith("mailto:")) {
    return domainOf(url) === "" ? noParts : { scheme: "mailto", host: "", path: "" };
  }
  const scheme = namedScheme(url);
  const named = scheme !== undefined && (url.slice(scheme.length + 1).startsWith("//") || !startsWithHostAndPort(url));
  let absolute = url;
  if (!named) {
    if (url.startsWith("//")) absolute = `https:${url}`;
    else if (url === "" || url.startsWith("/") || url.startsWith("?") || url.startsWith("#")) return noParts;
    else absolute = `https://${url}`;
  }
  let parsed: URL;
  try {
    parsed = new URL(absolute);
  } catch {
    return noParts;
  }
  if (parsed.username !== "" || parsed.password !== "") return noParts;
  const given = named ? scheme.toLowerCase() : "";
  const name = parsed.hostname.toLowerCase();
  if (name === "") return { scheme: given, host: "", path: "" };
  const ipv6 = name.startsWith("[") && name.endsWith("]") && name.length > 2 && [...name.slice(1, -1)].every((ch) => "0123456789abcdef:.".includes(ch));
  return ipv6 || labels(name, (ch) => "abcdefghijklmnopqrstuvwxyz0123456789-_".includes(ch)) ? { scheme: given, host: name, path: parsed.pathname } : noParts;
}
