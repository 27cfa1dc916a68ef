// Renders one run's results as markdown: the tables `npm run bench` prints.
import { renderDesk } from "./desk.js";
import { renderLsp } from "./lsp.js";
import { renderMcp } from "./mcp.js";
import { renderState } from "./state.js";
import { renderVscode } from "./vscode.js";
import { bytes, count, ms, ns, times } from "./format.js";
import type { Pair, ScalingRow } from "./decisions.js";
import type { Elapsed } from "./clock.js";
import type { BenchResults } from "./results.js";

/** `1,234 ms (CPU 1,100 ms)`. */
const elapsed = (e: Elapsed): string => `${ms(e.wallMs)} (CPU ${ms(e.cpuMs)})`;

/** Code in a table cell: a `|` would end the cell. */
const cellCode = (text: string): string => `\`${text.replaceAll("|", "\\|")}\``;

/** A markdown table; every column after the first is right-aligned (they hold figures). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? "---" : "---:"))), ...rows.map(line)].join("\n");
}

/** The report for `results`, as the markdown `npm run bench` prints. */
export function renderReport(results: BenchResults): string {
  const { machine } = results;
  const out: string[] = [
    "# apol benchmarks",
    "",
    `${results.date} · ${results.quick ? "quick run" : "full run"} · ${Math.round(results.seconds)} s · Node ${machine.node} · ${machine.platform} · ` +
      `${machine.cores} × ${machine.cpu} · load average ${machine.loadStart.toFixed(1)} at start, ${machine.loadEnd.toFixed(1)} at end`,
    "",
    "Shared machines are noisy: compare ratios measured in the same run, not absolute figures across runs.",
  ];

  const { frontEnd, decisions, scaling, regex, runtimeSize, replay } = results;
  if (results.state) out.push("", ...renderState(results.state));
  if (results.lsp) out.push(...renderLsp(results.lsp));
  if (results.desk) out.push(...renderDesk(results.desk));
  if (results.mcp) out.push(...renderMcp(results.mcp));
  if (results.vscode) out.push(...renderVscode(results.vscode));
  if (frontEnd) {
    out.push("", "## Front end: parse + resolve + check", "");
    out.push(
      "Wall-clock median and fastest run, and the median CPU time of the process (which other processes on the machine do not inflate); rules/s from the CPU time.",
      "",
      table(
        ["rules", "source", "runs", "median", "fastest", "median CPU", "rules/s"],
        frontEnd.rows.map((r) => [count(r.rules), bytes(r.bytes), String(r.runs), ms(r.medianMs), ms(r.minMs), ms(r.cpuMedianMs), count(r.rulesPerSecond)]),
      ),
    );
    const full = frontEnd.fullCompile;
    out.push(
      "",
      `Full compile (every stage through \`emit\`) of ${count(full.rules)} rules, ${full.runs} run(s): median ${ms(full.medianMs)}, ` +
        `fastest ${ms(full.minMs)}, median CPU ${ms(full.cpuMedianMs)}; ${bytes(full.jsBytes)} of JavaScript.`,
    );
  }

  if (decisions) {
    const base = decisions.engines.find((e) => e.engine === "handwritten")!;
    const apol = decisions.engines.find((e) => e.engine === "apol")!;
    const overhead = Math.max(...decisions.engines.map((e) => e.timerOverheadNs));
    out.push(
      "",
      `## Decisions: ${count(decisions.spec.requests)} requests over ${decisions.tools} tools (${count(decisions.allows)} allow, ${count(decisions.denies)} deny)`,
      "",
      `All ${decisions.engines.length} engines decided every request identically. Each ran in a fresh process after a warm-up. ` +
        `*median* and *p99* time each decision on its own with \`process.hrtime.bigint()\` (wall-clock; a timer read costs up to ${ns(overhead)} here, included); ` +
        "*CPU* is the process's CPU time per decision over plain loops (over the timed passes when the engine is too slow for another pass), " +
        "which other processes on the machine do not inflate. " +
        "Ratios: *vs hand-written* is how many times slower than the baseline; *apol faster by* is how many times slower than apol.",
      "",
    );
    out.push(
      table(
        [
          "engine",
          "load",
          "median",
          "p99",
          "CPU",
          "decisions per CPU-s",
          "vs hand-written (median · CPU)",
          "apol faster by (median · CPU)",
          "passes (timed + loop)",
        ],
        decisions.engines.map((e) => [
          e.name,
          ms(e.loadMs),
          ns(e.medianNs),
          ns(e.p99Ns),
          ns(e.cpuNs),
          count(e.decisionsPerCpuSecond),
          `${times(e.medianNs / base.medianNs)} · ${times(e.cpuNs / base.cpuNs)}`,
          `${times(e.medianNs / apol.medianNs)} · ${times(e.cpuNs / apol.cpuNs)}`,
          `${e.passes} + ${e.loopPasses}`,
        ]),
      ),
      "",
      `apol's load is importing the compiled module and creating the enforcer; compiling the policy (every stage) took ${elapsed(decisions.apolCompile)} beforehand. ` +
        "*cedar-wasm* is the stateless `isAuthorized`, which parses the policy text on every call; *cedar-wasm (preparsed)* caches the parsed policy set in the Wasm module (`statefulIsAuthorized`).",
    );
  }

  if (scaling && scaling.length > 0) {
    const first = scaling[0]!;
    const mix = (title: string, note: string, pick: (row: ScalingRow) => Pair): void => {
      out.push("", `### ${title}`, "", note, "");
      out.push(
        table(
          [
            "tools",
            "hand-written median",
            "apol median",
            "hand-written CPU",
            "apol CPU",
            "apol / hand-written (CPU)",
            `apol CPU vs ${count(first.tools)} tools`,
          ],
          scaling.map((row) => {
            const { handwritten, apol } = pick(row);
            return [
              count(row.tools),
              ns(handwritten.medianNs),
              ns(apol.medianNs),
              ns(handwritten.cpuNs),
              ns(apol.cpuNs),
              times(apol.cpuNs / handwritten.cpuNs),
              times(apol.cpuNs / pick(first).apol.cpuNs),
            ];
          }),
        ),
      );
    };
    out.push("", "## Dispatch scaling: generated tools only", "");
    out.push(
      `Compiling the apol policy: ${scaling.map((r) => `${count(r.tools)} tools ${elapsed(r.apolCompile)}, ${bytes(r.moduleBytes)} of JavaScript`).join("; ")}.`,
    );
    mix("Requests spread over every tool", "With many tools, each tool sees few of the requests, so its generated code runs cold.", (row) => row.spread);
    mix(
      `Requests to ${first.hotTools} of the tools`,
      "Every tool is declared, but only a few are called: the cost of dispatching among many tools, on warm code.",
      (row) => row.hot,
    );
  }

  if (regex) {
    out.push(
      "",
      "## Regular expressions: `matches`",
      "",
      "The built matcher (the compiler's program run by the runtime's linear automaton), median time per test over batches of about a millisecond. " +
        "The issue's patterns on the text it timed (JavaScript's `RegExp` takes from seconds to minutes on each, so it is not run) and on 100 KB of the same text:",
      "",
      table(
        ["pattern", "text", "matches", "apol"],
        regex.pathological.map((r) => [cellCode(r.pattern), r.text, r.matched ? "yes" : "no", ns(r.apolNs)]),
      ),
      "",
      `The engine's own worst case: \`${regex.worst.pattern}\` (1,000 states, the most a pattern may have, and a DFA too large to cache) on ${regex.worst.text}: ` +
        `${ns(regex.worst.apolNs)}, ${ns(regex.worst.apolNs / regex.worst.chars)} per character (the bound is linear: characters × states).`,
      "",
      "Ordinary patterns on the texts policies see, both engines deciding alike; *vs RegExp* is apol's time over RegExp's:",
      "",
      table(
        ["pattern", "text", "matches", "apol", "RegExp", "vs RegExp"],
        regex.ordinary.map((r) => [
          cellCode(r.pattern),
          r.text,
          r.matched ? "yes" : "no",
          ns(r.apolNs),
          ns(r.regExpNs ?? NaN),
          times(r.apolNs / (r.regExpNs ?? NaN)),
        ]),
      ),
    );
  }

  if (runtimeSize) {
    out.push(
      "",
      "## Runtime size",
      "",
      `\`@apol/runtime\` (every entry point, bundled by esbuild): ${count(runtimeSize.minifiedBytes)} bytes minified, ` +
        `${count(runtimeSize.gzipBytes)} bytes minified + gzipped. What a stateless app bundles ` +
        "(`createStatelessEnforcer` of `@apol/runtime/stateless` and the `ops` the peer policy's module imports): " +
        `${count(runtimeSize.statelessMinifiedBytes)} bytes minified, ${count(runtimeSize.statelessGzipBytes)} bytes minified + gzipped (budget ${count(runtimeSize.budgetBytes)}); ` +
        `with its log and redaction (\`logTo\`, \`redaction\`) ${count(runtimeSize.loggedGzipBytes)} bytes minified + gzipped; ` +
        `a stateful app (\`createEnforcer\` and the same \`ops\`) ${count(runtimeSize.statefulGzipBytes)} bytes minified + gzipped.`,
    );
  }

  if (replay) {
    out.push(
      "",
      "## Replay",
      "",
      `\`apol replay\` (the built CLI in a fresh process, \`--summary --format json\`) on a generated trace of ${count(replay.spec.sessions)} sessions open at once, ` +
        `written in ${ms(replay.generateMs)}. Each run is timed from process start to exit, start-up and compiling the policies included: ` +
        "*steps/s* over wall time, *steps per CPU-s* over the process's CPU time (every thread, garbage collection included), which other processes do not inflate; " +
        "*peak RSS* is the process's maximum resident set.",
      "",
      table(
        ["replay", "trace", "steps", "wall", "CPU", "steps/s", "steps per CPU-s", "peak RSS"],
        replay.runs.map((r) => [
          r.name,
          bytes(r.traceBytes),
          count(r.steps),
          ms(r.wallMs),
          ms(r.cpuMs),
          count(r.stepsPerSecond),
          count(r.stepsPerCpuSecond),
          bytes(r.maxRssBytes),
        ]),
      ),
    );
  }

  if (results.targets.length > 0) {
    out.push("", "## Targets", "");
    out.push(
      table(
        ["target", "goal", "measured", "met"],
        results.targets.map((t) => [t.name, t.goal, t.measured, t.met ? "yes" : "**no**"]),
      ),
    );
  }
  return `${out.join("\n")}\n`;
}
