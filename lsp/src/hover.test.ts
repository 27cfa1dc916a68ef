import { describe, expect, it } from "vitest";
import type { Hover } from "vscode-languageserver";
import { cursorAt, rangeAt, serverFixture } from "./test-support/fixture.js";
import { bankPolicy } from "./test-support/fixtures.js";
import { describedKeywords, keywordDoc } from "./keyword-docs.js";

const uri = "file:///fixtures/hover.apol";
const session = serverFixture({ [uri]: bankPolicy });

/** The hover at the `<|>` of a snippet of the bank policy. */
async function hoverAt(snippet: string): Promise<Hover | null> {
  return session().request<Hover | null>("textDocument/hover", { textDocument: { uri }, position: cursorAt(bankPolicy, snippet) });
}
const markdown = (h: Hover | null) => (h?.contents as { value: string } | undefined)?.value;

describe("hover", () => {
  it("shows a tool's signature and doc comment, on its use", async () => {
    const h = await hoverAt("allow s<|>end_money");
    expect(markdown(h)).toBe(
      "```apol\ntool send_money(recipient: string, amount: number, memo?: string) tags financial tier 3\n```\n\nMoves money out of the bank.",
    );
    expect(h?.range).toEqual(rangeAt(bankPolicy, "allow <|send_money|>"));
  });

  it("shows a duration in milliseconds, and the tools a `tagged`, `tier` or `*` target covers", async () => {
    expect(markdown(await hoverAt("send_money.amount, 2<|>4h)"))).toBe("```apol\n(duration) 24h\n```\n\n86,400,000 ms");
    const doc = await session().open(
      "file:///fixtures/targets.apol",
      "policy p\ntool a() tags x tier 2\ntool b() tags x\ntool c() tier 3\nrule r { deny tag<|>ged x }\nrule s { deny tier <|>>= 2 }\nrule t { deny <|>* }\n",
    );
    const at = (i: number) => session().request<Hover | null>("textDocument/hover", { textDocument: { uri: doc.uri }, position: doc.positions[i] });
    expect(markdown(await at(0))).toBe("```apol\n(target) tagged x\n```\n\ncovers `a`, `b`");
    expect(markdown(await at(1))).toBe("```apol\n(target) tier >= 2\n```\n\ncovers `a`, `c`");
    expect(markdown(await at(2))).toBe("```apol\n(target) *\n```\n\ncovers `a`, `b`, `c`");
  });

  it("shows an argument's type and the tools that declare it", async () => {
    expect(markdown(await hoverAt("when args.a<|>mount > limit"))).toBe("```apol\n(argument) amount: number\n```\n\nargument of `send_money`, `send_email`");
  });

  it("shows a union argument's type, what an `is` test narrowed it to, and the `is` operator", async () => {
    const doc = await session().open(
      "file:///fixtures/unions.apol",
      'policy p\ntool rent(company: string | string[])\nrule r { deny rent when args.com<|>pany i<|>s string and args.com<|>pany == "x" }\nrule s { deny rent when not (args.company is string) and len(args.comp<|>any) > 3 }\n',
    );
    const at = async (i: number) =>
      markdown(await session().request<Hover | null>("textDocument/hover", { textDocument: { uri: doc.uri }, position: doc.positions[i] }));
    expect(await at(0)).toBe("```apol\n(argument) company: string | string[]\n```\n\nargument of `rent`");
    expect(await at(1)).toMatch(/^```apol\n\(operator\) is\n```\n\n`x is T`: whether the value is of type `T`/);
    expect(await at(2)).toBe("```apol\n(argument) company: string | string[]\n```\n\nhere `string`: an `is` test narrowed it\n\nargument of `rent`");
    expect(await at(3)).toBe("```apol\n(argument) company: string | string[]\n```\n\nhere `string[]`: an `is` test narrowed it\n\nargument of `rent`");
  });

  it("shows a field's type, an enum with its doc comment, and an enum symbol", async () => {
    expect(markdown(await hoverAt("user.r<|>ole =="))).toBe("```apol\n(field) user.role: Role\n```");
    expect(markdown(await hoverAt("role: R<|>ole"))).toBe("```apol\nenum Role { admin, teller }\n```\n\nWho the agent acts for.");
    expect(markdown(await hoverAt("== t<|>eller"))).toBe("```apol\n(enum member) Role.teller\n```\n\nWho the agent acts for.");
  });

  it("shows a const's inferred type, value and doc comment", async () => {
    expect(markdown(await hoverAt("<= l<|>imit"))).toBe("```apol\nconst limit: int = 500\n```\n\nThe most a teller may send.");
  });

  it("shows a rule's effect, targets, covered tools and reason", async () => {
    expect(markdown(await hoverAt("rule l<|>arge"))).toBe(
      '```apol\nrule large { review send_money, send_email }\n```\n\ncovers `send_money`, `send_email`\n\nreason: "large transfers need approval"\n\nLarge amounts need two people.',
    );
    expect(markdown(await hoverAt("by s<|>mall"))).toBe("```apol\nrule small { allow send_money }\n```\n\ncovers `send_money`");
  });

  it("shows built-in signatures and docs: functions, history functions, quantifiers, operators", async () => {
    expect(markdown(await hoverAt("l<|>ower(t)"))).toBe("```apol\nlower(s: string) -> string\n```\n\nThe string in lower case (Unicode default case mapping).");
    expect(markdown(await hoverAt("s<|>um("))).toMatch(/^```apol\nsum\(TOOL\.ARG \[where EXPR\], WINDOW\) -> number\n```\n\nThe sum of a numeric argument/);
    expect(markdown(await hoverAt("a<|>ll(t"))).toMatch(/^```apol\nall\(x in LIST: EXPR\) -> bool\n```/);
    expect(markdown(await hoverAt(" a<|>nd args.amount <= "))).toBe("```apol\n(operator) and\n```\n\n`a and b`: both; `b` is evaluated only when `a` holds.");
  });

  it("shows a quantifier variable's type and the roots of paths", async () => {
    expect(markdown(await hoverAt("lower(<|>t)"))).toBe("```apol\n(variable) t: string\n```");
    expect(markdown(await hoverAt("u<|>ser.role"))).toMatch(/^```apol\nuser\n```\n\nThe user the agent acts for/);
  });

  it("shows an argument a `redact` rule masks, as in a condition", async () => {
    const text = `${bankPolicy}\nrule hide_memo { redact send_money args.memo }\n`;
    const other = "file:///fixtures/hover-redact.apol";
    await session().open(other, text);
    const h = await session().request<Hover | null>("textDocument/hover", { textDocument: { uri: other }, position: cursorAt(text, "args.m<|>emo") });
    expect(markdown(h)).toBe("```apol\n(argument) memo?: string\n```\n\nargument of `send_money`");
    expect(h?.range).toEqual(rangeAt(text, "args.<|memo|>"));
  });

  it("says what a keyword of a declaration, rule or test means", async () => {
    const h = await hoverAt("r<|>ule small");
    expect(markdown(h)).toMatch(/^```apol\n\(keyword\) rule\n```\n\n`rule NAME \{ EFFECT TARGETS/);
    expect(h?.range).toEqual(rangeAt(bankPolicy, "<|rule|> small"));
    const doc = await session().open(
      "file:///fixtures/keywords.apol",
      'policy p\ntool t(a: string)\nrule r {\n  rev<|>iew t\n  approvals 1 o<|>f ["x"]\n  exp<|>ires 1h\n}\ntest "x" {\n  call t(a: "1")\n  exp<|>ect review b<|>y r\n}\n',
    );
    const at = async (i: number) =>
      markdown(await session().request<Hover | null>("textDocument/hover", { textDocument: { uri: doc.uri }, position: doc.positions[i] }));
    expect(await at(0)).toBe("```apol\n(keyword) review\n```\n\n`review TARGETS`: the call is held until enough people approve it (`approvals N of LIST`).");
    expect(await at(1)).toMatch(/^```apol\n\(keyword\) of\n```/);
    expect(await at(2)).toMatch(/^```apol\n\(keyword\) expires\n```\n\n`expires DURATION`/);
    expect(await at(3)).toMatch(/^```apol\n\(keyword\) expect\n```/);
    expect(await at(4)).toMatch(/^```apol\n\(keyword\) by\n```/);
  });

  it("has a line for every keyword of a declaration, rule or test", () => {
    expect(describedKeywords.filter((word) => keywordDoc(word) === undefined)).toEqual([]);
  });

  it("shows the tools that return a label, where a tool, a test or `from` names it", async () => {
    const doc = await session().open(
      "file:///fixtures/labels.apol",
      'policy p\ntool fetch(url: string) returns untr<|>usted\ntool mail(to: string) returns inbox\nrule r { deny mail when from(args.to, in<|>box) }\ntest "x" {\n  observe "hi" labels untrus<|>ted\n  call fetch(url: "u") labels inb<|>ox\n  expect allow\n}\n',
    );
    const at = async (i: number) =>
      markdown(await session().request<Hover | null>("textDocument/hover", { textDocument: { uri: doc.uri }, position: doc.positions[i] }));
    const untrusted = "```apol\n(label) untrusted\n```\n\nbuilt in: `tainted(x)` means `from(x, untrusted)`\n\nreturned by `fetch`";
    const inbox = "```apol\n(label) inbox\n```\n\nreturned by `mail`";
    expect([await at(0), await at(1), await at(2), await at(3)]).toEqual([untrusted, inbox, untrusted, inbox]);
  });

  it("sums up a test on its title: its doc comment, then its calls and expectations", async () => {
    const doc = await session().open(
      "file:///fixtures/test-title.apol",
      'policy p\ntool t(a: string)\nrule r { review t }\n/// Reviews are held.\ntest "he<|>ld" {\n  call t(a: "1")\n  expect review by r\n  approve "cfo"\n  expect allow\n}\n',
    );
    const h = await session().request<Hover | null>("textDocument/hover", { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    expect(markdown(h)).toBe(
      '```apol\ntest "held"\n```\n\nReviews are held.\n\ncalls `t`, then expects `review` by `r`, then approves as "cfo", then expects `allow`',
    );
  });

  it("says nothing on a literal or whitespace", async () => {
    expect(await hoverAt("2<|>000")).toBeNull();
    expect(await session().request("textDocument/hover", { textDocument: { uri }, position: { line: 10, character: 0 } })).toBeNull();
  });
});
