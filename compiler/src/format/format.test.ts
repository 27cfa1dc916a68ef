import { describe, expect, it } from "vitest";
import { parse } from "../syntax/parse.js";
import { format } from "./format.js";

/** The tree of `text` without spans, for "formatting keeps the meaning" (comments are compared as texts). */
function meaning(text: string): unknown {
  return JSON.parse(JSON.stringify(parse(text).ast, (key, value: unknown) => (key === "span" || key.endsWith("Span") ? undefined : value)));
}

/** Formats `input`, expects `expected`, and checks that the result is a fixed point with the same meaning. */
function expectFormat(input: string, expected: string): void {
  const result = format(input);
  expect(result.diagnostics).toEqual([]);
  expect(result.text).toBe(expected);
  expect(result.changed).toBe(input !== expected);
  expect(format(expected)).toEqual({ text: expected, diagnostics: [], changed: false });
  expect(meaning(expected)).toEqual(meaning(input));
}

/** The policy of section 1 of the design (language.md), as written there. */
const banking = `// banking.apol
policy banking

/// Roles of the people an agent acts for.
enum Role { admin, teller, analyst, contractor }

/// The agent making the call and the user it acts for.
agent { id: string, trust: number }
user  { id: string, role: Role, department: string }
context { environment: string }

/// Every tool the agent can reach. A call to an undeclared tool is denied.
tool get_balance()
tool send_money(recipient: string, amount: number, subject: string, date: string)
  tags financial, external, irreversible
tool update_password(password: string) tags credentials
tool read_file(file_path: string) returns internal
tool get_webpage(url: string) returns untrusted
tool send_email(to: string[], subject: string, body: string, attachments?: string[])
  tags external
tool get_employee(name: string) returns internal

const trusted_recipients = ["UK12345678901234567890", "DE89370400440532013000"]
const finance = ["cfo", "controller", "treasurer"]

rule reads {
  allow get_balance, read_file, get_webpage
}

rule small_transfers {
  allow send_money
  when user.role in [admin, teller] and args.amount <= 500
}

rule large_transfers {
  review send_money
  when args.amount > 500
  approvals 2 of finance
  reason "transfers above 500 need two finance approvals"
}

rule known_recipients {
  deny tagged financial
  unless args.recipient in trusted_recipients
  reason "recipient is not on the allowlist"
}

rule no_injected_arguments {
  deny tagged external
  when tainted(args)
  reason "an argument carries text from an untrusted source"
}

rule daily_cap {
  deny send_money
  when sum(send_money.amount, 24h) + args.amount > 2000
  reason "daily transfer cap"
}

rule mail_rate {
  deny send_email
  when count(send_email, 1h) >= 20
}

rule no_exfiltration {
  deny send_email
  when seen(read_file where it.args.file_path like "/internal/**", session)
  reason "internal files were read in this session"
}

rule hide_salaries {
  redact get_employee output.salary, output.bank_account
  unless user.role == admin
}

test "a teller sends a small amount to a known recipient" {
  user { id: "u1", role: teller, department: "retail" }
  call send_money(recipient: "DE89370400440532013000", amount: 100, subject: "rent", date: "2026-11-01")
  expect allow
}
`;

const bankingFormatted = `// banking.apol
policy banking

/// Roles of the people an agent acts for.
enum Role { admin, teller, analyst, contractor }

/// The agent making the call and the user it acts for.
agent { id: string, trust: number }
user { id: string, role: Role, department: string }
context { environment: string }

/// Every tool the agent can reach. A call to an undeclared tool is denied.
tool get_balance()
tool send_money(recipient: string, amount: number, subject: string, date: string)
  tags financial, external, irreversible
tool update_password(password: string) tags credentials
tool read_file(file_path: string) returns internal
tool get_webpage(url: string) returns untrusted
tool send_email(to: string[], subject: string, body: string, attachments?: string[]) tags external
tool get_employee(name: string) returns internal

const trusted_recipients = ["UK12345678901234567890", "DE89370400440532013000"]
const finance = ["cfo", "controller", "treasurer"]

rule reads {
  allow get_balance, read_file, get_webpage
}

rule small_transfers {
  allow send_money
  when user.role in [admin, teller] and args.amount <= 500
}

rule large_transfers {
  review send_money
  when args.amount > 500
  approvals 2 of finance
  reason "transfers above 500 need two finance approvals"
}

rule known_recipients {
  deny tagged financial
  unless args.recipient in trusted_recipients
  reason "recipient is not on the allowlist"
}

rule no_injected_arguments {
  deny tagged external
  when tainted(args)
  reason "an argument carries text from an untrusted source"
}

rule daily_cap {
  deny send_money
  when sum(send_money.amount, 24h) + args.amount > 2000
  reason "daily transfer cap"
}

rule mail_rate {
  deny send_email
  when count(send_email, 1h) >= 20
}

rule no_exfiltration {
  deny send_email
  when seen(read_file where it.args.file_path like "/internal/**", session)
  reason "internal files were read in this session"
}

rule hide_salaries {
  redact get_employee output.salary, output.bank_account
  unless user.role == admin
}

test "a teller sends a small amount to a known recipient" {
  user { id: "u1", role: teller, department: "retail" }
  call send_money(
    recipient: "DE89370400440532013000",
    amount: 100,
    subject: "rent",
    date: "2026-11-01"
  )
  expect allow
}
`;

