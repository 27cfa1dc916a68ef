// Probes what an editor asks the language server after each keystroke on the generated 5,000-line policy (pulled diagnostics, semantic tokens twice, the outline, folding), each timed from the change.
// Usage, after `npx tsc -b`: `node --import tsx test/bench/lsp-editor.ts [path/to/lsp/dist/main.js] [--edits=N]` (another build's server, to compare).
import type { Position } from "vscode-languageserver";
import { startStdioSession, type OpenDocument, type TestSession } from "../../lsp/src/test-support/client.js";
import { EDITOR_POLICY_LINES, policyOfLines } from "./frontend-policy.js";
import { median, quantile } from "./stats.js";

/** The client capabilities that make the server answer as to VS Code: diagnostics pulled (and pulled again when the server asks), not pushed. */
const pulling = {
  textDocument: { diagnostic: { dynamicRegistration: false }, semanticTokens: { requests: { full: { delta: true } } } },
  workspace: { diagnostics: { refreshSupport: true } },
};

/** What VS Code asks after a change, in the order it asks; each answer is timed from the change. */
function asked(session: TestSession, doc: OpenDocument, previousTokens: string | undefined): Record<string, Promise<unknown>> {
  const textDocument = { uri: doc.uri };
  return {
    "diagnostic pull": session.request("textDocument/diagnostic", { textDocument }),
    "semantic tokens": previousTokens
      ? session.request("textDocument/semanticTokens/full/delta", { textDocument, previousResultId: previousTokens })
      : session.request("textDocument/semanticTokens/full", { textDocument }),
    "document symbols": session.request("textDocument/documentSymbol", { textDocument }),
    "folding ranges": session.request("textDocument/foldingRange", { textDocument }),
  };
}

/** Breaks and repairs a rule in the middle of the policy `edits` times; per request kind, the milliseconds from each change to its answer. */
export async function probeEditor(edits = 16, main?: string): Promise<Map<string, number[]>> {
  const { text } = policyOfLines(EDITOR_POLICY_LINES);
  const session = await startStdioSession({ capabilities: pulling, ...(main === undefined ? {} : { main }) });
  const samples = new Map<string, number[]>();
  const record = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  session.client.onRequest("workspace/diagnostic/refresh", () => null);
  try {
    const doc = await session.open("file:///bench/generated.apol", text);
    let previous = ((await session.request("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } })) as { resultId?: string }).resultId;
    const lines = text.split("\n");
    const line = lines.findIndex((l, i) => i > lines.length / 2 && l.startsWith("rule "));
    const at: Position = { line, character: 5 };
    for (let i = 0; i < edits; i++) {
      const breaking = i % 2 === 0;
      const start = performance.now();
      await session.change(doc, breaking ? { range: { start: at, end: at }, text: "(" } : { range: { start: at, end: { line, character: 6 } }, text: "" });
      const requests = asked(session, doc, previous);
      const timed = Object.entries(requests).map(([name, answer]) => answer.then((result) => (record(name, performance.now() - start), result)));
      const results = await Promise.all(timed);
      record("all answered", performance.now() - start);
      previous = (results[1] as { resultId?: string }).resultId;
      // VS Code asks for the tokens of a version again (when the editor regains focus or scrolls): that answer should be free.
      const again = performance.now();
      previous = ((await session.request("textDocument/semanticTokens/full", { textDocument: { uri: doc.uri } })) as { resultId?: string }).resultId;
      record("semantic tokens, same version again", performance.now() - again);
    }
    return samples;
  } finally {
    await session.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const edits = Number(args.find((a) => a.startsWith("--edits="))?.slice("--edits=".length) ?? 16);
  const main = args.find((a) => !a.startsWith("--"));
  const samples = await probeEditor(edits, main);
  console.log(`${main ?? "lsp/dist/main.js"}, ${edits} edits, load ${(await import("node:os")).loadavg()[0]?.toFixed(1)}`);
  console.log("| request | median | p95 |\n| --- | --- | --- |");
  for (const [name, ms] of samples)
    console.log(
      `| ${name} | ${median(ms).toFixed(0)} ms | ${quantile(
        [...ms].sort((a, b) => a - b),
        0.95,
      ).toFixed(0)} ms |`,
    );
}
