// Measures editing latency in a real VS Code: code-server with the packaged extension on the generated 5,000-line policy, typed at in Chromium, read from the editor's DOM.
// Usage (test/bench/vscode.ts calls it, inside a network namespace): latency.ts INSTALL_DIR VSIX OUT_JSON [--cycles=N] [--completions=N] [--key-ms=N]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { EDITOR_POLICY_LINES, policyOfLines } from "../bench/frontend-policy.js";
import { analyzeCycle, squiggleVersion, type EditSample, type Squiggle } from "./latency-analysis.js";
import { installExtension, startCodeServer, type CodeServer } from "./code-server.js";
import { goTo, openFile, openWorkbench, until } from "./workbench.js";

/** What one run measured, written as JSON to OUT_JSON. */
export interface VscodeLatencyRun {
  readonly vscode: string;
  readonly lines: number;
  readonly rules: number;
  readonly keyMs: number;
  /** The characters typed after an argument name to make it unknown, one key each. */
  readonly typo: string;
  readonly cycles: number;
  readonly edits: readonly EditSample[];
  /** How often, over all cycles, the squiggles vanished while the text still had its error, before coming back. */
  readonly flickers: number;
  /** From sending `.` to the suggest widget listing the tool's arguments. */
  readonly completionMs: readonly number[];
  /** The 1-minute load average before and after each part. */
  readonly load: { readonly editsStart: number; readonly editsEnd: number; readonly completionStart: number; readonly completionEnd: number };
}

interface KeyEvent {
  readonly key: string;
  readonly t: number;
}
interface Recorded {
  readonly keys: KeyEvent[];
  readonly squiggles: { t: number; squiggles: Squiggle[] }[];
  readonly suggest: { t: number; labels: string[] | null }[];
}

/** The typo: `args.amount` becomes `args.amount_cents`, an unknown argument whose squiggle grows by one character a key. */
const TYPO = "_cents";
/** The argument the typo is typed after, and the line text that has it: the first rule template of test/bench/frontend-policy.ts. */
const ARGUMENT = "args.amount";
const RULE_LINE = "args.amount <= limit_";
/** A user who sees the squiggle takes about this long before fixing the typo. */
const REACTION_MS = 300;
/** How long the editor must stay unchanged before the next measurement starts, so one does not run into another. */
const SETTLE_MS = 500;

const recorderSource = readFileSync(new URL("./latency-recorder.js", import.meta.url), "utf8");

async function recorded(page: Page): Promise<Recorded> {
  return (await page.evaluate("window.__apolLatency")) as Recorded;
}

