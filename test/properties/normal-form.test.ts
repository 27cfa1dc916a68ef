// The runtime's normal form (tidied by direct search) equals the reference's, stated as regular expressions, on text
// built from the pieces each step looks for: schemes, `www.`, slashes, IBANs, digits, separators and whitespace.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalize } from "../../runtime/src/index.js";
import { normalForm } from "../../compiler/src/reference/normal-form.js";

const pieces = [
  "http",
  "https",
  "ftp",
  "://",
  ":",
  "/",
  "//",
  "mailto:",
  "MAILTO:",
  "www.",
  "w",
  "ww",
  ".",
  "-",
  "_",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "\u00a0",
  "\u2028",
  "\u3000",
  "\u200b",
  "\u00ad",
  "de",
  "gb",
  "DE",
  "12",
  "0",
  "9",
  "a",
  "z",
  "x",
  "é",
  "ё",
  "ı",
  "𝟙",
  "١٢",
  "%40",
  "%",
  "%e9",
  "%C3%A9",
  "\u0000",
  "(",
  ")",
  "<",
  ">",
  ",",
  ";",
  "=",
  "*",
  '"',
  "'",
  "`",
  "@",
  "1234",
  "abcd",
  "ABCD",
  "DE89 3704 0044 0532 0130 00",
  "GB33BUKB20201555555555",
  "gb33-bukb-2020-1555-5555-55",
  "nl91.abna.0417.1643.00",
  "+44 20 7946 0958",
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((p) => p.join(""));

describe("the normal form", () => {
  it("is the same by direct search as by the reference's regular expressions", () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(normalize(t)).toBe(normalForm(t));
      }),
      { numRuns: 20_000 },
    );
  });

  it("is the same on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (t) => {
        expect(normalize(t)).toBe(normalForm(t));
      }),
      { numRuns: 5_000 },
    );
  });
});
