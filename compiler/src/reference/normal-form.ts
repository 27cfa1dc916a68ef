// The normal form provenance compares text in (docs/session-state.md, "Normal form"), stated as regular expressions: the
// runtime's `normalize` does the last steps by direct search (runtime/src/provenance/tidy.ts) and must agree with this.
import { addressIn, percentDecoded, unicodeForms } from "@apol/runtime";

/**
 * Text after case folding, tidied: each run of whitespace as one space, `mailto:`, `http://`, `https://`, `ftp://`
 * and a leading `www.` removed, slashes ending a URL removed, the separators (space, `-`, `.`) of an IBAN and the
 * spaces and `-` between two digits removed, no whitespace at either end.
 */
function tidyBySpec(folded: string): string {
  return folded
    .replace(/[^\S ]\s*| \s+/g, " ")
    .replace(/\bmailto:|\b(?:https?|ftp):\/\/|(?<![\p{L}\p{M}\p{N}_.-])www\./gu, "")
    .replace(/\/+(?=[\s"'`()<>[\]{},;|=&*\u0000]|$)/g, "")
    .replace(/\b[a-z]{2}[0-9]{2}(?:[ .-]?[0-9a-z]{4}){2,7}(?:[ .-]?[0-9a-z]{1,3})?\b/g, (iban) => iban.replace(/[ .-]/g, ""))
    .replace(/([0-9])[ -](?=[0-9])/g, "$1")
    .trim();
}

/** The normal form of `text`: percent-escapes decoded, NFKC, case folded, format characters removed, digits as ASCII, tidied. */
export function normalForm(text: string): string {
  return tidyBySpec(unicodeForms(percentDecoded(text)));
}

/** The value a destination is compared by: its normal form, or the address of `Name <address>`. */
export function destinationForm(value: string): string {
  return addressIn(normalForm(value));
}