async function clearRecorded(page: Page): Promise<void> {
  await page.evaluate(
    "{ const l = window.__apolLatency; l.keys.length = 0; l.squiggles.splice(0, l.squiggles.length - 1); l.suggest.splice(0, l.suggest.length - 1); }",
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Presses each key `keyMs` after the one before, as a person types: without waiting for the page to handle the last
 * one (playwright-core's press resolves only then, so a busy page would slow the pace). Returns when each was sent, on
 * the page's clock. Keys with modifiers share the keyboard's state, so those go through `pressInTurn`.
 */
async function typeAtPace(page: Page, clock: PageClock, keys: readonly string[], keyMs: number): Promise<number[]> {
  const start = performance.now();
  const sent: number[] = [];
  const pressed: Promise<void>[] = [];
  for (const [i, key] of keys.entries()) {
    await sleep(start + i * keyMs - performance.now());
    sent.push(clock.now());
    pressed.push(page.keyboard.press(key));
  }
  await Promise.all(pressed);
  return sent;
}

/** Presses each key once the page has handled the one before, `keyMs` apart at the most. */
async function pressInTurn(page: Page, keys: readonly string[], keyMs: number): Promise<void> {
  for (const key of keys) {
    const start = performance.now();
    await page.keyboard.press(key);
    await sleep(start + keyMs - performance.now());
  }
}

/** Converts this process's time to the page's `performance.now()`: both clocks count from their time origin on the machine's clock. */
interface PageClock {
  readonly now: () => number;
}

async function pageClock(page: Page): Promise<PageClock> {
  const origin = (await page.evaluate("performance.timeOrigin")) as number;
  return { now: () => performance.timeOrigin + performance.now() - origin };
}

/** The editor's current line: where Go to Line put the cursor. */
async function cursorLineTop(page: Page): Promise<number> {
  const top = await page.evaluate("Number.parseFloat(document.querySelector('.part.editor .view-overlays .current-line')?.parentElement?.style.top ?? '')");
  if (typeof top !== "number" || Number.isNaN(top)) throw new Error("cannot find the cursor's line in the editor");
  return top;
}

/** The width of one character in the editor's font, from a rendered line. */
async function characterWidth(page: Page): Promise<number> {
  const width = await page.evaluate(
    "(() => { const s = [...document.querySelectorAll('.part.editor .view-lines .view-line > span')].find((e) => e.textContent.length > 20); return s ? s.getBoundingClientRect().width / s.textContent.length : NaN; })()",
  );
  if (typeof width !== "number" || !(width > 0)) throw new Error("cannot measure the editor's character width");
  return width;
}

/** Waits until the squiggles have not changed for SETTLE_MS and there are none: the policy checks clean again. */
async function settleClean(page: Page): Promise<void> {
  await until(
    "the editor to show no error for half a second",
    async () => {
      const last = (await recorded(page)).squiggles.at(-1);
      return last && last.squiggles.length === 0 && ((await page.evaluate("performance.now()")) as number) - last.t >= SETTLE_MS ? true : undefined;
    },
    60_000,
  );
}

/** Lines (0-based) of the policy where a rule compares `args.amount`, spread evenly over its second half, `count` of them. */
function targetLines(text: string, count: number): number[] {
  const lines = text.split("\n");
  const candidates = lines.flatMap((line, i) => (i > lines.length / 2 && line.includes(RULE_LINE) ? [i] : []));
  if (candidates.length < count) throw new Error(`the policy has ${candidates.length} lines with \`${RULE_LINE}\`, fewer than ${count}`);
  return Array.from({ length: count }, (_, i) => candidates[Math.floor((i * candidates.length) / count)] as number);
}

/** What every measurement works with: the page, its clock, the policy's text and the typing pace. */
interface Session {
  readonly page: Page;
  readonly clock: PageClock;
  readonly text: string;
  readonly keyMs: number;
  /** The width of one character in the editor, in pixels. */
  readonly charWidth: number;
}

/**
 * One cycle on `line`: types TYPO after `args.amount` a key every `keyMs`, waits for its squiggle, then selects the typo
 * (Shift+Left) and deletes it (Backspace), and waits until the squiggle is gone. Each text the typing made has its own
 * squiggle (an unknown argument as wide as the name), so the DOM says which text's diagnostics it shows. A key's time
 * is when it was sent; `inputDelayMs` how long the page then took to see it.
 */
async function editCycle(session: Session, line: number): Promise<{ samples: EditSample[]; flickers: number }> {
  const { page, clock, text, keyMs, charWidth } = session;
  const lineText = text.split("\n")[line] as string;
  await goTo(page, line + 1, lineText.indexOf(ARGUMENT) + ARGUMENT.length + 1);
  await settleClean(page);
  const lineTop = await cursorLineTop(page);
  await clearRecorded(page);
  const nameLength = ARGUMENT.slice("args.".length).length;
  const typedAll = (squiggles: readonly Squiggle[]) => squiggleVersion(squiggles, { lineTop, charWidth, nameLength, typoLength: TYPO.length }) === TYPO.length;
  const sent = await typeAtPace(page, clock, [...TYPO], keyMs);
  await until(`the squiggle under \`amount${TYPO}\``, async () => ((await recorded(page)).squiggles.some((s) => typedAll(s.squiggles)) ? true : undefined));
  await sleep(REACTION_MS);
  await pressInTurn(
    page,
    Array.from(TYPO, () => "Shift+ArrowLeft"),
    keyMs,
  );
  sent.push(clock.now());
  await page.keyboard.press("Backspace");
  await settleClean(page);
  const log = await recorded(page);
  await page.keyboard.press("Escape");

  // The page's keydown of each typo character, then of the Backspace; the text after key i (1-based) is version i.
  const keydowns: number[] = [];
  let from = 0;
  for (const key of [...TYPO, "Backspace"]) {
    const at = log.keys.findIndex((k, i) => i >= from && k.key === key);
    if (at < 0) throw new Error(`the page saw no keydown of \`${key}\``);
    keydowns.push((log.keys[at] as KeyEvent).t);
    from = at + 1;
  }
  return analyzeCycle({ sent, keydowns, changes: log.squiggles, lineTop, charWidth, nameLength });
}

/** The argument names of the tool the rule around `line` targets, from its declaration. */
function toolArguments(text: string, line: number): string[] {
  const lines = text.split("\n");
  const head = lines
    .slice(0, line + 1)
    .reverse()
    .find((l) => /^\s+(allow|deny|review) /.test(l));
  const tool = head?.trim().split(" ")[1];
  const declaration = lines.find((l) => l.startsWith(`tool ${tool}(`));
  if (!declaration) throw new Error(`no declaration of the tool of the rule on line ${line + 1}`);
  const params = declaration.slice(declaration.indexOf("(") + 1, declaration.indexOf(")"));
  return params.split(",").map((p) => (p.trim().split(/\??:/)[0] as string).trim());
}

/** Types ` and args.` at the end of the rule's `when` line and times `.` to the suggest widget listing the tool's arguments; then removes it. */
async function completionSample(session: Session, line: number): Promise<number> {
  const { page, clock, text, keyMs } = session;
  const lineText = text.split("\n")[line] as string;
  const expected = JSON.stringify(toolArguments(text, line).sort());
  await goTo(page, line + 1, lineText.length + 1);
  await settleClean(page);
  await clearRecorded(page);
  const typed = " and args.";
  const sent = await typeAtPace(
    page,
    clock,
    [...typed].map((c) => (c === " " ? "Space" : c)),
    keyMs,
  );
  const dot = sent.at(-1) as number;
  const listed = await until("the suggest widget listing the tool's arguments", async () =>
    (await recorded(page)).suggest.find((s) => s.t >= dot && s.labels !== null && JSON.stringify([...s.labels].sort()) === expected),
  );
  await page.keyboard.press("Escape");
  await pressInTurn(page, [...Array.from(typed, () => "Shift+ArrowLeft"), "Backspace"], 0);
  return listed.t - dot;
}

/** The version in a package's package.json. */
function versionOf(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

async function main(): Promise<void> {
  const [install, vsix, out, ...flags] = process.argv.slice(2);
  if (!install || !vsix || !out) throw new Error("usage: latency.ts INSTALL_DIR VSIX OUT_JSON [--cycles=N] [--completions=N] [--key-ms=N]");
  const flag = (name: string, fallback: number): number => {
    const given = flags.find((f) => f.startsWith(`--${name}=`));
    const value = given === undefined ? fallback : Number(given.slice(name.length + 3));
    if (!(Number.isInteger(value) && value >= 0)) throw new Error(`--${name} takes a whole number`);
    return value;
  };
  const cycles = flag("cycles", 10);
  const completions = flag("completions", 20);
  const keyMs = flag("key-ms", 120);

  const { text, rules } = policyOfLines(EDITOR_POLICY_LINES);
  const root = mkdtempSync(join(tmpdir(), "apol-vscode-latency-"));
  const workspace = join(root, "workspace");
  mkdirSync(workspace);
  writeFileSync(join(workspace, "generated.apol"), text);
  const dirs = { install, userData: join(root, "user-data"), extensions: join(root, "extensions") };
  let server: CodeServer | undefined;
  try {
    installExtension(dirs, vsix);
    server = await startCodeServer(dirs);
    const { browser, page } = await openWorkbench(server, workspace);
    try {
      await page.evaluate(recorderSource);
      await openFile(page, "generated.apol");
      // The extension's status item names the policy once the language server has analysed it.
      await page.locator(".statusbar-item", { hasText: "policy generated" }).waitFor({ timeout: 120_000 });
      const session: Session = { page, clock: await pageClock(page), text, keyMs, charWidth: await characterWidth(page) };
      // One cycle and one completion first, not counted: the first edit of a session pays for warming up the JIT.
      const [warmEdit, ...editLines] = targetLines(text, cycles + completions + 2);
      const completionLines = editLines.splice(cycles);
      const warmCompletion = completionLines.pop() as number;
      await editCycle(session, warmEdit as number);
      await completionSample(session, warmCompletion);

      const editsStart = loadavg()[0]!;
      const edits: EditSample[] = [];
      let flickers = 0;
      for (const line of editLines) {
        const cycle = await editCycle(session, line);
        edits.push(...cycle.samples);
        flickers += cycle.flickers;
      }
      const editsEnd = loadavg()[0]!;
      const completionMs: number[] = [];
      for (const line of completionLines) completionMs.push(await completionSample(session, line));
      const completionEnd = loadavg()[0]!;
      const run: VscodeLatencyRun = {
        vscode: `${versionOf(join(install, "lib", "vscode"))} (code-server ${versionOf(install)})`,
        lines: text.split("\n").length,
        rules,
        keyMs,
        typo: TYPO,
        cycles,
        edits,
        flickers,
        completionMs,
        load: { editsStart, editsEnd, completionStart: editsEnd, completionEnd },
      };
      writeFileSync(out, `${JSON.stringify(run, null, 2)}\n`);
    } catch (error) {
      await page.screenshot({ path: `${out}.failed.png` }).catch(() => undefined);
      throw error;
    } finally {
      await browser.close();
    }
  } catch (error) {
    if (server) console.error(`code-server's log:\n${server.log().slice(-4000)}`);
    throw error;
  } finally {
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
