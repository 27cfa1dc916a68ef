// End-to-end tests of `apol compile`, `apol replay` and `apol debug stages`: the built executable on real files.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apol, buildOnce, root } from "./apol-process.js";

const work = mkdtempSync(join(tmpdir(), "apol-compile-"));
beforeAll(buildOnce);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const shop = `policy shop
tool buy(item: string, price: number)
rule cheap { allow buy when args.price <= 10 }
rule no_guns { deny buy when args.item == "gun" reason "no weapons" }
`;
writeFileSync(join(work, "shop.apol"), shop);

describe("apol compile", () => {
  it("writes NAME.js and NAME.d.ts that a plain Node script imports and calls", async () => {
    const runtime = pathToFileURL(join(root, "runtime", "dist", "ops.js")).href;
    const result = apol(["compile", "shop.apol", "-o", "out", "--runtime-import", runtime], work);
    expect(result).toEqual({ code: 0, out: `${join("out", "shop.js")}\n${join("out", "shop.d.ts")}\n`, err: "compiled 1 policy\n" });
    const module = (await import(pathToFileURL(join(work, "out", "shop.js")).href)) as {
      evaluate: (r: unknown, s: unknown, e: boolean) => unknown;
      policy: string;
    };
    expect(module.policy).toBe("shop");
    expect(module.evaluate({ tool: "buy", args: { item: "pen", price: 2 } }, undefined, false)).toEqual({ effect: "allow", rule: 0 });
    expect(module.evaluate({ tool: "buy", args: { item: "gun", price: 2 } }, undefined, true)).toEqual({ effect: "deny", rule: 1, matched: [0, 1] });
    // `apol help compile` names every export of the module, and only those.
    const help = apol(["help", "compile"], work).out;
    const listed = /The module exports (.*?);/.exec(help)?.[1] ?? "";
    expect([...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]).sort()).toEqual(Object.keys(module).sort());
    const dts = readFileSync(join(work, "out", "shop.d.ts"), "utf8");
    expect(dts).toContain('| (RequestBase & { readonly tool: "buy"; readonly args: { readonly "item": string; readonly "price": number; } })');
  });

  it("with --schemas, also writes NAME.schemas.json: each tool's arguments as a JSON Schema", () => {
    const result = apol(["compile", "shop.apol", "-o", "schemas", "--schemas"], work);
    expect(result.out).toBe(`${join("schemas", "shop.js")}\n${join("schemas", "shop.d.ts")}\n${join("schemas", "shop.schemas.json")}\n`);
    expect(JSON.parse(readFileSync(join(work, "schemas", "shop.schemas.json"), "utf8"))).toEqual({
      buy: { type: "object", properties: { item: { type: "string" }, price: { type: "number" } }, required: ["item", "price"], additionalProperties: false },
    });
  });

  it("writes nothing for a policy with errors and exits 1", () => {
    writeFileSync(join(work, "broken.apol"), "policy b\ntool t()\nrule r { allow u }\n");
    const result = apol(["compile", "broken.apol", "-o", "none"], work);
    expect(result.code).toBe(1);
    expect(result.err).toContain("error[apol/unknown-tool]: unknown tool `u`");
    expect(() => readFileSync(join(work, "none", "broken.js"))).toThrow();
  });

  it("refuses two policies that would write the same output, before writing either", () => {
    for (const dir of ["a", "b"]) {
      mkdirSync(join(work, dir), { recursive: true });
      writeFileSync(join(work, dir, "x.apol"), shop.replace("policy shop", `policy ${dir}`));
    }
    const result = apol(["compile", join("a", "x.apol"), join("b", "x.apol"), "-o", "same"], work);
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `apol: \`${join("a", "x.apol")}\` and \`${join("b", "x.apol")}\` would both compile to \`${join("same", "x.js")}\`; compile them separately with different --out folders, or rename one\n`,
    });
    expect(existsSync(join(work, "same"))).toBe(false);
  });

  it("does not write through a symbolic link at the output path", () => {
    const victim = join(work, "victim.txt");
    writeFileSync(victim, "keep me\n");
    mkdirSync(join(work, "linked"), { recursive: true });
    symlinkSync(victim, join(work, "linked", "shop.js"));
    const result = apol(["compile", "shop.apol", "-o", "linked"], work);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`apol: cannot write \`${join("linked", "shop.js")}\`: it is a symbolic link; remove it, or choose another --out folder\n`);
    expect(readFileSync(victim, "utf8")).toBe("keep me\n");
    expect(lstatSync(join(work, "linked", "shop.js")).isSymbolicLink()).toBe(true);
  });
});