/** Comments in every position a declaration, field, clause or statement offers. */
const commented = `// banking.apol: the design's example


policy banking   // the name in decisions

/// Roles of the people an agent acts for.
/// Second line.
enum Role { admin, teller } // closed set
user {
  /// Who they are.
  id: string, // opaque
  role: Role
}
tool send_money(recipient: string /* IBAN */, amount: number)
  // money moves here
  tags financial
const limits = [100, /* small */ 500]
rule daily_cap { // caps
  deny send_money


  // the sum of earlier transfers
  when sum(send_money.amount, 24h) /* window */ + args.amount > 2000 // too much
  reason "daily transfer cap"
  // nothing after
}
test "history" {
  history {
    call send_money(recipient: "A", amount: 1500) // yesterday
  }
  call send_money(recipient: "A", amount: 600)
  expect deny by daily_cap
}

// trailing notes
/* the end */
`;

const commentedFormatted = `// banking.apol: the design's example

policy banking // the name in decisions

/// Roles of the people an agent acts for.
/// Second line.
enum Role { admin, teller } // closed set

user {
  /// Who they are.
  id: string, // opaque
  role: Role
}

tool send_money(recipient: string /* IBAN */, amount: number)
  // money moves here
  tags financial

const limits = [100, /* small */ 500]

rule daily_cap { // caps
  deny send_money

  // the sum of earlier transfers
  when sum(send_money.amount, 24h) /* window */ + args.amount > 2000 // too much
  reason "daily transfer cap"
  // nothing after
}

test "history" {
  history {
    call send_money(recipient: "A", amount: 1500) // yesterday
  }
  call send_money(recipient: "A", amount: 600)
  expect deny by daily_cap
}

// trailing notes
/* the end */
`;

