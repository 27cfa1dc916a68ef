// Probes what an editor asks the language server after each keystroke on the generated 5,000-line policy (pulled diagnostics, semantic tokens twice, the outline, folding), each timed from the change.
// Usage, after `npx tsc -b`: `node --import tsx test/bench/lsp-editor.ts [path/to/lsp/dist/main.js] [--edits=N] [--typing]` (another build's server, to compare;
// `--typing` types six keys 120 ms apart as test/vscode/latency.ts does, cancelling each pull at the next key as VS Code does, and times the last key to its diagnostics).
import { CancellationTokenSource, type Position } from "vscode-languageserver";
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

/**
 * Types `_cents` after an argument name, a key every `keyMs`, `cycles` times (then removes it), as the real-editor benchmark
 * does, sending with each key what VS Code sends and cancelling the diagnostics pull still on its way: per cycle, the
 * milliseconds from the last key to the answer of the pull sent with it. What the server alone adds to that benchmark's figures.
 */
export async function probeTyping(cycles = 8, keyMs = 120, main?: string): Promise<Map<string, number[]>> {
  const { text } = policyOfLines(EDITOR_POLICY_LINES);
  const session = await startStdioSession({ capabilities: pulling, ...(main === undefined ? {} : { main }) });
  session.client.onRequest("workspace/diagnostic/refresh", () => null);
  const samples = new Map<string, number[]>();
  const record = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  try {
    const doc = await session.open("file:///bench/generated.apol", text);
    const textDocument = { uri: doc.uri };
    let previous = ((await session.request("textDocument/semanticTokens/full", { textDocument })) as { resultId?: string }).resultId;
    const lines = text.split("\n");
    const targets = lines.flatMap((l, i) => (i > lines.length / 2 && l.includes("args.amount <= limit_") ? [i] : []));
    for (let c = 0; c < cycles; c++) {
      const line = targets[Math.floor((c * targets.length) / cycles)] as number;
      const at = (lines[line] as string).indexOf("args.amount") + "args.amount".length;
      let pull: { token: CancellationTokenSource; answer: Promise<unknown> } | undefined;
      let lastKey = 0;
      const start = performance.now();
      for (const [i, key] of [..."_cents"].entries()) {
        await sleep(start + i * keyMs - performance.now());
        lastKey = performance.now();
        pull?.token.cancel();
        await session.change(doc, { range: { start: { line, character: at + i }, end: { line, character: at + i } }, text: key });
        const token = new CancellationTokenSource();
        pull = { token, answer: session.client.sendRequest("textDocument/diagnostic", { textDocument }, token.token).catch(() => undefined) };
        const position = { line, character: at + i + 1 };
        void session.client
          .sendRequest("textDocument/semanticTokens/full/delta", { textDocument, previousResultId: previous })
          .then((r) => (previous = (r as { resultId?: string }).resultId))
          .catch(() => undefined);
        void session.client.sendRequest("textDocument/documentHighlight", { textDocument, position }).catch(() => undefined);
        void session.client
          .sendRequest("textDocument/inlayHint", { textDocument, range: { start: { line: line - 30, character: 0 }, end: { line: line + 30, character: 0 } } })
          .catch(() => undefined);
        void session.client.sendRequest("textDocument/documentSymbol", { textDocument }).catch(() => undefined);
        void session.client.sendRequest("textDocument/foldingRange", { textDocument }).catch(() => undefined);
      }
      const answered = (await pull?.answer) as { items?: { code?: unknown }[] } | undefined;
      record("last key → its diagnostics", performance.now() - lastKey);
      if (!answered?.items?.some((d) => d.code === "apol/unknown-field" || String(d.code).startsWith("apol/unknown")))
        throw new Error(`cycle ${c}: the typo's diagnostic is missing`);
      await session.change(doc, { range: { start: { line, character: at }, end: { line, character: at + 6 } }, text: "" });
      await session.request("textDocument/diagnostic", { textDocument });
      await sleep(500);
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
  const samples = args.includes("--typing") ? await probeTyping(edits, 120, main) : await probeEditor(edits, main);
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
