// Editing latency in a real VS Code (test/vscode/latency.ts in code-server and Chromium, in a network namespace): keystroke to squiggle, and `.` to the completion list.
// `npm run bench -- --only=vscode` runs it; it installs code-server into node_modules/.cache on first use and needs Debian's chromium, ripgrep and libkrb5-dev.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EditSample } from "../vscode/latency-analysis.js";
import type { VscodeLatencyRun } from "../vscode/latency.js";
import { isolated, prepareVscode } from "../vscode/prepare.js";
import { count, ms } from "./format.js";
import type { Target } from "./results.js";
import { median, quantile } from "./stats.js";

/** The keystroke-to-squiggle target (p95), issue 20's. */
const DIAGNOSTICS_TARGET_MS = 300;
/** The language server's completion target over stdio (p95): the editor adds its own part, which this measures. */
const COMPLETION_STDIO_TARGET_MS = 50;

/** Median and p95 of some samples, in milliseconds. */
export interface Spread {
  readonly samples: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

export interface VscodeReport {
  readonly run: VscodeLatencyRun;
  /** Every key that changed the text, then by kind. */
  readonly edits: Spread;
  readonly appear: Spread;
  readonly change: Spread;
  readonly fix: Spread;
  /** How many keys' own text ever got its squiggles shown. */
  readonly shown: number;
  readonly inputDelay: Spread;
  readonly completion: Spread;
}

function spread(samples: readonly number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples: samples.length, medianMs: median(samples), p95Ms: quantile(sorted, 0.95) };
}

const ofKind = (edits: readonly EditSample[], kind: EditSample["kind"]) => edits.filter((e) => e.kind === kind).map((e) => e.latencyMs);

/** Prepares code-server and the extension, runs the measurement in its own process and summarizes what it wrote. */
export function benchVscode(plan: { cycles: number; completions: number }, log: (line: string) => void): VscodeReport {
  const parts = prepareVscode("stderr");
  // In the git-ignored artifacts folder, so that a failure's screenshot (OUT.failed.png) stays to be looked at.
  const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
  mkdirSync(artifacts, { recursive: true });
  const out = join(artifacts, "vscode-latency.json");
  rmSync(out, { force: true });
  const script = fileURLToPath(new URL("../vscode/latency.ts", import.meta.url));
  const child = isolated([
    process.execPath,
    "--import",
    "tsx",
    script,
    parts.install,
    parts.vsix,
    out,
    `--cycles=${plan.cycles}`,
    `--completions=${plan.completions}`,
  ]);
  if (!child.isolated) log("vscode: cannot create a network namespace here (needs root); running on the host's loopback");
  const result = spawnSync(child.command, child.args, { stdio: ["ignore", 2, 2] });
  if (result.status !== 0) throw new Error(`test/vscode/latency.ts failed (exit ${result.status ?? result.signal}); its screenshot: ${out}.failed.png`);
  const run = JSON.parse(readFileSync(out, "utf8")) as VscodeLatencyRun;
  return {
    run,
    edits: spread(run.edits.map((e) => e.latencyMs)),
    appear: spread(ofKind(run.edits, "appear")),
    change: spread(ofKind(run.edits, "change")),
    fix: spread(ofKind(run.edits, "fix")),
    shown: run.edits.filter((e) => e.shown).length,
    inputDelay: spread(run.edits.map((e) => e.inputDelayMs)),
    completion: spread(run.completionMs),
  };
}

const row = (name: string, s: Spread, target: string): string => `| ${name} | ${s.samples} | ${ms(s.medianMs)} | ${ms(s.p95Ms)} | ${target} |`;

/** The report's section. */
export function renderVscode(report: VscodeReport): string[] {
  const { run } = report;
  const met = report.edits.p95Ms <= DIAGNOSTICS_TARGET_MS;
  const load = (a: number, b: number) => `${a.toFixed(1)} to ${b.toFixed(1)}`;
  return [
    "",
    "## VS Code: keystroke to squiggle, `.` to completion",
    "",
    `VS Code ${run.vscode} with the packaged extension in Chromium, on the generated policy of ${count(run.lines)} lines (${count(run.rules)} rules). ` +
      `${run.cycles} times, on a different rule each: \`${run.typo}\` typed after \`args.amount\`, a key every ${run.keyMs} ms, then, once its squiggle shows, ` +
      `selected and deleted with Backspace; each key timed from sending it to the editor's DOM first showing squiggles of a text that includes it. ` +
      `Then \`.\` of \` and args.\` typed at the end of a rule's \`when\` line, timed to the suggest widget listing the tool's arguments. ` +
      `Load average ${load(run.load.editsStart, run.load.editsEnd)} while typing, ${load(run.load.completionStart, run.load.completionEnd)} while completing.`,
    "",
    "| latency | samples | median | p95 | target (p95) |",
    "| --- | ---: | ---: | ---: | --- |",
    row("keystroke → squiggles that include it (every key)", report.edits, `${DIAGNOSTICS_TARGET_MS} ms ${met ? "met" : "MISSED"}`),
    row("of which the key that makes the error", report.appear, ""),
    row("of which a key that changes it", report.change, ""),
    row("of which the fix (Backspace): squiggle gone", report.fix, ""),
    row("`.` → completion list with the arguments", report.completion, `none in VS Code (stdio: ${COMPLETION_STDIO_TARGET_MS} ms)`),
    row("key sent → the page's keydown", report.inputDelay, ""),
    "",
    `${report.shown} of ${report.edits.samples} keys had the squiggles of their own text shown; the others' were skipped for a later text's. ` +
      `The squiggle vanished ${run.flickers} time(s) while the text still had its error, and came back.`,
  ];
}

/** The keystroke-to-squiggle target. */
export function vscodeTargets(report: VscodeReport): Target[] {
  return [
    {
      name: `VS Code: keystroke → squiggles, ${count(report.run.lines)} lines`,
      goal: `p95 ≤ ${DIAGNOSTICS_TARGET_MS} ms`,
      measured: `p95 ${ms(report.edits.p95Ms)} (load ${report.run.load.editsStart.toFixed(1)} to ${report.run.load.editsEnd.toFixed(1)})`,
      met: report.edits.p95Ms <= DIAGNOSTICS_TARGET_MS,
    },
  ];
}
