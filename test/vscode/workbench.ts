// Driving VS Code's workbench in Chromium (playwright-core): opening it on a folder, Quick Open, the command palette, Go to Line.
import { chromium, type Browser, type Page } from "playwright-core";
import type { CodeServer } from "./code-server.js";

/** Chromium's flags for a machine with no network but loopback: nothing in the background reaches out. */
const chromiumFlags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's Chromium with a page showing the workbench on `folder`; resolves once the workbench is drawn. */
export async function openWorkbench(server: CodeServer, folder: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumFlags });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** Picks the row of the open quick input whose label is exactly `label` (clicking it, since Enter may race the filtering). */
async function pick(page: Page, typed: string, label: string): Promise<void> {
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(typed);
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  await page
    .locator(".quick-input-list .monaco-list-row")
    .filter({ has: page.locator(".label-name", { hasText: exact }) })
    .first()
    .click();
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor has the focus. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press("Control+P");
  await pick(page, name, name);
  await page.locator(".tabs-container .tab.active", { hasText: name }).waitFor();
  await page.locator(".monaco-editor.focused").waitFor();
}

/** Runs a command by its exact title from the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  await pick(page, `>${title}`, title);
}

/** Moves the cursor with Go to Line (Ctrl+G): `line` and `column` are 1-based, as the status bar shows them. */
export async function goTo(page: Page, line: number, column?: number): Promise<void> {
  await page.keyboard.press("Control+G");
  await page.keyboard.type(column === undefined ? String(line) : `${line}:${column}`);
  await page.keyboard.press("Enter");
}

/** Polls `probe` every 200 ms until it answers something; throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
