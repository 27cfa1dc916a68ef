// What `apol review serve` reads besides the policy: approvers' keys in each form, and the policy's approver groups.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { approverKeys, policyGroups, webhookFile } from "./review-config.js";
import { compiledModule } from "../../test/harness/compiled-module.js";

const PEM = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n";
let work: string | undefined;
afterEach(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});
const scratch = (): string => (work = mkdtempSync(join(tmpdir(), "apol-review-config-")));

describe("approverKeys", () => {
  it("reads a folder of NAME.pub, a JSON file and JSON text", () => {
    const dir = scratch();
    mkdirSync(join(dir, "keys"));
    writeFileSync(join(dir, "keys", "cfo.pub"), PEM);
    writeFileSync(join(dir, "keys", "notes.txt"), "not a key");
    writeFileSync(join(dir, "keys.json"), JSON.stringify({ cfo: PEM }));
    expect(approverKeys(join(dir, "keys"))).toEqual({ cfo: PEM });
    expect(approverKeys(join(dir, "keys.json"))).toEqual({ cfo: PEM });
    expect(approverKeys(JSON.stringify({ cfo: PEM }))).toEqual({ cfo: PEM });
  });

  it("says what is wrong with each", () => {
    const dir = scratch();
    mkdirSync(join(dir, "empty"));
    writeFileSync(join(dir, "list.json"), "[1]");
    expect((approverKeys(join(dir, "empty")) as Error).message).toBe(
      `\`${join(dir, "empty")}\` holds no NAME.pub files: \`apol keys generate --out ${join(dir, "empty", "NAME")}\` writes one`,
    );
    expect((approverKeys(join(dir, "list.json")) as Error).message).toBe(
      `\`${join(dir, "list.json")}\` must be a JSON object of public keys (PEM) by approver name`,
    );
    expect((approverKeys("{cfo") as Error).message).toBe(
      "`--approvers` starts with `{` but is not JSON: give a JSON object of public keys by name, a JSON file or a folder of NAME.pub",
    );
    expect((approverKeys(join(dir, "missing")) as Error).message).toBe(
      `cannot read \`${join(dir, "missing")}\`: give a folder of NAME.pub files or a JSON file of public keys by name`,
    );
  });
});

it("refuses a webhook list with a wrong format", () => {
  const file = join(scratch(), "hooks.json");
  writeFileSync(file, JSON.stringify([{ url: "http://127.0.0.1/", format: "teams" }]));
  expect((webhookFile(file) as Error).message).toBe(
    `\`${file}\` must be a JSON list of \`{ "url": "...", "group"?: "finance", "format"?: "json" | "slack" }\``,
  );
});

it("names each rule's approvers after the constant its `approvals` clause lists", async () => {
  const file = new URL("../../examples/review/payments.apol", import.meta.url);
  const source = readFileSync(file, "utf8");
  expect(policyGroups(source, await compiledModule(source, "payments.apol"))).toEqual({ finance: ["cfo", "controller", "treasurer"] });
});
