// The review desk end to end in real Chromium: approvers in their own browser contexts import keys, see a held call with
// its provenance, sign in the page, and the waiting agent's call is released once; rejections, refusals and hostile text too.
import { mkdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segments, signApproval, verifyLog } from "@apol/audit";
import { guard, type GuardResult } from "@apol/runtime";
import { listen, type Listening } from "@apol/review-desk";
import type { Browser, Page } from "playwright-core";
import { approverPage, chromiumFor, launch, sentBodies } from "./browser.js";
import { deskFixture, type DeskFixture } from "./fixture.js";

const run = chromiumFor("the review desk's browser tests");
/** Where screenshots for the docs go, when asked (`APOL_DESK_SCREENSHOTS=docs/images`). */
const shots = process.env["APOL_DESK_SCREENSHOTS"];
const IBAN = "GB33BUKB20201555555555";
const HOSTILE = `<img src=x onerror="window.__pwned=1">`;

let f: DeskFixture;
let served: Listening;
let browser: Browser;

beforeAll(async () => {
  if (!run) return;
  f = await deskFixture();
  served = await listen(f.desk);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
  await f?.close();
});

/** The text of the detail's result line once it says something other than "signing…". */
async function result(page: Page): Promise<string> {
  // Polled from here: the page's CSP forbids the eval a string `waitForFunction` needs.
  await expect.poll(async () => page.locator("#d-result").textContent(), { timeout: 20_000 }).not.toMatch(/^(|signing…)$/);
  return (await page.locator("#d-result").textContent()) ?? "";
}

