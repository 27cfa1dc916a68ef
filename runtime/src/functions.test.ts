import { describe, expect, it } from "vitest";
import { Fault } from "./fault.js";
import { div, domain, host, len, lower, upper } from "./functions.js";

describe("lower and upper", () => {
  it("use the Unicode default case mapping", () => {
    expect(lower("ÄbC")).toBe("äbc");
    expect(upper("straße")).toBe("STRASSE");
  });

  it("fault on anything but a string", () => {
    expect(() => lower(1)).toThrow(Fault);
    expect(() => upper(null)).toThrow(Fault);
  });
});

describe("len", () => {
  it("counts code points of strings and items of lists", () => {
    expect(len("")).toBe(0);
    expect(len("abc")).toBe(3);
    expect(len("😀a")).toBe(2);
    expect(len([1, [2, 3]])).toBe(2);
  });

  it("faults on anything else", () => {
    expect(() => len(5)).toThrow(Fault);
    expect(() => len({ length: 2 })).toThrow(Fault);
  });
});

describe("domain", () => {
  it("takes the lower-cased text after the last `@`", () => {
    expect(domain("Ann@Example.COM")).toBe("example.com");
    expect(domain("a@b@evil.org")).toBe("evil.org");
    expect(domain("ann@")).toBe("");
    expect(domain("no-at-sign")).toBe("");
    expect(() => domain(["a@b"])).toThrow(Fault);
  });
});

describe("host", () => {
  it("takes the lower-cased host name of an absolute URL", () => {
    expect(host("https://API.example.com:8443/x?q=1")).toBe("api.example.com");
    expect(host("https://user:pw@evil.org@good.com/")).toBe("good.com");
    expect(host("custom://Some.Host/path")).toBe("some.host");
    expect(host("mailto:ann@example.com")).toBe("");
  });

  it("is empty when the text is not an absolute URL", () => {
    expect(host("example.com/path")).toBe("");
    expect(host("")).toBe("");
    expect(host("http://")).toBe("");
    expect(() => host(42)).toThrow(Fault);
  });
});

describe("div", () => {
  it("divides and faults on a zero divisor", () => {
    expect(div(7, 2)).toBe(3.5);
    expect(div(0, 5)).toBe(0);
    expect(() => div(1, 0)).toThrow(Fault);
    expect(() => div(1, -0)).toThrow(new Fault("division by zero"));
  });
});
