// `domain`, `host`, `path` and `scheme`: the runtime (which generated modules call) and the reference evaluator agree on text assembled from the pieces of addresses, URLs and their hostile look-alikes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { domainOf, urlPartsOf } from "../../compiler/src/reference/addresses.js";
import { domain, host, path, scheme } from "../../runtime/src/evaluate/functions.js";

/** Pieces of addresses and URLs, separators of lists and display names, and characters parsers read differently. */
const pieces = [
  "ann",
  "Ann.Lee+x",
  "@",
  "a.example",
  "B.Example",
  "bücher",
  "https://",
  "http:",
  "custom://",
  "//",
  "/",
  ":",
  ":8443",
  "?q=1",
  "#f",
  ",",
  ";",
  " ",
  "\t",
  "\r\n",
  "\n",
  "\\",
  '"',
  "<",
  ">",
  "(",
  ")",
  "[",
  "]",
  "[::1]",
  ".",
  "..",
  "-",
  "_",
  "%2E",
  "%40",
  "\u200b",
  "\u00a0",
  "\ud800",
  "\u0130",
  "𝐀",
  "xn--bcher-kva",
  "127.0.0.1",
  "mailto:",
  "MAILTO:",
  "www.",
  "localhost",
  ":3000",
  "/a/../b",
  "?",
  "javascript:",
  "+",
];
const soup = fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((p) => p.join(""));
/** Usually nothing, so that whole addresses and URLs come out too. */
const splice = fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: soup });
/** Mostly an address or a URL with a little soup spliced in, sometimes soup alone. */
const text = fc.oneof(
  fc
    .tuple(
      splice,
      fc.constantFrom("ann", "Ann.Lee+x", "x"),
      splice,
      fc.constantFrom("a.example", "B.Example", "bücher.example", "xn--bcher-kva.example"),
      splice,
    )
    .map(([a, l, b, d, c]) => `${a}${l}${b}@${d}${c}`),
  fc
    .tuple(
      splice,
      fc.constantFrom("https://", "http://", "custom://", "", "//", "mailto:"),
      splice,
      fc.constantFrom("a.example", "H.Example", "[::1]", "127.0.0.1", "bücher.example"),
      splice,
    )
    .map(([a, s, b, h, c]) => `${a}${s}${b}${h}${c}`),
  soup,
);

describe("domain, host, path and scheme agree with the reference", () => {
  it("on 20,000 texts made of address and URL pieces", () => {
    let answered = 0;
    fc.assert(
      fc.property(text, (s) => {
        expect(domain(s)).toBe(domainOf(s));
        expect({ scheme: scheme(s), host: host(s), path: path(s) }).toEqual(urlPartsOf(s));
        if (domain(s) !== "" || host(s) !== "") answered++;
      }),
      { numRuns: 20_000 },
    );
    // The pieces do make addresses and URLs, not only text both sides refuse.
    expect(answered).toBeGreaterThan(1000);
  });
});
