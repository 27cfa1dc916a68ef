// Debian's Chromium for the review desk's browser tests, driven by playwright-core; approvers as browser contexts that sign in and import keys.
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** Whether a missing Chromium fails the run (CI sets `APOL_REQUIRE_CHROMIUM=1`) rather than skipping the tests. */
const required = process.env["APOL_REQUIRE_CHROMIUM"] === "1";

/** Whether the browser tests can run; a warning (or, when required, an error) when they cannot. */
export function chromiumFor(tests: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (required) throw new Error("chromium is not installed, and APOL_REQUIRE_CHROMIUM=1 requires it: install it (`apt-get install chromium`)");
  console.warn(`skipping ${tests}: chromium is not installed (\`apt-get install chromium\`; CI requires it)`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Every request body each approver page sent, to check that no key left the browser. */
const bodies = new WeakMap<Page, string[]>();

/** The bodies of the requests `page` sent so far. */
export function sentBodies(page: Page): readonly string[] {
  return bodies.get(page) ?? [];
}

/** A page of its own browser context (its own cookies and IndexedDB), signed in with `token`; with `pem`, the key imported. */
export async function approverPage(browser: Browser, url: string, token: string, pem?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const sent: string[] = [];
  bodies.set(page, sent);
  page.on("request", (request) => sent.push(request.postData() ?? ""));
  await page.goto(url);
  await page.locator("#token").fill(token);
  await page.locator("#signin-form button").click();
  await page.locator("#inbox").waitFor();
  if (pem !== undefined) {
    await page.locator("#key-pem").fill(pem);
    await page.locator("#key-form button").click();
    await page.locator('#key[data-has-key="yes"]').waitFor({ state: "attached" });
  }
  return page;
}
