import { describe, expect, it } from "vitest";
import { parse } from "../syntax/parse.js";
import type * as ast from "../ast/ast.js";
import { print } from "./print.js";

/** Parses `source` (which must be free of errors) and prints its AST without the source text. */
function reprint(source: string): string {
  const parsed = parse(source);
  expect(parsed.diagnostics).toEqual([]);
  return print(parsed.ast);
}

/** The printed form of one expression, via `const x = EXPR`. */
function expr(source: string): string {
  return reprint(`const x = ${source}`)
    .replace(/^const x = /, "")
    .replace(/\n$/, "");
}

const nowhere = { start: 0, end: 0 };

/** A policy of one `const x = value`, built by hand (for literals whose `raw` the parser would never leave stale). */
function constOf(value: ast.Expr): ast.Policy {
  const decl: ast.ConstDecl = { kind: "ConstDecl", span: nowhere, name: { text: "x", span: nowhere }, value };
  return { kind: "Policy", span: nowhere, headers: [], declarations: [decl], comments: [] };
}

describe("print: declarations", () => {
  it("prints an empty policy as nothing", () => {
    expect(reprint("")).toBe("");
  });

  it("prints a quoted tool name bare where it can, and quoted where MCP's spelling or a keyword needs it", () => {
    const source =
      'tool "send"()\ntool "create-issue"()\ntool "tool"()\nrule r { allow "send", "create-issue", "tool" when sum("fs/write".n, 1h) > count("a.b", 1h) }\ntest "t" { call "create-issue"() }\n';
    expect(reprint(source)).toBe(
      'tool send()\ntool "create-issue"()\ntool "tool"()\n\nrule r {\n  allow send, "create-issue", "tool"\n  when sum("fs/write".n, 1h) > count("a.b", 1h)\n}\n\ntest "t" {\n  call "create-issue"()\n}\n',
    );
  });

  it("prints the header, with and without a timezone", () => {
    expect(reprint("policy   p")).toBe("policy p\n");
    expect(reprint('policy p timezone  "Europe/Paris"')).toBe('policy p timezone "Europe/Paris"\n');
  });

  it("prints enums, shapes and records on one line when they fit", () => {
    const source = `
      enum Role {admin,teller ,}
      enum Empty {}
      agent {id:string trust:number}
      user {id: string, tags?: string[], address: {street: string, zip?: int}[][]}
      context {}
      resource {owner: string}`;
    expect(reprint(source)).toBe(
      [
        "enum Role { admin, teller }",
        "enum Empty {}",
        "",
        "agent { id: string, trust: number }",
        "user { id: string, tags?: string[], address: { street: string, zip?: int }[][] }",
        "context {}",
        "resource { owner: string }",
        "",
      ].join("\n"),
    );
  });

  it("breaks enums and shapes one item per line, without a trailing comma, past 100 columns", () => {
    const source = `
      enum Department { engineering, marketing, operations, finance, legal, human_resources, facilities, security }
      user { identifier: string, role: Role, department: Department, manager_email: string, cost_centre: string }`;
    expect(reprint(source)).toBe(
      [
        "enum Department {",
        "  engineering,",
        "  marketing,",
        "  operations,",
        "  finance,",
        "  legal,",
        "  human_resources,",
        "  facilities,",
        "  security",
        "}",
        "",
        "user {",
        "  identifier: string,",
        "  role: Role,",
        "  department: Department,",
        "  manager_email: string,",
        "  cost_centre: string",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("breaks only the record that does not fit", () => {
    const source = "resource { owner: { name: string, email: string }, history: { when: string, who: string, what: string, why: string }[] }";
    expect(reprint(source)).toBe(
      ["resource {", "  owner: { name: string, email: string },", "  history: { when: string, who: string, what: string, why: string }[]", "}", ""].join("\n"),
    );
  });

  it("prints tools on one line, clauses in the user's order", () => {
    const source = `
      tool get_balance()
      tool send_money(recipient: string, amount: number) tags financial, external tier 2 returns untrusted
      tool read(path: string) returns internal output { body: string, size?: int }`;
    expect(reprint(source)).toBe(
      [
        "tool get_balance()",
        "tool send_money(recipient: string, amount: number) tags financial, external tier 2 returns untrusted",
        "tool read(path: string) returns internal output { body: string, size?: int }",
        "",
      ].join("\n"),
    );
  });

  it("moves a long tool's clauses to their own lines, as the language's examples do", () => {
    const source = "tool send_money(recipient: string, amount: number, subject: string, date: string) tags financial, external, irreversible tier 3";
    expect(reprint(source)).toBe(
      ["tool send_money(recipient: string, amount: number, subject: string, date: string)", "  tags financial, external, irreversible", "  tier 3", ""].join(
        "\n",
      ),
    );
  });

  it("breaks a tool's arguments one per line only when they alone pass 100 columns", () => {
    const source = "tool transfer(recipient_account: string, amount_in_minor_units: int, payment_reference: string, value_date: string) tags money";
    expect(reprint(source)).toBe(
      [
        "tool transfer(",
        "  recipient_account: string,",
        "  amount_in_minor_units: int,",
        "  payment_reference: string,",
        "  value_date: string",
        ")",
        "  tags money",
        "",
      ].join("\n"),
    );
  });

  it("prints constants, breaking long lists one item per line", () => {
    const source = `
      const finance = ["cfo", "controller"]
      const trusted_recipients = ["UK12345678901234567890", "DE89370400440532013000", "FR7630006000011234567890189"]`;
    expect(reprint(source)).toBe(
      [
        'const finance = ["cfo", "controller"]',
        "const trusted_recipients = [",
        '  "UK12345678901234567890",',
        '  "DE89370400440532013000",',
        '  "FR7630006000011234567890189"',
        "]",
        "",
      ].join("\n"),
    );
  });

  it("prints every rule clause on its own line, in the user's order", () => {
    const source = `rule large { when args.amount > 500 review send_money, tagged money, tier >= 2, *
      approvals 2 of finance expires 30m reason "two approvals" unless user.role == admin }
      rule empty {}`;
    expect(reprint(source)).toBe(
      [
        "rule large {",
        "  when args.amount > 500",
        "  review send_money, tagged money, tier >= 2, *",
        "  approvals 2 of finance",
        "  expires 30m",
        '  reason "two approvals"',
        "  unless user.role == admin",
        "}",
        "",
        "rule empty {}",
        "",
      ].join("\n"),
    );
  });

  it("prints redact paths after the targets, with `[*]`", () => {
    expect(reprint("rule r { redact get_employee output.salary, output.accounts[*].iban, output[*] }")).toBe(
      ["rule r {", "  redact get_employee output.salary, output.accounts[*].iban, output[*]", "}", ""].join("\n"),
    );
  });

  it("prints argument paths as written, in source order among output paths", () => {
    expect(reprint("rule r { redact tagged payments args.card.number , output.receipt,args.items[*].iban when user.role != admin }")).toBe(
      ["rule r {", "  redact tagged payments args.card.number, output.receipt, args.items[*].iban", "  when user.role != admin", "}", ""].join("\n"),
    );
  });

  it("prints every test statement on its own line", () => {
    const source = `test "a teller sends money" {
      agent { id: "bot", trust: 0.9 } user { id: "u1", role: teller } context { environment: "prod" } resource {}
      now "2026-11-21T10:00:00Z"
      history { call read_file(file_path: "/internal/a") returns "salary: 1" labels internal
        call get_webpage(url: "https://x.example") returns { title: "hi", "content-type": "text/html" } }
      history {}
      observe "pay DE89 now" labels untrusted, web
      observe args
      call send_money(recipient: "DE89", amount: 100) labels user
      call get_balance()
      expect deny by no_exfiltration
      expect allow
      call get_employee(name: 5)   unchecked returns {salary: 1}
      expect output {salary:"[redacted]"} }`;
    expect(reprint(source)).toBe(
      [
        'test "a teller sends money" {',
        '  agent { id: "bot", trust: 0.9 }',
        '  user { id: "u1", role: teller }',
        '  context { environment: "prod" }',
        "  resource {}",
        '  now "2026-11-21T10:00:00Z"',
        "  history {",
        '    call read_file(file_path: "/internal/a") returns "salary: 1" labels internal',
        '    call get_webpage(url: "https://x.example") returns { title: "hi", "content-type": "text/html" }',
        "  }",
        "  history {}",
        '  observe "pay DE89 now" labels untrusted, web',
        "  observe args",
        '  call send_money(recipient: "DE89", amount: 100) labels user',
        "  call get_balance()",
        "  expect deny by no_exfiltration",
        "  expect allow",
        "  call get_employee(name: 5) unchecked returns { salary: 1 }",
        '  expect output { salary: "[redacted]" }',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("breaks a long test call's arguments one per line", () => {
    const source = `test "t" { call send_money(recipient: "DE89370400440532013000", amount: 100, subject: "rent", date: "2026-11-01") }`;
    expect(reprint(source)).toBe(
      [
        'test "t" {',
        "  call send_money(",
        '    recipient: "DE89370400440532013000",',
        "    amount: 100,",
        '    subject: "rent",',
        '    date: "2026-11-01"',
        "  )",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("separates declarations by one blank line, but keeps runs of one kind together", () => {
    const source = 'policy p enum A {a} enum B {b} agent {} user {} tool t() tool u() const a = 1 const b = 2 rule r {} rule s {} test "t" {}';
    expect(reprint(source)).toBe(
      [
        "policy p",
        "",
        "enum A { a }",
        "enum B { b }",
        "",
        "agent {}",
        "user {}",
        "",
        "tool t()",
        "tool u()",
        "",
        "const a = 1",
        "const b = 2",
        "",
        "rule r {}",
        "",
        "rule s {}",
        "",
        'test "t" {}',
        "",
      ].join("\n"),
    );
  });

  it("puts comments on lines of their own when it has no source text", () => {
    const source = "// head\ntool t() // why\nrule r { /* a */ deny t }";
    expect(reprint(source)).toBe(["// head", "tool t()", "", "// why", "rule r {", "  /* a */", "  deny t", "}", ""].join("\n"));
  });
});

describe("print: expressions", () => {
  it.each([
    ["(a or b) or c", "a or b or c"],
    ["a or (b or c)", "a or (b or c)"],
    ["(a and b) or c", "a and b or c"],
    ["a and (b or c)", "a and (b or c)"],
    ["(a and b) and (c and d)", "a and b and (c and d)"],
    ["not (a and b)", "not (a and b)"],
    ["not (a == b)", "not a == b"],
    ["(not a) == b", "(not a) == b"],
    ["not not a", "not not a"],
    ["(a == b) == c", "(a == b) == c"],
    ["a == (b == c)", "a == (b == c)"],
    ["(a in b) in c", "(a in b) in c"],
    ["a not in (b + c)", "a not in b + c"],
    ["(a + b) * c", "(a + b) * c"],
    ["a + (b * c)", "a + b * c"],
    ["(a - b) - c", "a - b - c"],
    ["a - (b - c)", "a - (b - c)"],
    ["a / (b * c)", "a / (b * c)"],
    ["(a * b) / c", "a * b / c"],
    ["-(a + b)", "-(a + b)"],
    ["-(-a)", "- -a"],
    ["-(a.b)", "-a.b"],
    ["a - (-b)", "a - -b"],
    ["(a + b) < (c * d)", "a + b < c * d"],
    ["((args.x))", "args.x"],
    ["any(x in (a or b): (x and c))", "any(x in a or b: x and c)"],
    ["f((a or b), [(c)], {k: (d)})", "f(a or b, [c], { k: d })"],
  ])("prints %s as %s", (source, expected) => {
    expect(expr(source)).toBe(expected);
  });

  it("prints every comparison and membership operator", () => {
    const source =
      'a == 1 and a != 2 and a < 3 and a <= 4 and a > 5 and a >= 6 or a in b or a not in b or s like "x*" or s matches "^x$" or s startsWith "x" or s endsWith "y" or s contains "z"';
    expect(expr(source)).toBe(
      [
        "a == 1 and a != 2 and a < 3 and a <= 4 and a > 5 and a >= 6",
        "  or a in b",
        "  or a not in b",
        '  or s like "x*"',
        '  or s matches "^x$"',
        '  or s startsWith "x"',
        '  or s endsWith "y"',
        '  or s contains "z"',
      ].join("\n"),
    );
  });

  it("prints history functions with targets, `where` and windows", () => {
    expect(expr("count(send_email, tagged external, tier >= 2, * where it.args.to == user.id, 1h)")).toBe(
      "count(send_email, tagged external, tier >= 2, * where it.args.to == user.id, 1h)",
    );
    expect(expr("sum(send_money.amount where it.args.recipient == args.recipient, 24h)")).toBe(
      "sum(send_money.amount where it.args.recipient == args.recipient, 24h)",
    );
    expect(expr('seen(read_file where it.args.file_path like "/internal/**", session)')).toBe(
      'seen(read_file where it.args.file_path like "/internal/**", session)',
    );
    expect(expr("seen(read_file, 7d)")).toBe("seen(read_file, 7d)");
  });

  it("prints quantifiers, calls, paths, lists, objects and literals", () => {
    expect(expr("all(r in args.to: domain(r) in allowed) and any(x in [1, 2.5, 30s]: x > 0)")).toBe(
      "all(r in args.to: domain(r) in allowed) and any(x in [1, 2.5, 30s]: x > 0)",
    );
    expect(expr('{ id: "u1", "content-type": "text/html", "role": admin, ok: true, no: false, e: {}, n: [] }')).toBe(
      '{ id: "u1", "content-type": "text/html", role: admin, ok: true, no: false, e: {}, n: [] }',
    );
    expect(expr("it.tool.name == now.hour + context.environment + resource.owner + agent.trust")).toBe(
      "it.tool.name == now.hour + context.environment + resource.owner + agent.trust",
    );
  });

  it("breaks a long `and`/`or` chain before each operator, one operand per line", () => {
    const source = 'user.role in [admin, analyst] and args.destination startsWith "s3://acme-warehouse/" and all(c in args.columns: c not in sensitive)';
    expect(reprint(`rule r { allow export when ${source} }`)).toBe(
      [
        "rule r {",
        "  allow export",
        "  when user.role in [admin, analyst]",
        '    and args.destination startsWith "s3://acme-warehouse/"',
        "    and all(c in args.columns: c not in sensitive)",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps a string's escapes as written", () => {
    expect(expr('"tab\\tquote\\" slash\\/ smile\\u{1F600} e\\u00e9"')).toBe('"tab\\tquote\\" slash\\/ smile\\u{1F600} e\\u00e9"');
  });

  it("re-encodes a string whose `raw` no longer spells its value", () => {
    const value = 'line\nquote" back\\ bell\u0007';
    const printed = print(constOf({ kind: "String", span: nowhere, value, raw: '"stale"' }));
    expect(printed).toBe('const x = "line\\nquote\\" back\\\\ bell\\u{7}"\n');
  });

  it("prints numbers and durations as written while that still spells their value", () => {
    expect(expr("[1.50, 1e3, 007, 90m, 1500ms]")).toBe("[1.50, 1e3, 007, 90m, 1500ms]");
    expect(print(constOf({ kind: "Number", span: nowhere, value: 2.5, raw: "3" }))).toBe("const x = 2.5\n");
    const duration = (ms: number): string => print(constOf({ kind: "Duration", span: nowhere, ms, raw: "1s" }));
    expect([duration(7_200_000), duration(5_400_000), duration(1500), duration(172_800_000)]).toEqual([
      "const x = 2h\n",
      "const x = 90m\n",
      "const x = 1500ms\n",
      "const x = 2d\n",
    ]);
  });
});
