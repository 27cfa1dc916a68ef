// `npm run bench`: builds the packages, runs every benchmark, prints a markdown report and writes test/artifacts/bench.json.
//
//   npm run bench                     the full run (a few minutes on 2 cores)
//   npm run bench -- --quick          fewer requests, runs and passes, scaling up to 1,000 tools (a minute or two)
//   npm run bench -- --only=decisions any of frontend, decisions, scaling, regex, size, replay, state, lsp, desk, mcp, vscode (comma-separated)
//   npm run bench -- --only=vscode    keystroke to squiggle and `.` to completion in a real VS Code (only when named: it installs code-server)
//   npm run bench -- --only=replay --replay-mb=1000   replay a trace of about 1 GB (default 300 MB, 30 MB with --quick)
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { benchDecisions, benchScaling } from "./decisions.js";
import { benchDesk, deskTargets } from "./desk.js";
import { apolPolicy, compileApol } from "./engines/apol.js";
import { benchFrontEnd, type FrontEndPlan } from "./frontend.js";
import { benchLsp, lspTargets } from "./lsp.js";
import { benchMcp, mcpTargets } from "./mcp.js";
import { benchStateInChild, stateTargets } from "./state.js";
import { benchRegex } from "./regex.js";
import { benchVscode, vscodeTargets } from "./vscode.js";
import type { TimingPlan } from "./measure.js";
import { renderReport } from "./report.js";
import { describeMachine, type BenchResults } from "./results.js";
import { benchReplay } from "./replay.js";
import { measureRuntimeSize } from "./size.js";
import { evaluateTargets } from "./targets.js";
import { makeWorkload, PEER_GENERATED_TOOLS, SEED } from "./workload.js";

const sections = ["frontend", "decisions", "scaling", "regex", "size", "replay", "state", "lsp", "desk", "mcp", "vscode"] as const;
type Section = (typeof sections)[number];
/** Sections that run only when `--only` names them: VS Code needs Debian's Chromium and a code-server install of 350 MB. */
const optIn: ReadonlySet<Section> = new Set(["vscode"]);

interface Plan {
  readonly frontEnd: FrontEndPlan;
  readonly requests: number;
  readonly decisions: TimingPlan;
  readonly scaling: TimingPlan;
  /** The tool counts of the scaling runs. */
  readonly scalingTools: readonly number[];
  /** The size of the replayed trace, in megabytes (10^6 bytes). */
  readonly replayMb: number;
}

/** The scaling's second mix calls only this many of the tools. */
const HOT_TOOLS = 10;
/** Sessions open at once in the replayed trace. */
const REPLAY_SESSIONS = 1000;

const plans: Record<"full" | "quick", Plan> = {
  full: {
    frontEnd: {
      sizes: [
        { rules: 100, runs: 9 },
        { rules: 1000, runs: 7 },
        { rules: 10_000, runs: 5 },
      ],
      fullRuns: 3,
    },
    requests: 10_000,
    decisions: { warmupMs: 1000, maxPasses: 5, budgetMs: 5000, loopPasses: 25 },
    scaling: { warmupMs: 500, maxPasses: 5, budgetMs: 2000, loopPasses: 15 },
    scalingTools: [10, 100, 1000, 10_000],
    // About 2,000,000 steps.
    replayMb: 300,
  },
  quick: {
    frontEnd: {
      sizes: [
        { rules: 100, runs: 3 },
        { rules: 1000, runs: 3 },
        { rules: 10_000, runs: 2 },
      ],
      fullRuns: 1,
    },
    requests: 2000,
    decisions: { warmupMs: 300, maxPasses: 3, budgetMs: 1500, loopPasses: 11 },
    scaling: { warmupMs: 200, maxPasses: 3, budgetMs: 1000, loopPasses: 11 },
    // Compiling 10,000 tools alone takes longer than the rest of a quick run.
    scalingTools: [10, 100, 1000],
    replayMb: 30,
  },
};

