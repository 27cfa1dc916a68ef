// Completions where a declaration may start: each declaration keyword, and the snippets of whole declarations that begin with it (offered nowhere else).
import { CompletionItemKind } from "vscode-languageserver";
import type { Items } from "./items.js";

/** A snippet of a whole declaration, in LSP snippet syntax, indented as `apol fmt` indents. */
export interface DeclarationSnippet {
  readonly label: string;
  /** The declaration keyword it starts with. */
  readonly keyword: string;
  readonly detail: string;
  readonly body: string;
}

export const declarationSnippets: readonly DeclarationSnippet[] = [
  {
    label: "policy file",
    keyword: "policy",
    detail: "a policy file: the header, a tool and a rule that allows it",
    body: "policy ${1:name}\n\ntool ${2:read_file}(${3:path}: ${4|string,number,int,bool|})\n\nrule ${5:reads} {\n  allow ${2:read_file}\n}\n$0",
  },
  { label: "tool with an argument", keyword: "tool", detail: "a tool with one argument", body: "tool ${1:name}(${2:arg}: ${3|string,number,int,bool|})$0" },
  {
    label: "predicate",
    keyword: "def",
    detail: "a named condition over its parameters, called in rules like a function",
    body: "def ${1:name}(${2:value}: ${3|string,number,int,bool|}) = ${4:condition}$0",
  },
  {
    label: "rule allow",
    keyword: "rule",
    detail: "a rule that allows calls when a condition holds",
    body: "rule ${1:name} {\n  allow ${2:tool_name}\n  when ${3:condition}\n}$0",
  },
  {
    label: "rule deny",
    keyword: "rule",
    detail: "a rule that denies calls when a condition holds, with a reason",
    body: 'rule ${1:name} {\n  deny ${2:tool_name}\n  when ${3:condition}\n  reason "${4:why}"\n}$0',
  },
  {
    label: "rule review",
    keyword: "rule",
    detail: "a rule that holds calls for human approval",
    body: 'rule ${1:name} {\n  review ${2:tool_name}\n  when ${3:condition}\n  approvals ${4:1} of ["${5:approver}"]\n  expires ${6:4h}\n  reason "${7:why}"\n}$0',
  },
  {
    label: "rule redact",
    keyword: "rule",
    detail: "a rule that removes fields from a tool's output",
    body: "rule ${1:name} {\n  redact ${2:tool_name} output.${3:field}\n  unless ${4:condition}\n}$0",
  },
  {
    label: "test of a call",
    keyword: "test",
    detail: "a test: one call and the decision it expects",
    body: 'test "${1:title}" {\n  call ${2:tool_name}(${3:arg}: ${4:value})\n  expect ${5|allow,deny,review|}\n}$0',
  },
];

/** The keyword `word` where a declaration may start, with its snippets; `policy` only in a file without a header. */
export function declarationItems(word: string, hasHeader: boolean, items: Items): void {
  if (word === "policy" && hasHeader) return;
  items.add(word, CompletionItemKind.Keyword, "keyword");
  for (const snippet of declarationSnippets) {
    if (snippet.keyword === word) items.add(snippet.label, CompletionItemKind.Snippet, snippet.detail, { snippet: snippet.body });
  }
}
