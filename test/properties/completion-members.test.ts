// Completion after every `.` in the corpus offers exactly the members the checker accepts there: each offered name type-checks in place, and sampled other names do not.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LineIndex } from "@apol/compiler";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { lex } from "../../compiler/src/syntax/lex.js";
import { analyze, type Analysis } from "../../lsp/src/analysis.js";
import { completion } from "../../lsp/src/completion.js";
import { loadDecisionCases } from "../decisions/loader.js";
import { policySources } from "../harness/sources.js";

const root = join(import.meta.dirname, "..", "..");

/** Every corpus source, example policy and decision-case policy that checks without errors, by name. */
const corpus: readonly { name: string; text: string }[] = [
  ...policySources(),
  ...loadDecisionCases(join(root, "test", "decisions")).map((c) => ({ name: c.file, text: c.policy })),
].filter((f) => !runPipeline(f.text, "corpus.apol", "check").diagnostics.some((d) => d.severity === "error"));

/**
 * Codes by which the checker rejects a name after a `.`; inside `has(...)` a required member is reported as always
 * present, so there completion offers only the optional ones.
 */
const unknownMember: ReadonlySet<string> = new Set(["apol/unknown-field", "apol/unknown-argument", "apol/always-present"]);
const word = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Token = ReturnType<typeof lex>["tokens"][number];

/** One `.` followed by a name: where the dotted path it belongs to starts, where the name starts, where the path ends. */
interface Site {
  readonly start: number;
  readonly at: number;
  readonly end: number;
}

function sites(text: string): Site[] {
  const tokens = lex(text).tokens;
  const out: Site[] = [];
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    if (token.tokenType.name !== "Dot" || !next || !word.test(next.image)) return;
    out.push({ start: pathStart(tokens, i), at: next.startOffset, end: pathEnd(tokens, i + 2) });
  });
  return out;
}

/** The start of the dotted path whose `.` is token `dot`: earlier `name.` and `[*].` steps belong to it. */
function pathStart(tokens: readonly Token[], dot: number): number {
  let k = dot - 1;
  for (;;) {
    const [a, b, c] = [tokens[k - 1], tokens[k - 2], tokens[k - 3]];
    if (a?.tokenType.name === "Dot" && b && word.test(b.image)) k -= 2;
    else if (tokens[k]?.tokenType.name === "RBracket" && a?.image === "*" && b?.tokenType.name === "LBracket" && c && word.test(c.image)) k -= 3;
    else break;
  }
  return (tokens[k] as Token).startOffset;
}

/** The end of the dotted path whose next step starts at token `k`: later `.name` and `[*]` steps belong to it. */
function pathEnd(tokens: readonly Token[], k: number): number {
  let end = k;
  for (;;) {
    const [a, b, c] = [tokens[end], tokens[end + 1], tokens[end + 2]];
    if (a?.tokenType.name === "Dot" && b && word.test(b.image)) end += 2;
    else if (a?.tokenType.name === "LBracket" && b?.image === "*" && c?.tokenType.name === "RBracket") end += 3;
    else break;
  }
  const last = tokens[end - 1] as Token;
  return last.startOffset + last.image.length;
}

/** The member names completion offers at offset `at` of `text` (the latest analysis is the whole, valid file's). */
function offered(text: string, at: number, latest: Analysis): string[] {
  const index = new LineIndex(text);
  const p = index.position(at);
  return completion({ uri: "file:///c.apol", version: 2, text, index }, latest, { line: p.line - 1, character: p.column - 1 }).map((i) => i.label);
}

/**
 * Whether the checker takes `name` after the `.` at `site`, with the rest of the path cut off; a
 * name that must be followed by a field (`it.tool`) is taken if some field completion offers after it is.
 */
function accepted(file: string, site: Site, name: string, latest: Analysis, depth = 0): boolean {
  const text = file.slice(0, site.at) + name + file.slice(site.end);
  // The checker may name an earlier step (`it` has no field `tool` when `it.tool.x` is unknown): any step of the path counts.
  const rejected = runPipeline(text, "c.apol", "check").diagnostics.some(
    (d) => unknownMember.has(d.code) && d.span.start >= site.start && d.span.start <= site.at,
  );
  if (!rejected || depth > 0) return !rejected;
  const deeper = file.slice(0, site.at) + name + "." + file.slice(site.end);
  const next = { at: site.at + name.length + 1, end: site.at + name.length + 1 };
  return offered(deeper, next.at, latest).some((field) => {
    const withField = name + "." + field;
    return accepted(file, site, withField, latest, 1);
  });
}

describe("completion after a dot", () => {
  it("offers exactly the members the checker accepts, at every `.` of the corpus", () => {
    expect(corpus.length).toBeGreaterThan(50);
    const problems: string[] = [];
    let checkedSites = 0;
    for (const { name: fileName, text } of corpus) {
      const latest = analyze("file:///c.apol", 1, text);
      const names = [
        ...new Set(
          lex(text)
            .tokens.map((t) => t.image)
            .filter((w) => word.test(w)),
        ),
        "zz_no_such_member",
      ];
      sites(text).forEach((site, n) => {
        checkedSites++;
        const cut = text.slice(0, site.at) + text.slice(site.end);
        const offer = offered(cut, site.at, latest);
        const where = `${fileName} at ${site.at} (\`${text.slice(Math.max(0, site.at - 20), site.end)}\`)`;
        for (const member of offer) if (!accepted(text, site, member, latest)) problems.push(`${where}: offers \`${member}\`, which the checker rejects`);
        // Where a value of unknown shape (`json`) takes any field, no list can be exact: only what is offered is checked.
        if (accepted(text, site, "zz_not_a_member", latest)) return;
        // A rotating sample of the file's other names, so every name is tried somewhere without checking each at every dot.
        const others = names.filter((w) => !offer.includes(w));
        for (let k = 0; k < 4 && k < others.length; k++) {
          const other = others[(n * 4 + k) % others.length] as string;
          if (accepted(text, site, other, latest)) problems.push(`${where}: leaves out \`${other}\`, which the checker accepts`);
        }
      });
    }
    expect(checkedSites).toBeGreaterThan(300);
    expect(problems).toEqual([]);
  });
});
