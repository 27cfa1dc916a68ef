// Rename: prepareRename says what the cursor is on (refusing keywords and built-ins), rename edits every occurrence in the related documents.
import { builtinFunctions, keywordSpecs, lex, specialForms, spellToolName, toolNameProblem } from "@apol/compiler";
import type { Position, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { occurrenceAt, referencesTo, type Analysis } from "./analysis.js";
import { declarationAround } from "./declaration-chunk.js";
import { keysAt } from "./definition.js";
import { locationKey, toLocation, toOffset, toRange } from "./positions.js";

/** What a rename request may do: go ahead over `range`, or be refused with a message for the user. */
export type RenameCheck = { readonly ok: true; readonly range: Range; readonly placeholder: string } | { readonly ok: false; readonly message: string };

const keywords: ReadonlySet<string> = new Set(keywordSpecs.map((k) => k.word));
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether the cursor is on a renameable name; if not, why. */
export function prepareRename(analysis: Analysis, position: Position): RenameCheck {
  const offset = toOffset(analysis.index, position);
  const occurrence = occurrenceAt(analysis, offset);
  if (occurrence) {
    return { ok: true, range: toRange(analysis.index, occurrence), placeholder: analysis.text.slice(occurrence.start, occurrence.end) };
  }
  // Only the declaration around the cursor is lexed: this answers "what word is this", fast on large files.
  const chunk = declarationAround(analysis.text, offset);
  const local = offset - chunk.start;
  const token = lex(analysis.text.slice(chunk.start, chunk.end)).tokens.find((t) => t.startOffset <= local && local <= t.startOffset + t.image.length);
  const word = token?.image ?? "";
  if (builtinFunctions.has(word) || specialForms.has(word)) return { ok: false, message: `\`${word}\` is a built-in function and cannot be renamed` };
  if (keywords.has(word)) return { ok: false, message: `\`${word}\` is a keyword and cannot be renamed` };
  if (identifier.test(word)) return { ok: false, message: `\`${word}\` is built in or undeclared, so there is nothing to rename` };
  return { ok: false, message: "there is no name here to rename" };
}

/** The edits renaming the symbol under the cursor to `newName` in every document of `scope` (and a test file's policy), or why not. */
export function rename(
  analysis: Analysis,
  position: Position,
  newName: string,
  scope: readonly Analysis[],
): { readonly edit: WorkspaceEdit } | { readonly message: string } {
  const check = prepareRename(analysis, position);
  if (!check.ok) return { message: check.message };
  const keys = keysAt(analysis, position);
  const spelled = keys.some((key) => key.startsWith("tool:")) ? toolSpelling(newName) : nameSpelling(newName);
  if (!spelled.ok) return { message: spelled.message };
  const clash = keys.map((key) => existing(analysis, key, spelled.text)).find((what) => what !== undefined);
  if (clash !== undefined && spelled.text !== check.placeholder) return { message: `\`${spelled.text}\` is already ${clash}: pick another name` };
  const changes: Record<string, TextEdit[]> = {};
  const seen = new Set<string>();
  for (const doc of scope) {
    for (const reference of keys.flatMap((key) => referencesTo(doc, key)).sort((a, b) => a.span.start - b.span.start)) {
      const location = toLocation(doc, reference.span);
      const key = locationKey(location);
      if (seen.has(key)) continue;
      seen.add(key);
      (changes[location.uri] ??= []).push({ range: location.range, newText: spelled.text });
    }
  }
  return { edit: { changes } };
}

/**
 * What already answers to `name` where the symbol of `key` lives, if anything: a second tool, rule,
 * const or enum of that name would be declared twice, an argument or field would be repeated, and
 * a const, enum symbol or variable would be shadowed or ambiguous.
 */
function existing(analysis: Analysis, key: string, name: string): string | undefined {
  const symbols = analysis.checked.symbols;
  const [kind, owner] = key.split(":");
  switch (kind) {
    case "tool":
      return symbols.tools.has(name) ? "a tool" : undefined;
    case "rule":
      return symbols.rules.has(name) ? "a rule" : undefined;
    case "enum":
      return symbols.enums.has(name) ? "an enum" : undefined;
    case "predicate":
      if (builtinFunctions.has(name) || specialForms.has(name)) return "a built-in function";
      return symbols.predicates.has(name) ? "a predicate" : undefined;
    case "parameter": {
      // A second parameter of that name would be a duplicate; a const or enum symbol of it would be shadowed in the body.
      if (symbols.predicates.get(owner ?? "")?.params.some((p) => p.name === name)) return `a parameter of \`${owner}\``;
      if (symbols.consts.has(name)) return "a const";
      return symbols.membersToEnums.has(name) ? "an enum symbol" : undefined;
    }
    case "tag":
      return [...symbols.tools.values()].some((t) => t.tags.includes(name)) ? "a tag" : undefined;
    case "argument":
      return symbols.tools.get(owner ?? "")?.params.has(name) ? `an argument of \`${owner}\`` : undefined;
    case "const":
    case "member":
    case "variable":
      if (symbols.consts.has(name)) return "a const";
      return symbols.membersToEnums.has(name) ? "an enum symbol" : undefined;
    default:
      return undefined;
  }
}

type Spelling = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

function nameSpelling(newName: string): Spelling {
  if (!identifier.test(newName)) return { ok: false, message: `\`${newName}\` is not a valid name: use letters, digits and \`_\`, not starting with a digit` };
  if (keywords.has(newName)) return { ok: false, message: `\`${newName}\` is a keyword and cannot be a name` };
  return { ok: true, text: newName };
}

/** A tool may take any name MCP allows (`create-issue`, typed with or without quotes); every occurrence is written bare where it can be. */
function toolSpelling(newName: string): Spelling {
  const name = /^"[^"\\]*"$/.test(newName) ? newName.slice(1, -1) : newName;
  const problem = toolNameProblem(name);
  return problem === undefined ? { ok: true, text: spellToolName(name) } : { ok: false, message: `\`${newName}\` cannot name a tool: ${problem}` };
}
