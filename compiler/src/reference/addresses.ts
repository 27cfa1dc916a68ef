// The reference reading of `domain` and `host`, written from docs/semantics.md code point by code point: an answer only for text that is one address or one URL, `""` otherwise.

/** Whether a code point is whitespace, a control or format character, or a lone surrogate: never part of one address or URL. */
function invisible(ch: string): boolean {
  return /^[\s\p{Cc}\p{Cf}\p{Cs}]$/u.test(ch);
}

/** Whether `text` is one or more non-empty labels, each of code points `label` accepts, separated by single dots. */
function labels(text: string, label: (ch: string) => boolean): boolean {
  return text.split(".").every((part) => part !== "" && [...part].every(label));
}

/** `domain(e)`: e split at `@` must give a non-empty local part free of separators and a domain name, which is the answer lower-cased. */
export function domainOf(email: string): string {
  const pieces = email.split("@");
  if (pieces.length !== 2) return "";
  const [local, name] = pieces as [string, string];
  if (local === "" || [...local].some((ch) => invisible(ch) || ',;:<>()[]"\\'.includes(ch))) return "";
  return labels(name, (ch) => /^[\p{L}\p{M}\p{N}_-]$/u.test(ch)) ? name.toLowerCase() : "";
}

/** `host(u)`: the host `URL` reads, lower-cased, of text without invisible code points or `\`, with no user info and a plain host name. */
export function hostOf(url: string): string {
  if ([...url].some((ch) => invisible(ch) || ch === "\\")) return "";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "";
  }
  if (parsed.username !== "" || parsed.password !== "") return "";
  const name = parsed.hostname.toLowerCase();
  const ipv6 = name.startsWith("[") && name.endsWith("]") && name.length > 2 && [...name.slice(1, -1)].every((ch) => "0123456789abcdef:.".includes(ch));
  return ipv6 || labels(name, (ch) => "abcdefghijklmnopqrstuvwxyz0123456789-_".includes(ch)) ? name : "";
}
