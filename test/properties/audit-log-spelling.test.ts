// The decision log's hand-joined lines: for any data, time and position an entry's line is exactly what
// `JSON.stringify` spells for the record (the spelling the verifier demands), and the writer's byte count of it is exact.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dataJson, entryLine, envelopeBytes, GENESIS, serialize } from "../../audit/src/record.js";

/** The record as `JSON.stringify` spells it: the definition the hand-joined line must match. */
const stringified = (seq: number, time: number, prev: string, data: unknown): string => JSON.stringify({ seq, time, prev, kind: "entry", data });

/** Objects whose `toJSON` answers with the key it is called with, or with nothing. */
const withToJson = fc.oneof(
  fc.constant({ toJSON: (key: string) => `key:${key}` }),
  fc.constant({ toJSON: () => undefined }),
  fc.date({ noInvalidDate: true }),
  fc.constant({ nested: { toJSON: (key: string) => ({ key }) } }),
);

/** JSON values with the awkward corners: lone surrogates, control characters, `-0`, huge and tiny numbers, `__proto__` keys. */
const data = fc.oneof(
  fc.jsonValue(),
  fc.anything({ withBoxedValues: true, withNullPrototype: true, withObjectString: true }).filter((v) => !containsBigInt(v)),
  fc.string({ unit: "binary" }),
  fc.constantFrom(-0, 1e21, 1e-7, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, "\u2028\u2029", "\ud800", { ["__proto__"]: 1 }),
  withToJson,
);

const seq = fc.oneof(fc.nat(), fc.constantFrom(0, 9, 10, 99, 100, Number.MAX_SAFE_INTEGER));
const time = fc.oneof(
  fc.integer({ min: 0, max: 4_102_444_800_000 }),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1e21, 1e20, 999_999_999_999_999_900_000, 0.5, NaN, Infinity),
);
const prev = fc.oneof(fc.constant(GENESIS), fc.stringMatching(/^[0-9a-f]{64}$/));

function containsBigInt(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === "bigint") return true;
  if (typeof value !== "object" || value === null || seen.has(value)) return false;
  seen.add(value);
  return Reflect.ownKeys(value).some((k) => containsBigInt((value as Record<PropertyKey, unknown>)[k], seen));
}

describe("the decision log spells an entry by hand exactly as JSON.stringify spells the record", () => {
  it("entryLine(dataJson(data)) and serialize equal JSON.stringify of the record", () => {
    fc.assert(
      fc.property(seq, time, prev, data, (s, t, p, d) => {
        const expected = stringified(s, t, p, d);
        expect(serialize({ seq: s, time: t, prev: p, kind: "entry", data: d })).toBe(expected);
        const json = dataJson(d);
        if (json !== undefined) expect(entryLine(s, t, p, json)).toBe(expected);
        else expect(expected).toBe(JSON.stringify({ seq: s, time: t, prev: p, kind: "entry" }));
      }),
      { numRuns: 2000 },
    );
  });

  it("envelopeBytes counts the UTF-8 bytes of the line and its newline, but for the data", () => {
    fc.assert(
      fc.property(seq, time, data, (s, t, d) => {
        const json = dataJson(d);
        fc.pre(json !== undefined);
        expect(envelopeBytes(s, t) + Buffer.byteLength(json!)).toBe(Buffer.byteLength(`${entryLine(s, t, GENESIS, json!)}\n`));
      }),
      { numRuns: 2000 },
    );
  });

  it("a toJSON method sees the key `data`, as inside the record", () => {
    expect(dataJson({ toJSON: (key: string) => key })).toBe('"data"');
    expect(dataJson({ toJSON: () => undefined })).toBeUndefined();
    expect(dataJson(undefined)).toBeUndefined();
    expect(dataJson(() => 1)).toBeUndefined();
    expect(dataJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });
});