const root = fileURLToPath(new URL("../../", import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function parseArgs(argv: readonly string[]): { quick: boolean; only: ReadonlySet<Section>; replayMb: number | undefined } {
  let quick = false;
  let only: ReadonlySet<Section> = new Set(sections.filter((s) => !optIn.has(s)));
  let replayMb: number | undefined;
  for (const arg of argv) {
    if (arg === "--quick") quick = true;
    else if (arg.startsWith("--replay-mb=")) {
      replayMb = Number(arg.slice("--replay-mb=".length));
      if (!(replayMb > 0)) throw new Error(`\`${arg}\`: give the trace's size in megabytes, e.g. --replay-mb=1000`);
    } else if (arg.startsWith("--only=")) {
      const names = arg.slice("--only=".length).split(",");
      const unknown = names.filter((n) => !(sections as readonly string[]).includes(n));
      if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(", ")}: choose from ${sections.join(", ")}`);
      only = new Set(names as Section[]);
    } else throw new Error(`unknown argument \`${arg}\`: use --quick, --only=${sections.join(",")} and --replay-mb=N`);
  }
  return { quick, only, replayMb };
}

/** The benchmarks measure the packages as shipped (`dist/`), so build them first; `tsc -b` is incremental. */
function build(): void {
  log("building (tsc -b)...");
  const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-b"], { cwd: root, encoding: "utf8" });
  if (tsc.status !== 0) throw new Error(`tsc -b failed, so the built packages may be stale:\n${tsc.stdout}${tsc.stderr}`);
}

const { quick, only, replayMb } = parseArgs(process.argv.slice(2));
const plan = plans[quick ? "quick" : "full"];
const started = performance.now();
const loadStart = loadavg()[0]!;
build();

/** Runs one section if `--only` includes it. */
function section<T>(name: Section, run: () => T): T | undefined {
  if (!only.has(name)) return undefined;
  log(`${name}...`);
  return run();
}

const frontEnd = section("frontend", () => benchFrontEnd(plan.frontEnd));
const peerSpec = { seed: SEED, named: true, generated: PEER_GENERATED_TOOLS, requests: plan.requests };
const decisions = section("decisions", () => benchDecisions(peerSpec, plan.decisions, log));
const scaling = section("scaling", () => benchScaling(plan.scalingTools, HOT_TOOLS, { seed: SEED, requests: plan.requests }, plan.scaling, log));
const regexes = section("regex", benchRegex);
// The stateless app's bundle keeps the helpers the peer policy's module imports.
const runtimeSize = section("size", () =>
  measureRuntimeSize(decisions?.apolModule ?? compileApol(apolPolicy(makeWorkload({ ...peerSpec, requests: 0 })), "decisions").path),
);
// Session state measures memory after full collections, so it runs in a child with `--expose-gc`.
const state = section("state", () => benchStateInChild(quick));
const replay = section("replay", () => benchReplay({ bytes: (replayMb ?? plan.replayMb) * 1e6, spec: { seed: SEED, sessions: REPLAY_SESSIONS } }, log));

// The language server runs as its own process, as an editor runs it: its requests are asynchronous.
if (only.has("lsp")) log("lsp...");
const lsp = only.has("lsp") ? await benchLsp(quick ? 20 : 40, quick ? 40 : 100) : undefined;
// The review desk serves over HTTP and notifies over HTTP: asynchronous too.
if (only.has("desk")) log("desk...");
const desk = only.has("desk") ? await benchDesk(quick ? 10 : 30) : undefined;
// The MCP gateway against the real server-everything as a child: its calls are asynchronous too.
if (only.has("mcp")) log("mcp...");
const mcp = only.has("mcp") ? await benchMcp(quick ? 300 : 2000) : undefined;
// VS Code runs in its own process too, in a network namespace.
const vscode = section("vscode", () => benchVscode(quick ? { cycles: 3, completions: 5 } : { cycles: 10, completions: 20 }, log));

const results: BenchResults = {
  date: new Date().toISOString(),
  quick,
  seconds: (performance.now() - started) / 1000,
  machine: describeMachine(loadStart),
  ...(frontEnd ? { frontEnd } : {}),
  ...(decisions ? { decisions } : {}),
  ...(scaling ? { scaling } : {}),
  ...(regexes ? { regex: regexes } : {}),
  ...(runtimeSize ? { runtimeSize } : {}),
  ...(replay ? { replay } : {}),
  ...(state ? { state } : {}),
  ...(lsp ? { lsp } : {}),
  ...(desk ? { desk } : {}),
  ...(mcp ? { mcp } : {}),
  ...(vscode ? { vscode } : {}),
  targets: [
    ...evaluateTargets({ frontEnd, decisions, scaling, size: runtimeSize, replay }),
    ...(state ? stateTargets(state) : []),
    ...(lsp ? lspTargets(lsp) : []),
    ...(desk ? deskTargets(desk) : []),
    ...(mcp ? mcpTargets(mcp) : []),
    ...(vscode ? vscodeTargets(vscode) : []),
  ],
};
mkdirSync(`${root}test/artifacts`, { recursive: true });
writeFileSync(`${root}test/artifacts/bench.json`, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(renderReport(results));
log("wrote test/artifacts/bench.json");
