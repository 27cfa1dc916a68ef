// Tokenizes apol text with the generated grammar through VS Code's own TextMate engine, for tests.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import oniguruma from "vscode-oniguruma";
import textmate from "vscode-textmate";

const require = createRequire(import.meta.url);

/** The generated grammar file. */
export const grammarPath = fileURLToPath(new URL("./apol.tmLanguage.json", import.meta.url));

/** A token as VS Code sees it: UTF-16 columns on one line and its scopes, outermost first. */
export interface ScopedToken {
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly scopes: readonly string[];
}

/** The tokens of a whole text, and whether the grammar is back at the top level after its last line. */
export interface Tokenized {
  readonly lines: readonly (readonly ScopedToken[])[];
  readonly endsAtTopLevel: boolean;
}

let loaded: Promise<textmate.IGrammar> | undefined;

function loadGrammar(): Promise<textmate.IGrammar> {
  loaded ??= (async () => {
    const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: () => Promise.resolve(textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath)),
    });
    const grammar = await registry.loadGrammar("source.apol");
    if (!grammar) throw new Error("the grammar `source.apol` did not load");
    return grammar;
  })();
  return loaded;
}

/** Tokenizes `text` line by line, carrying the rule stack across lines as the editor does. */
export async function tokenize(text: string): Promise<Tokenized> {
  const grammar = await loadGrammar();
  let stack = textmate.INITIAL;
  const lines = text.split(/\r?\n/).map((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({ line: index, start: t.startIndex, end: t.endIndex, scopes: t.scopes }));
  });
  return { lines, endsAtTopLevel: stack.depth === 1 };
}
