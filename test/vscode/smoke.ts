// The extension in a real VS Code: code-server with the packaged .vsix, driven through Debian's Chromium by playwright-core.
// Usage (run.ts calls it, inside a network namespace): smoke.ts INSTALL_DIR VSIX ARTIFACTS_DIR
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { format } from "../../compiler/src/format/format.js";
import { installExtension, startCodeServer, type CodeServer } from "./code-server.js";
import { goTo, openFile, openWorkbench, runCommand, until } from "./workbench.js";

const argv = process.argv.slice(2);
if (argv.length !== 3) throw new Error("usage: smoke.ts INSTALL_DIR VSIX ARTIFACTS_DIR");
const [install, vsix, artifacts] = argv as [string, string, string];

const fixtures = fileURLToPath(new URL("./workspace", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "apol-vscode-"));
const workspace = join(root, "workspace");
const dirs = { install, userData: join(root, "user-data"), extensions: join(root, "extensions") };
cpSync(fixtures, workspace, { recursive: true });
mkdirSync(artifacts, { recursive: true });

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

function expectEqual<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Types ` and args.` (or `typed`) at the end of line 20 of transfers.apol and returns the completion labels; then reverts the file. */
async function completeArgs(page: Page, screenshotName: string, typed = " and args."): Promise<string[]> {
  await openFile(page, "transfers.apol");
  await goTo(page, 20);
  await page.keyboard.press("End");
  await page.keyboard.type(typed);
  // `.` triggers completion; a server still starting may answer with nothing, so ask again (Ctrl+Space) until it answers.
  const rows = page.locator(".suggest-widget.visible .monaco-list-row");
  await until("completion items", async () => {
    if (await rows.first().isVisible()) return true;
    await page.keyboard.press("Control+Space");
    return rows
      .first()
      .waitFor({ timeout: 3_000 })
      .then(() => true)
      .catch(() => undefined);
  });
  const labels = (await page.locator(".suggest-widget.visible .monaco-list-row .label-name").allInnerTexts()).map((l) => l.trim());
  await screenshot(page, screenshotName);
  await page.keyboard.press("Escape");
  await runCommand(page, "File: Revert File");
  await page.locator(".tabs-container .tab.active:not(.dirty)", { hasText: "transfers.apol" }).waitFor();
  return labels.sort();
}

