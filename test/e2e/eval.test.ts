// End-to-end tests of `apol eval`: the built executable deciding requests from a file, stdin and JSON Lines, and explaining one rule by rule.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-eval-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(
  join(work, "shop.apol"),
  `policy shop
tool buy(item: string, price: number)
tool browse()
rule cheap { allow buy when args.price <= 10 and args.item != "gift" }
rule no_guns { deny buy when args.item == "gun" reason "no weapons" }
rule at_most_two { deny buy when count(buy, 1h) >= 2 reason "two purchases an hour" }
rule look { allow browse }
`,
);
const pen = { session: "s-1", now: "2026-01-01T10:00:00Z", tool: "buy", args: { item: "pen", price: 2 } };
writeFileSync(join(work, "pen.json"), JSON.stringify(pen, null, 2));

describe("apol eval", () => {
  it("decides a request from a file and prints the decision as JSON", () => {
    const result = apol(["eval", "shop.apol", "pen.json"], work);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      effect: "allow",
      rule: "cheap",
      reason: "allowed by rule `cheap`",
      policy: "shop",
      policyHash: expect.stringMatching(/^sha256:/),
      tool: "buy",
      session: "s-1",
      location: "shop.apol:4:1",
    });
  });

  it("reads stdin with `-` or no file, and decides JSON Lines in order with sessions carried over", () => {
    const lines = [1, 2, 3].map((n) => JSON.stringify({ ...pen, now: `2026-01-01T10:0${n}:00Z` })).join("\n");
    const result = apol(["eval", "shop.apol", "--format", "text"], work, `${lines}\n`);
    expect(result).toEqual({
      code: 0,
      out: [
        "allow  buy  cheap  allowed by rule `cheap`",
        "allow  buy  cheap  allowed by rule `cheap`",
        "deny  buy  at_most_two  two purchases an hour",
        "",
      ].join("\n"),
      err: "",
    });
    expect(JSON.parse(apol(["eval", "shop.apol", "-"], work, JSON.stringify({ tool: "buy", args: { item: "gun", price: 1 } })).out)).toMatchObject({
      effect: "deny",
      rule: "no_guns",
    });
  });

  it("explains every rule: whether it targets the tool and matched, and each condition part's value", () => {
    const result = apol(["eval", "shop.apol", "-", "--explain", "--format", "text"], work, JSON.stringify({ tool: "buy", args: { item: "gift", price: 2 } }));
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        "deny  buy  $default  no rule allows `buy`",
        "✗ cheap        allow   did not match  (shop.apol:4:1)",
        "    when    args.price <= 10  →  true",
        '    when    args.item != "gift"  →  false',
        "✗ no_guns      deny    did not match  (shop.apol:5:1)",
        '    when    args.item == "gun"  →  false',
        "✗ at_most_two  deny    did not match  (shop.apol:6:1)",
        "    when    count(buy, 1h) >= 2  →  false",
        "- look         allow   does not target this tool  (shop.apol:7:1)",
        "",
      ].join("\n"),
    );
  });

  it("shows skipped parts, and says so when the request never reached the rules", () => {
    const skipped = apol(["eval", "shop.apol", "-", "--explain"], work, JSON.stringify({ tool: "buy", args: { item: "pen", price: 20 } }));
    expect(skipped.out).toContain('    when    args.item != "gift"  →  skipped\n');
    const refused = apol(["eval", "shop.apol", "-", "--explain"], work, JSON.stringify({ tool: "sell", args: {} }));
    expect(JSON.parse(refused.out.split("\n")[0] ?? "")).toMatchObject({ effect: "deny", rule: "$unknown-tool" });
    expect(refused.out).toContain("no rule was evaluated: the request was refused before the rules (see its reason)\n");
  });

  it("refuses input that is not JSON, `--explain` of several requests, and a missing file", () => {
    expect(apol(["eval", "shop.apol", "-"], work, "{}\nnope\n")).toMatchObject({
      code: 1,
      err: expect.stringContaining("apol eval: stdin: line 2 is not JSON"),
    });
    expect(apol(["eval", "shop.apol", "-", "--explain"], work, "{}\n{}\n")).toMatchObject({
      code: 2,
      err: "apol eval: `--explain` explains one request; the input holds 2\n",
    });
    expect(apol(["eval", "shop.apol", "missing.json"], work)).toMatchObject({ code: 2, err: "apol: cannot read `missing.json`: no such file\n" });
  });
});
