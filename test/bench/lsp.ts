// Times the language server as an editor runs it (its own process, over stdio) on a generated 5,000-line policy: didChange to published diagnostics, and completion, hover and definition latencies.
// `npm run bench -- --only=lsp` runs it; on its own: `node --import tsx test/bench/lsp.ts [path/to/lsp/dist/main.js]` after `npx tsc -b` (another build's server, to compare).
import { runPipeline } from "@apol/compiler";
import type { Position } from "vscode-languageserver";
import { defaultDebounceMs } from "../../lsp/src/server.js";
import { startStdioSession, type OpenDocument, type TestSession } from "../../lsp/src/test-support/client.js";
import { EDITOR_POLICY_LINES, policyOfLines } from "./frontend-policy.js";
import type { Target } from "./results.js";
import { median, quantile } from "./stats.js";

/** One measured latency: milliseconds from sending to the answer, over `samples` tries. */
export interface LspLatency {
  readonly name: string;
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  /** The p95 the latency must not exceed. */
  readonly targetMs: number;
}

export interface LspReport {
  readonly lines: number;
  readonly rules: number;
  readonly debounceMs: number;
  /** The server's entry that ran. */
  readonly server: string;
  /** The compiler alone (parse, resolve, check) on the policy: the floor under the diagnostics latency, with the debounce. */
  readonly checkMedianMs: number;
  readonly latencies: readonly LspLatency[];
}

/** Every position just after `needle` in the text (for `args.`: where argument completion starts). */
function positionsAfter(text: string, needle: string, every: number): Position[] {
  const out: Position[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const at = line.indexOf(needle);
    if (at >= 0 && i % every === 0) out.push({ line: i, character: at + needle.length });
  });
  return out;
}

function summarize(name: string, samples: readonly number[], targetMs: number): LspLatency {
  const sorted = [...samples].sort((a, b) => a - b);
  return { name, samples: samples.length, medianMs: median(samples), p95Ms: quantile(sorted, 0.95), targetMs };
}

/** Times one request at each position; an empty answer means the benchmark asked the wrong question, so it throws. */
async function timeRequests(session: TestSession, doc: OpenDocument, method: string, positions: readonly Position[]): Promise<number[]> {
  const samples: number[] = [];
  for (const position of positions) {
    const start = performance.now();
    const result = await session.request(method, { textDocument: { uri: doc.uri }, position });
    samples.push(performance.now() - start);
    if (result === null || (Array.isArray(result) && result.length === 0)) throw new Error(`${method} at ${JSON.stringify(position)} answered nothing`);
  }
  return samples;
}

/** Runs the benchmark: one server process (the built one, or `main`), the policy opened in it, `changes` edits and `requests` of each kind. */
export async function benchLsp(changes = 40, requests = 100, main?: string): Promise<LspReport> {
  const { text, rules } = policyOfLines(EDITOR_POLICY_LINES);
  const session = await startStdioSession(main === undefined ? {} : { main });
  try {
    const doc = await session.open("file:///bench/generated.apol", text);
    const initial = await session.diagnostics(doc.uri, 1);
    if (initial.diagnostics.some((d) => d.severity === 1)) throw new Error("the generated policy has errors; a benchmark of a broken policy measures nothing");

    // Alternately break and repair a rule in the middle of the file: each change must be checked and published.
    const middle = text.split("\n").findIndex((line, i) => i > text.split("\n").length / 2 && line.startsWith("rule "));
    const at = { line: middle, character: 5 };
    const diagnostics: number[] = [];
    for (let i = 0; i < changes; i++) {
      const breaking = i % 2 === 0;
      const start = performance.now();
      await session.change(
        doc,
        breaking ? { range: { start: at, end: at }, text: "(" } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: "" },
      );
      const published = await session.diagnostics(doc.uri, doc.version);
      diagnostics.push(performance.now() - start);
      if (breaking !== published.diagnostics.some((d) => d.code === "apol/syntax-error")) throw new Error(`change ${i} was not checked as expected`);
    }

    const spread = (positions: Position[]) => positions.filter((_, i) => i % Math.max(1, Math.floor(positions.length / requests)) === 0).slice(0, requests);
    const argsPositions = spread(positionsAfter(text, "args.", 1));
    const toolPositions = spread(positionsAfter(text, "  allow t_", 1)).map((p) => ({ line: p.line, character: p.character - 1 }));
    const constPositions = spread(positionsAfter(text, "<= limit_", 1)).map((p) => ({ line: p.line, character: p.character - 2 }));
    const completion = await timeRequests(session, doc, "textDocument/completion", argsPositions);
    // As when typing: delete an argument name after `args.`, ask at once (the analysis is now stale), then restore it.
    const whileTyping: number[] = [];
    for (const position of argsPositions.slice(0, 20)) {
      const line = text.split("\n")[position.line] as string;
      const word = line.slice(position.character).match(/^[a-z_]+/)?.[0] ?? "";
      await session.change(doc, { range: { start: position, end: { line: position.line, character: position.character + word.length } }, text: "" });
      whileTyping.push(...(await timeRequests(session, doc, "textDocument/completion", [position])));
      await session.change(doc, { range: { start: position, end: position }, text: word });
      await session.diagnostics(doc.uri, doc.version);
    }
    const hover = await timeRequests(session, doc, "textDocument/hover", toolPositions);
    const definition = await timeRequests(session, doc, "textDocument/definition", constPositions);
    const checks = Array.from({ length: 5 }, () => {
      const start = performance.now();
      runPipeline(text, "generated.apol", "check");
      return performance.now() - start;
    });
    return {
      lines: text.split("\n").length,
      rules,
      debounceMs: defaultDebounceMs,
      server: main ?? "lsp/dist/main.js",
      checkMedianMs: median(checks),
      latencies: [
        summarize("didChange → diagnostics", diagnostics, 100),
        summarize("completion after args.", completion, 50),
        summarize("completion while typing", whileTyping, 50),
        summarize("hover on a tool", hover, 50),
        summarize("definition of a const", definition, 50),
      ],
    };
  } finally {
    await session.close();
  }
}

/** The report's section: the latencies against their targets. */
export function renderLsp(report: LspReport): string[] {
  return [
    "",
    "## Language server over stdio",
    "",
    `\`${report.server}\` as its own process on a generated policy of ${report.lines} lines (${report.rules} rules), debounce ${report.debounceMs} ms; ` +
      `the compiler alone (parse, resolve, check) takes ${report.checkMedianMs.toFixed(0)} ms (median of 5) on it.`,
    "",
    "| request | samples | median | p95 | target (p95) |",
    "| --- | --- | --- | --- | --- |",
    ...report.latencies.map(
      (l) =>
        `| ${l.name} | ${l.samples} | ${l.medianMs.toFixed(1)} ms | ${l.p95Ms.toFixed(1)} ms | ${l.targetMs} ms ${l.p95Ms <= l.targetMs ? "met" : "MISSED"} |`,
    ),
  ];
}

/** Each latency as a target of the report. */
export function lspTargets(report: LspReport): Target[] {
  return report.latencies.map((l) => ({
    name: `language server: ${l.name}, ${report.lines} lines`,
    goal: `p95 ≤ ${l.targetMs} ms`,
    measured: `p95 ${l.p95Ms.toFixed(1)} ms`,
    met: l.p95Ms <= l.targetMs,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const report = await benchLsp(40, 100, process.argv[2]);
  console.log(renderLsp(report).join("\n"));
  process.exitCode = report.latencies.some((l) => l.p95Ms > l.targetMs) ? 1 : 0;
}