const checks: { name: string; run: (page: Page) => Promise<void> }[] = [
  {
    name: "an .apol file opens in the apol language mode, and the status bar names its policy",
    run: async (page) => {
      await openFile(page, "transfers.apol");
      await until("the language mode apol", async () => ((await page.locator("#status\\.editor\\.mode").innerText()).trim() === "apol" ? true : undefined));
      const status = page.locator(".statusbar-item", { hasText: "policy transfers" });
      await status.waitFor();
      expectEqual((await status.innerText()).trim(), "policy transfers", "the status bar item");
      await screenshot(page, "01-highlighting");
      // VS Code's own token inspector shows the TextMate scopes the grammar gave `allow` on line 15.
      await goTo(page, 15);
      await page.keyboard.press("End");
      await page.keyboard.press("Home");
      await runCommand(page, "Developer: Inspect Editor Tokens and Scopes");
      const inspector = page.locator(".token-inspect-widget");
      await inspector.filter({ hasText: "keyword.control.effect.apol" }).waitFor();
      await screenshot(page, "01-token-scopes");
      await page.keyboard.press("Escape");
    },
  },
  {
    name: "a policy with an error shows a squiggle and an entry in the Problems panel",
    run: async (page) => {
      await openFile(page, "broken.apol");
      await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 30_000 });
      await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)");
      const entry = page.locator(".markers-panel .monaco-list-row", { hasText: "unknown tool `send_mony`" });
      await entry.first().waitFor();
      await page.locator(".statusbar-item", { hasText: "policy broken: 1 error, 1 warning" }).waitFor();
      await screenshot(page, "02-diagnostics");
    },
  },
  {
    name: "the compile command writes the module and its declarations beside the policy",
    run: async (page) => {
      await openFile(page, "transfers.apol");
      await runCommand(page, "apol: Compile current policy");
      const js = join(workspace, "transfers.js");
      const dts = join(workspace, "transfers.d.ts");
      await until("transfers.js and transfers.d.ts", async () => (existsSync(js) && existsSync(dts) ? true : undefined));
      if (!readFileSync(js, "utf8").includes("export function evaluate")) throw new Error("transfers.js has no `evaluate` export");
      if (!readFileSync(dts, "utf8").includes("send_money")) throw new Error("transfers.d.ts does not declare send_money's request");
      await page.locator(".notifications-toasts", { hasText: "compiled transfers.apol to transfers.js and transfers.d.ts" }).waitFor();
      await screenshot(page, "03-compile");
      await runCommand(page, "Notifications: Clear All Notifications");
    },
  },
  {
    name: "completion after `args.` lists the targeted tool's arguments from the language server",
    run: async (page) => {
      expectEqual(await completeArgs(page, "04-completion"), ["amount", "memo", "recipient"], "the completion items after `args.`");
    },
  },
  {
    name: "completion in `has(args.` lists only the optional arguments",
    run: async (page) => {
      expectEqual(await completeArgs(page, "04-completion-has", " and has(args."), ["memo"], "the completion items in `has(args.`");
    },
  },
  {
    name: "renaming a shape field renames the keys of the tests' values, and Problems lists codes as apol/unknown-tool",
    run: async (page) => {
      const file = join(workspace, "transfers.apol");
      const original = readFileSync(file, "utf8");
      await openFile(page, "transfers.apol");
      await goTo(page, 6, 20);
      await page.keyboard.press("F2");
      // Typed into the rename box itself: keys sent before it takes focus would edit the document instead.
      const input = page.locator(".rename-box input");
      await input.waitFor();
      await input.fill("level");
      await input.press("Enter");
      await page.locator(".tabs-container .tab.active.dirty", { hasText: "transfers.apol" }).waitFor();
      await page.keyboard.press("Control+S");
      try {
        await until("the renamed field on disk", async () => (readFileSync(file, "utf8").includes('user { id: "u1", level: teller }') ? true : undefined));
        expectEqual(readFileSync(file, "utf8").includes("user.level == teller"), true, "the renamed use of the field");
        await screenshot(page, "05-rename-field");
      } finally {
        writeFileSync(file, original);
        await runCommand(page, "File: Revert File");
      }
      await openFile(page, "broken.apol");
      await runCommand(page, "View: Focus Problems (Errors, Warnings, Infos)");
      const entry = page.locator(".markers-panel .monaco-list-row", { hasText: "unknown tool `send_mony`" }).first();
      await entry.waitFor();
      const text = await entry.innerText();
      if (!text.includes("apol/unknown-tool") || text.includes("apol(apol/unknown-tool)")) throw new Error(`the Problems entry reads ${JSON.stringify(text)}`);
    },
  },
  {
    name: "Format Document formats the policy the way `apol fmt` does",
    run: async (page) => {
      const file = join(workspace, "messy.apol");
      const expected = format(readFileSync(file, "utf8")).text;
      await openFile(page, "messy.apol");
      await runCommand(page, "Format Document");
      // The server's edits make the document dirty; then it is saved and read back from disk.
      await page.locator(".tabs-container .tab.active.dirty", { hasText: "messy.apol" }).waitFor();
      await page.keyboard.press("Control+S");
      await until("the formatted messy.apol on disk", async () => (readFileSync(file, "utf8") === expected ? true : undefined));
      await screenshot(page, "05-format");
    },
  },
  {
    name: "Run tests in file checks the policy, then runs its tests in the language server",
    run: async (page) => {
      await openFile(page, "transfers.apol");
      await runCommand(page, "apol: Run tests in file");
      const output = page.locator(".panel .view-lines");
      await output.filter({ hasText: "1 test passed" }).waitFor();
      expectEqual(
        (await output.innerText())
          .split("\n")
          .map((line) => line.replace(/\u00a0/g, " ").trimEnd())
          .filter((line) => line !== ""),
        ["apol check transfers.apol", "no errors", "apol test transfers.apol", "pass  tellers send small amounts to known recipients", "1 test passed"],
        "the output of `apol: Run tests in file`",
      );
      await screenshot(page, "06-run-tests");
    },
  },
  {
    name: "Restart language server starts a fresh server that answers",
    run: async (page) => {
      await runCommand(page, "apol: Restart language server");
      expectEqual(await completeArgs(page, "07-after-restart"), ["amount", "memo", "recipient"], "the completion items after the restart");
    },
  },
];

let server: CodeServer | undefined;
let passed = 0;
let failed = 0;
try {
  installExtension(dirs, vsix);
  server = await startCodeServer(dirs);
  const { browser, page } = await openWorkbench(server, workspace);
  try {
    for (const [index, check] of checks.entries()) {
      const started = Date.now();
      try {
        await check.run(page);
        passed++;
        console.log(`ok ${index + 1} - ${check.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed++;
        console.log(`not ok ${index + 1} - ${check.name}\n  ${String(error).replace(/\n/g, "\n  ")}`);
        await screenshot(page, `failed-${index + 1}`).catch(() => undefined);
        for (let i = 0; i < 2; i++) await page.keyboard.press("Escape").catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
} catch (error) {
  failed++;
  console.log(`not ok - the smoke test could not run: ${String(error)}`);
} finally {
  if (server && failed > 0) console.log(`code-server's log:\n${server.log().slice(-4000)}`);
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
}
console.log(`\nvscode: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed === checks.length ? 0 : 1);
