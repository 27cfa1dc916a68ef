// Signature help for built-in functions, history functions, quantifiers and the document's predicates, from the tokens before the cursor.
import { builtinFunctions, lex, predicateSignature, specialForms, type Symbols } from "@apol/compiler";
import type { Position, SignatureHelp, SignatureInformation } from "vscode-languageserver";
import { declarationAround } from "./declaration-chunk.js";
import type { Snapshot } from "./documents.js";
import { toOffset } from "./positions.js";

const closers: Readonly<Record<string, string>> = { RParen: "LParen", RBracket: "LBracket", RBrace: "LBrace" };
const openers: ReadonlySet<string> = new Set(["LParen", "LBracket", "LBrace"]);

/** The signature of the innermost call (a built-in, or one of `symbols`' predicates) whose parentheses hold the cursor, with the argument being typed. */
export function signatureHelp(snapshot: Snapshot, position: Position, symbols?: Symbols): SignatureHelp | null {
  const offset = toOffset(snapshot.index, position);
  const chunk = declarationAround(snapshot.text, offset);
  const tokens = lex(snapshot.text.slice(chunk.start, offset)).tokens;
  // Walk back from the cursor; at each unclosed `(`, the token before it names the call.
  const separators: string[] = [];
  const stack: string[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    const name = (tokens[i] as (typeof tokens)[number]).tokenType.name;
    const closer = closers[name];
    if (closer) stack.push(closer);
    else if (openers.has(name)) {
      if (stack.length > 0) {
        stack.pop();
        continue;
      }
      if (name === "LParen") {
        const callee = tokens[i - 1]?.image ?? "";
        const help = helpFor(callee, separators, symbols);
        if (help) return help;
      }
      separators.length = 0;
    } else if (stack.length === 0 && (name === "Comma" || name === "Colon")) separators.push(name);
  }
  return null;
}

function helpFor(callee: string, separators: readonly string[], symbols: Symbols | undefined): SignatureHelp | undefined {
  const predicate = symbols?.predicates.get(callee);
  const fn = builtinFunctions.get(callee);
  const form = specialForms.get(callee);
  const described = predicate ? { signature: predicateSignature(predicate), doc: predicate.decl.doc ?? "" } : (fn ?? form);
  if (!described) return undefined;
  // Functions and predicates annotate parameters with `:` types; in a quantifier `:` separates the list from the condition.
  const quantifier = !predicate && !fn;
  const separatorTokens = quantifier ? ["Comma", "Colon"] : ["Comma"];
  const signature = signatureInformation(described.signature, described.doc, quantifier ? [",", ":"] : [","]);
  const count = signature.parameters?.length ?? 0;
  const active = Math.min(separators.filter((s) => separatorTokens.includes(s)).length, Math.max(0, count - 1));
  return { signatures: [signature], activeSignature: 0, activeParameter: active };
}

/** A signature with each parameter located in its label: the text between `(` and its `)`, split at top-level separators. */
function signatureInformation(label: string, doc: string, separators: readonly string[]): SignatureInformation {
  const open = label.indexOf("(");
  const parameters: { label: [number, number] }[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open + 1; i < label.length; i++) {
    const ch = label[i] as string;
    if (ch === "(" || ch === "[") depth++;
    else if ((ch === ")" || ch === "]") && depth > 0) depth--;
    else if (ch === ")" || (depth === 0 && separators.includes(ch))) {
      const text = label.slice(from, i);
      const lead = text.length - text.trimStart().length;
      if (text.trim() !== "") parameters.push({ label: [from + lead, from + lead + text.trim().length] });
      if (ch === ")") break;
      from = i + 1;
    }
  }
  return { label, documentation: { kind: "markdown", value: doc }, parameters };
}
