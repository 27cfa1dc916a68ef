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
  it("takes the lower-cased domain of one address", () => {
    expect(domain("Ann@Example.COM")).toBe("example.com");
    expect(domain("ann.lee+tag@mail.bücher.example")).toBe("mail.bücher.example");
    expect(domain("ann@")).toBe("");
    expect(domain("no-at-sign")).toBe("");
    expect(() => domain(["a@b"])).toThrow(Fault);
  });

  it("is empty for anything but one address: lists, display names, quoted local parts, several `@`, whitespace, controls", () => {
    for (const hostile of [
      "leak@evil.example, ops@bank.example",
      "leak@evil.example,ops@bank.example",
      "leak@evil.example;ops@bank.example",
      "leak@evil.example ops@bank.example",
      "a@b@bank.example",
      '"Leak, Ops" <leak@evil.example>, ops@bank.example',
      "Ops <ops@bank.example>",
      '"leak@evil.example"@bank.example',
      "leak@evil.example\r\nBcc: ops@bank.example",
      "leak\n@bank.example",
      "ops@bank.example\n",
      " ops@bank.example",
      "leak\\@bank.example",
      "(comment)ops@bank.example",
      "ops@bank.example.",
      "ops@bank..example",
      "ops@[10.0.0.1]",
      "ops@bank.example\u200b",
      "ops\ud800@bank.example",
      "@bank.example",
    ]) {
      expect(domain(hostile), JSON.stringify(hostile)).toBe("");
    }
  });
});

describe("host", () => {
  it("takes the lower-cased host name of one absolute URL", () => {
    expect(host("https://API.example.com:8443/x?q=1")).toBe("api.example.com");
    expect(host("custom://Some.Host/path")).toBe("some.host");
    expect(host("https://[::1]:8080/")).toBe("[::1]");
    expect(host("https://h.example/a,https://evil.example/")).toBe("h.example");
    expect(host("mailto:ann@example.com")).toBe("");
  });

  it("is empty when the text is not an absolute URL", () => {
    expect(host("example.com/path")).toBe("");
    expect(host("")).toBe("");
    expect(host("http://")).toBe("");
    expect(() => host(42)).toThrow(Fault);
  });

  it("is empty for user info, `\\`, whitespace, controls, lists and hosts that are no host names", () => {
    for (const hostile of [
      "https://bank.example@evil.example/",
      "https://user:pw@evil.org@good.com/",
      "https://:pw@bank.example/",
      "https://bank.example\\@evil.example/",
      "https://bank.example\\evil.example/",
      "https://bank.example/ https://evil.example/",
      " https://bank.example/",
      "https://bank.example/\n",
      "https://bank.ex\tample/",
      "https://bank.example\r\n.evil.example/",
      "https://evil.example;https://bank.example/",
      "https://evil.example,bank.example/",
      "https://bank.example./",
      "custom://bank%2Eexample/",
      "https://bank.example\u200b/",
    ]) {
      expect(host(hostile), JSON.stringify(hostile)).toBe("");
    }
  });
});