describe("format", () => {
  it("lays out the design's banking policy", () => {
    expectFormat(banking, bankingFormatted);
  });

  it("keeps comments where they were: own lines, line ends, between tokens, doc comments above what they document", () => {
    expectFormat(commented, commentedFormatted);
  });

  it.each([
    [
      "keeps runs of one kind tight or spaced as written, and spaces other declarations",
      "tool a()\ntool b()\n\n\n\ntool c()\nconst x = 1\n\nconst y = 2\nconst z = 3\nrule r {}\nrule s {}\n",
      "tool a()\ntool b()\n\ntool c()\n\nconst x = 1\n\nconst y = 2\nconst z = 3\n\nrule r {}\n\nrule s {}\n",
    ],
    [
      "keeps one blank line between clauses where the user left some",
      'rule r {\n  deny t\n\n\n  when a\n  reason "x"\n}\n',
      'rule r {\n  deny t\n\n  when a\n  reason "x"\n}\n',
    ],
    ["breaks a list whose items have comments at line ends", "const l = [1, 2 // two\n, 3]\n", "const l = [\n  1,\n  2, // two\n  3\n]\n"],
    ["keeps a list flat under a comment after it", "const l = [1, 2, 3] // all\n", "const l = [1, 2, 3] // all\n"],
    [
      "keeps a line comment inside an expression at the end of its line",
      "rule r { deny t when a and // why b\n b }\n",
      "rule r {\n  deny t\n  when a\n    and // why b\n      b\n}\n",
    ],
    [
      "keeps a comment on its own line inside an expression, indented with the continuation",
      "rule r { deny t when a\n  // about b\n  and b }\n",
      "rule r {\n  deny t\n  when a\n    // about b\n    and b\n}\n",
    ],
    [
      "keeps a block comment between `not` and `in`",
      "rule r { deny t when a not /* negated */ in b }\n",
      "rule r {\n  deny t\n  when a not /* negated */ in b\n}\n",
    ],
    [
      "moves a second line-end comment that would share a line with the first onto a line of its own",
      "tool t(a: string // first\n) // after\n",
      "tool t(a: string) // first\n// after\n",
    ],
    ["continues the code after a line comment on the next line", "tool // the keyword\n  t()\n", "tool // the keyword\n  t()\n"],
    ["prints block comments over several lines as written", 'const s = "x" /* a\n   b */\n', 'const s = "x" /* a\n   b */\n'],
    ["writes line feeds for carriage returns", "policy p\r\n// crlf\r\nrule r {\r\n  deny t\r\n}\r\n", "policy p\n\n// crlf\nrule r {\n  deny t\n}\n"],
    ["keeps a block comment before a comma", "enum E { a /* first */, b }\n", "enum E { a /* first */, b }\n"],
    ["keeps a comment before a closing brace inside the block", "rule r {\n  deny t\n  // before the end\n}\n", "rule r {\n  deny t\n  // before the end\n}\n"],
    [
      "keeps comments after test statements and in an empty history",
      'test "t" {\n  user { id: "u1" } // the user\n  history { // earlier\n  }\n}\n',
      'test "t" {\n  user { id: "u1" } // the user\n  history {} // earlier\n}\n',
    ],
  ])("%s", (_name, input, expected) => {
    expectFormat(input, expected);
  });

  it("keeps a predicate's comments where they were: before its name, after its `=`, and formats it once for good", () => {
    const messy = 'const A = 0\n\ndef\n\n// first\n\n a() = // then\n ""\n';
    const once = 'const A = 0\n\ndef\n  // first\n  a() = // then\n  ""\n';
    expectFormat(messy, once);
    expectFormat(once, once);
  });

  it("lays out predicates: one line when it fits, else the body indented below `=`, its chain broken before each operator", () => {
    const input = [
      "/// Short.",
      "def   staff( role :Role ) =role in [admin,teller]",
      "def internal(address: string, contacts: string[]) = domain(address) in company_domains or address in contacts or from(address, user)",
      "def none() = true",
      "",
    ].join("\n");
    const expected = [
      "/// Short.",
      "def staff(role: Role) = role in [admin, teller]",
      "",
      "def internal(address: string, contacts: string[]) =",
      "  domain(address) in company_domains or address in contacts or from(address, user)",
      "",
      "def none() = true",
      "",
    ].join("\n");
    expectFormat(input, expected);
    const long =
      'def long_one(address: string) = domain(address) in company_domains or address in trusted_contacts or from(address, user) or address endsWith ".internal"\n';
    expectFormat(
      long,
      [
        "def long_one(address: string) =",
        "  domain(address) in company_domains",
        "    or address in trusted_contacts",
        "    or from(address, user)",
        '    or address endsWith ".internal"',
        "",
      ].join("\n"),
    );
  });

  it("spaces union types and type tests, keeps the parentheses a list of a union needs and comments between members, drops those `not` does not", () => {
    const input = [
      "policy p",
      "tool rent_car(company:string|string[], stops: ( string|{ city: string } )[], days: int | /* legacy */ string)",
      'rule r { deny rent_car when args.company   is   string and args.company == "x" or not (args.days is int) }',
      "",
    ].join("\n");
    const expected = [
      "policy p",
      "",
      "tool rent_car(company: string | string[], stops: (string | { city: string })[], days: int | /* legacy */ string)",
      "",
      "rule r {",
      "  deny rent_car",
      '  when args.company is string and args.company == "x" or not args.days is int',
      "}",
      "",
    ].join("\n");
    expectFormat(input, expected);
  });

  it("returns text with syntax errors unchanged, with its diagnostics", () => {
    const broken = "rule r {\n   deny t when (a\n}\n";
    const result = format(broken);
    expect(result.text).toBe(broken);
    expect(result.changed).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([["apol/syntax-error", "error"]]);
  });

  it("returns lexical errors unchanged too", () => {
    const broken = "rule r { deny t when a & b }";
    const result = format(broken);
    expect(result).toMatchObject({ text: broken, changed: false });
    expect(result.diagnostics.some((d) => d.code === "apol/unexpected-character")).toBe(true);
  });

  it("formats an empty file as an empty file", () => {
    expect(format("")).toEqual({ text: "", diagnostics: [], changed: false });
    expect(format("\n\n")).toEqual({ text: "", diagnostics: [], changed: true });
  });
});

describe("format: idempotence regressions found by the round-trip property", () => {
  it.each([
    [
      "a one-line block comment before a clause that moves to its own line",
      "tool t(a: string, b: string, c: string, d: string, e: string, f: string, g: string) returns a /* x */ tier 0\n",
    ],
    ["a block comment spanning lines, with code after it", 'policy a\n/* \n    */\n /*  */  timezone ""\n'],
    ["a block comment on its own line, then one with code after it", 'policy\n\n /*  */\n /*  */  a timezone ""\n'],
  ])("is stable for %s", (_what, source) => {
    const once = format(source).text;
    expect(format(once).text).toBe(once);
  });
});
