import { describe, expect, it } from "vitest";
import { Fault } from "./fault.js";
import { domain, host, len, lower, path, replace, scheme, split, trim, upper } from "./functions.js";

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

  it("reads a scheme-less URL as `https://`, a host and port included", () => {
    expect(host("www.Informations.com")).toBe("www.informations.com");
    expect(host("example.com/path")).toBe("example.com");
    expect(host("example.com:8080/a")).toBe("example.com");
    expect(host("localhost:3000")).toBe("localhost");
    expect(host("//cdn.example/x")).toBe("cdn.example");
  });

  it("is empty when the text is no URL with a host", () => {
    expect(host("/etc/passwd")).toBe("");
    expect(host("javascript:alert(1)")).toBe("");
    expect(host("ann@example.com")).toBe("");
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

describe("path and scheme", () => {
  it("give the path of a URL with a host, dot segments removed, and the scheme the text names", () => {
    expect([scheme("HTTPS://x.example/a/../b?q=1#f"), path("HTTPS://x.example/a/../b?q=1#f")]).toEqual(["https", "/b"]);
    expect([scheme("x.example"), path("x.example")]).toEqual(["", "/"]);
    expect([scheme("Mailto:ann@x.example?subject=hi"), path("mailto:ann@x.example")]).toEqual(["mailto", ""]);
    expect([scheme("javascript:alert(1)"), path("javascript:alert(1)")]).toEqual(["javascript", ""]);
    expect([scheme("https://bank.example@evil.example/"), path("https://bank.example@evil.example/x")]).toEqual(["", ""]);
    expect(scheme("mailto:a@x.example,b@y.example")).toBe("");
  });
});

describe("replace, trim and split", () => {
  it("replace every occurrence left to right, an empty one never", () => {
    expect(replace("DE12 3456 78", " ", "")).toBe("DE12345678");
    expect(replace("aaa", "aa", "b")).toBe("ba");
    expect(replace("abc", "", "x")).toBe("abc");
    expect(() => replace("a", 1, "b")).toThrow(Fault);
  });

  it("trim white space and line breaks at both ends", () => {
    expect(trim("\u00a0 a b\r\n")).toBe("a b");
  });

  it("split at each separator, into code points for an empty one", () => {
    expect(split("a,,b", ",")).toEqual(["a", "", "b"]);
    expect(split("", ",")).toEqual([""]);
    expect(split("😀x", "")).toEqual(["😀", "x"]);
  });
});
