// What each keyword of a declaration, rule or test means, for hover: one line each, as docs/language.md states it.
import { keywordSpecs, type KeywordRole } from "@apol/compiler";

/**
 * The keywords described here. Operators, history functions, quantifiers and path roots are
 * described where their nodes are (operator docs, built-in signatures, root docs).
 */
const describedRoles: ReadonlySet<KeywordRole> = new Set(["declaration", "effect", "clause", "test", "constant"]);

const docs: Readonly<Record<string, string>> = {
  policy: '`policy NAME [timezone "Area/City"]`: the header, first in the file; names the policy in decisions and logs.',
  timezone: '`timezone "Area/City"`: the IANA zone `now.hour`, `now.minute` and `now.weekday` are read in (UTC without it).',
  enum: "`enum NAME { a, b }`: a closed set of symbols.",
  tool: "`tool NAME(arg: Type, opt?: Type) [tags ...] [tier N] [returns LABEL] [output TYPE]`: a tool the agent can call.",
  tags: "`tags a, b`: labels that rules target with `tagged a`.",
  tier: "`tier N`: the tool's risk tier, 0 to 3 (0 without it), that rules target with `tier >= N`.",
  returns: "`returns LABEL`: the provenance label the tool's output carries; in a test's call, the output the call returned.",
  const: "`const NAME = literal`: a named constant.",
  def: "`def NAME(param: Type, ...) = condition`: a named predicate, called in conditions like a built-in.",
  rule: '`rule NAME { EFFECT TARGETS [when ...] [unless ...] [reason "..."] }`: a rule; a call is decided by the rules that match it.',
  test: '`test "title" { ... }`: a unit test of the policy: a request and the decision it expects; `apol test` runs it.',
  allow: "`allow TARGETS`: the call may run.",
  deny: "`deny TARGETS`: the call is refused, whatever else matches.",
  review: "`review TARGETS`: the call is held until enough people approve it (`approvals N of LIST`).",
  redact:
    "`redact TARGETS PATHS`: the call's output is rewritten before the agent sees it, and its arguments are masked in the decision log; it does not decide whether the call runs.",
  tagged: "`tagged TAG`: every tool declared with `tags TAG`.",
  when: "`when EXPR`: the rule matches only when the condition holds.",
  unless: "`unless EXPR`: the rule does not match when the condition holds.",
  approvals: "`approvals N of LIST`: how many distinct people of the list must approve a `review`ed call.",
  of: "`approvals N of LIST`: the people who may approve.",
  expires: "`expires DURATION`: a pending approval lapses after this long, and the call does not run.",
  reason: '`reason "..."`: the text the decision gives when this rule decides it.',
  output: "`output TYPE`: the shape of the tool's output; in a test, `expect output VALUE` states what the model reads after `redact` rules.",
  expect: "`expect allow|deny|review [by RULE]`: the decision the test expects for its latest call, and the rule that decides it.",
  call: "`call TOOL(arg: value, ...)`: the call the test decides (in `history`, an earlier allowed call).",
  history: "`history { call ... }`: earlier allowed calls of the session, oldest first.",
  labels: "`labels a, b`: the provenance labels the content carries.",
  observe: "`observe VALUE [labels a, b]`: content no tool produced, such as the user's message.",
  by: "`by RULE`: the rule expected to decide the call.",
  where: "`where EXPR`: only the earlier calls for which the condition holds; `it` is the earlier call.",
  session: "`session`: a window of the whole session.",
  true: "The boolean `true`.",
  false: "The boolean `false`.",
};

/** The meaning of a keyword of a described role, or `undefined`. */
export function keywordDoc(word: string): string | undefined {
  return Object.hasOwn(docs, word) ? docs[word] : undefined;
}

/** The keywords of the described roles, for the test that every one has its line. */
export const describedKeywords: readonly string[] = keywordSpecs.filter((k) => describedRoles.has(k.role)).map((k) => k.word);
