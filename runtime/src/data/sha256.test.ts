import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { sha256Hex } from "./sha256.js";

/** node:crypto encodes a lone surrogate as U+FFFD too. */
const reference = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

describe("sha256Hex", () => {
  it("matches the published test vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")).toBe("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  });

  it("agrees with node:crypto on any text, across block boundaries and outside the BMP", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
        expect(sha256Hex(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
    for (let n = 50; n < 70; n++) expect(sha256Hex("a".repeat(n))).toBe(reference("a".repeat(n)));
  });

  it("encodes a lone surrogate as U+FFFD, as TextEncoder does", () => {
    expect(sha256Hex("\ud800")).toBe(sha256Hex("\ufffd"));
  });
});