describe("apol replay", () => {
  it("decides every step of the example trace and sums up", () => {
    const result = apol(["replay", "examples/banking.apol", "examples/banking.trace.jsonl"], root);
    expect(result.code).toBe(0);
    const lines = result.out.split("\n");
    expect(lines.slice(0, 9).map((l) => l.trim().split(/\s+/).slice(0, 4).join(" "))).toEqual([
      "1 allow get_balance reads",
      "2 allow send_money small_transfers",
      "3 review send_money large_transfers",
      "4 deny send_money known_recipients",
      "5 deny send_money no_injected_arguments",
      "6 allow send_email mail",
      "7 deny send_money $invalid-request",
      "8 deny delete_account $unknown-tool",
      "9 deny update_password untrusted_agents",
    ]);
    expect(lines.slice(9)).toEqual([
      "",
      "9 steps: 3 allow, 1 review, 5 deny",
      "       1  allow mail",
      "       1  allow reads",
      "       1  allow small_transfers",
      "       1  deny $invalid-request",
      "       1  deny $unknown-tool",
      "       1  deny known_recipients",
      "       1  deny no_injected_arguments",
      "       1  deny untrusted_agents",
      "       1  review large_transfers",
      "",
      "2 sessions, 2 with a deny or review; the first in each:",
      "  s-1  line 3  review send_money by large_transfers",
      "  s-2  line 9  deny update_password by untrusted_agents",
      "",
    ]);
  });

  it("prints only the summary with --summary", () => {
    const full = apol(["replay", "examples/banking.apol", "examples/banking.trace.jsonl"], root);
    const summary = apol(["replay", "examples/banking.apol", "examples/banking.trace.jsonl", "--summary"], root);
    expect(summary).toEqual({ code: 0, out: full.out.split("\n").slice(10).join("\n"), err: "" });
  });

  it("prints decision objects with --format json and reports malformed lines", () => {
    writeFileSync(join(work, "trace.jsonl"), '{"tool":"buy","args":{"item":"pen","price":1}}\nnot json\n[1]\n');
    const result = apol(["replay", "shop.apol", "trace.jsonl", "--format", "json"], work);
    expect(result.code).toBe(1);
    const [decision, summary, ...rest] = result.out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
    expect(decision).toMatchObject({ effect: "allow", rule: "cheap", policy: "shop", location: "shop.apol:3:1" });
    expect(summary).toEqual({
      summary: {
        steps: 1,
        effects: { allow: 1, review: 0, deny: 0 },
        rules: [{ effect: "allow", rule: "cheap", count: 1 }],
        sessions: { count: 0, firstDenyOrReview: [] },
      },
    });
    expect(decision!["policyHash"]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(result.err).toContain("trace.jsonl:2: not valid JSON");
    expect(result.err).toContain("trace.jsonl:3: a step must be a JSON object");
  });
});

describe("apol debug stages", () => {
  it("prints the optimized decision tree", () => {
    const result = apol(["debug", "stages", "--stage", "optimize", "shop.apol"], work);
    expect(result.code).toBe(0);
    expect(result.out).toBe(
      [
        "policy shop timezone UTC",
        "rules",
        '  #0 allow cheap @3:1-3:47 reason "allowed by rule `cheap`"',
        '  #1 deny no_guns @4:1-4:70 reason "no weapons"',
        "tool buy tier 0(item: string, price: number)",
        "  deny #1 no_guns @4:30-4:48",
        '    if (args.item == "gun")',
        "  allow #0 cheap @3:29-3:45",
        "    if (args.price <= 10)",
        "  else deny $default",
        "",
      ].join("\n"),
    );
  });

  it("rejects an unknown stage and lists the stages", () => {
    const result = apol(["debug", "stages", "--stage", "optimise", "shop.apol"], work);
    expect(result.code).toBe(2);
    expect(result.err).toContain("optimize");
  });

  it("asks for the subcommand, and `explain` is no longer a command", () => {
    expect(apol(["debug", "shop.apol"], work).err).toContain("apol debug: give `stages` and exactly one file");
    expect(apol(["explain", "shop.apol"], work).err).toContain("unknown command `explain`");
  });
});