describe.runIf(run)("the review desk in Chromium", () => {
  it("two approvers sign a held call in their browsers; the waiting agent's call runs once; the log holds the approvals", async () => {
    const cfo = await approverPage(browser, served.url, f.tokens.cfo, f.keys.cfo.privateKey);
    const controller = await approverPage(browser, served.url, f.tokens.controller, f.keys.controller.privateKey);
    const keyless = await approverPage(browser, served.url, f.tokens.treasurer);
    const unlisted = await approverPage(browser, served.url, f.tokens.oncall, f.keys.oncall.privateKey);
    // The key is kept as a private, non-extractable CryptoKey; nothing the page sent holds it.
    expect(
      await cfo.evaluate(
        `new Promise((resolve) => { const open = indexedDB.open("apol-review-desk"); open.onsuccess = () => { const get = open.result.transaction("keys").objectStore("keys").get("cfo"); get.onsuccess = () => resolve({ type: get.result.type, extractable: get.result.extractable, algorithm: get.result.algorithm.name }); }; })`,
      ),
    ).toEqual({ type: "private", extractable: false, algorithm: "Ed25519" });
    await cfo.evaluate("window.marker = 1");
    expect(await cfo.locator("tr.row").count()).toBe(0);

    // The agent reads a document holding an IBAN, then pays that IBAN 900 with a hostile memo, and waits.
    const read = await f.enforcer.decideAsync({ tool: "read_file", session: "agent-1", args: { path: "invoice.txt" } });
    await f.enforcer.recordAsync(read, `Invoice 7: please pay the balance to ${IBAN} by Friday.`);
    let runs = 0;
    const waiting: Promise<GuardResult> = guard(f.enforcer, {
      tool: "pay",
      session: "agent-1",
      args: { iban: IBAN, amount: 900, memo: HOSTILE },
      review: { wait: true, pollMs: 20 },
      run: () => ++runs,
    });

    // Server-Sent Events bring the review into the open inbox, without a reload.
    await cfo.locator("tr.row").waitFor();
    expect(await cfo.evaluate("window.marker")).toBe(1);
    expect(await cfo.locator("tr.row td").nth(3).textContent()).toBe("0 of 2 from finance");
    if (shots) {
      mkdirSync(shots, { recursive: true });
      await cfo.screenshot({ path: `${shots}/review-desk-inbox.png` });
    }
    await cfo.locator("tr.row").click();
    await cfo.locator(".evidence").waitFor();
    const evidence = await cfo.locator(".evidence").textContent();
    expect(evidence).toContain(IBAN.toLowerCase());
    expect(evidence).toContain("labelled untrusted");
    expect(evidence).toContain("produced by read_file");
    expect(evidence).toContain("step 1");
    expect(await cfo.locator('.arg.suspicious[data-path="args.iban"]').count()).toBe(1);
    // The hostile argument is text: the DOM holds it literally, no element was made from it, no script ran.
    expect(await cfo.locator('.arg[data-path="args.memo"] .arg-value').textContent()).toBe(HOSTILE);
    expect(await cfo.locator("#detail img").count()).toBe(0);
    expect(await cfo.evaluate("window.__pwned")).toBeUndefined();
    expect(await cfo.locator("#d-facts").textContent()).toContain("rule large_payments {");
    if (shots) await cfo.screenshot({ path: `${shots}/review-desk-detail.png`, fullPage: true });

    const review = ((await cfo.evaluate("location.hash")) as string).replace("#/review/", "");
    for (const page of [controller, keyless, unlisted]) await page.goto(`${served.url}/#/review/${review}`);
    // Without a key, and off the rule's list, the page says why and offers no signing.
    await expect.poll(() => keyless.locator("#d-cannot").textContent(), { timeout: 20_000 }).not.toBe("");
    expect(await keyless.locator("#d-cannot").textContent()).toBe("no signing key for `treasurer` in this browser: import your private key above to sign");
    expect(await keyless.locator("#approve").isDisabled()).toBe(true);
    await expect.poll(() => unlisted.locator("#d-cannot").textContent(), { timeout: 20_000 }).not.toBe("");
    expect(await unlisted.locator("#d-cannot").textContent()).toBe(
      "`oncall` may not approve rule `large_payments`: its approvers are `cfo`, `controller`, `treasurer`",
    );
    expect(await unlisted.locator("#approve").isDisabled()).toBe(true);

    await cfo.locator("#approve").click();
    expect(await result(cfo)).toBe("approved by `cfo`: 1 of 2");
    // The other approver's open page hears of the first signature live.
    await expect.poll(() => controller.locator("#d-facts").textContent(), { timeout: 20_000 }).toContain("signed: cfo");
    await controller.locator("#approve").click();
    expect(await result(controller)).toBe("released: approved by cfo, controller");

    const done = await waiting;
    expect(done.status).toBe("ok");
    expect(runs).toBe(1);
    expect(done.decision.approved?.by).toEqual(["cfo", "controller"]);

    // A rejection in the desk reaches the next waiting agent as a deny with the rejecter's reason.
    const second: Promise<GuardResult> = guard(f.enforcer, {
      tool: "pay",
      session: "agent-2",
      args: { iban: IBAN, amount: 950, memo: "invoice 8" },
      review: { wait: true, pollMs: 20 },
      run: () => ++runs,
    });
    await cfo.goto(`${served.url}/#/`);
    await cfo.locator("tr.row").waitFor();
    await cfo.locator("tr.row").click();
    await cfo.locator("#reject-reason").fill("this payee is not on our books");
    await cfo.locator("#reject").click();
    expect(await result(cfo)).toBe("rejected by `cfo`: this payee is not on our books");
    const refused = await second;
    expect(refused.status).toBe("denied");
    expect(refused.status === "denied" && refused.review?.reason).toBe("rejected by `cfo`: this payee is not on our books");
    expect(runs).toBe(1);

    const keyBody = f.keys.cfo.privateKey.split("\n")[1]!;
    expect(sentBodies(cfo).some((body) => body.includes("PRIVATE KEY") || body.includes(keyBody))).toBe(false);
    expect(sentBodies(cfo).some((body) => body.includes('"signature"'))).toBe(true);

    // The history tab lists both.
    await cfo.goto(`${served.url}/#/`);
    await cfo.locator("#tab-history").click();
    await expect.poll(() => cfo.locator("tr.row").count(), { timeout: 20_000 }).toBe(2);

    // The log verifies and holds every approval, with its signature, and the rejection.
    f.log.close();
    const files = segments(f.logFile).map((path) => ({ name: path, text: readFileSync(path, "utf8") }));
    const report = verifyLog(files, f.logPublicKey);
    expect(report.problem).toBeUndefined();
    expect(report.closed).toBe(true);
    const entries = files
      .flatMap((file) => file.text.trim().split("\n"))
      .map(
        (line) =>
          JSON.parse(line) as {
            kind: string;
            data: { event: string; review: string; digest?: string; approver?: string; signature?: string; by?: string; state?: { ok: boolean } };
          },
      );
    const events = entries.filter((e) => e.kind === "entry" && ["approval", "rejection", "release"].includes(e.data.event)).map((e) => e.data);
    expect(events.map((e) => [e.event, e.approver ?? e.by, e.state?.ok])).toEqual([
      ["approval", "cfo", true],
      ["approval", "controller", true],
      ["release", ["cfo", "controller"], undefined],
      ["rejection", "cfo", true],
    ]);
    // Ed25519 signs deterministically: the page's WebCrypto signatures are byte for byte those `apol approve` makes.
    for (const approval of events.filter((e) => e.event === "approval")) {
      const name = approval.approver as "cfo" | "controller";
      expect(approval.signature).toBe(signApproval(f.keys[name].privateKey, approval.review, approval.digest!, name).signature);
    }
  });
});
