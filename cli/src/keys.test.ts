// `apol keys generate`: a pair written once, never over existing keys, with messages instead of Node's error codes.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-cli-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

it("writes a pair, then refuses to overwrite either half without Node's raw error", async () => {
  const prefix = join(dir, "log");
  expect(await run("keys", "generate", "--out", prefix)).toEqual({ code: 0, out: `wrote ${prefix}.key (private) and ${prefix}.pub (public)\n`, err: "" });
  expect(await run("keys", "generate", "--out", prefix)).toEqual({
    code: 2,
    out: "",
    err: `apol keys: \`${prefix}.key\` and \`${prefix}.pub\` already exist; keys are never overwritten: choose another \`--out\` or remove them first\n`,
  });
  const half = join(dir, "half");
  writeFileSync(`${half}.pub`, "mine");
  expect((await run("keys", "generate", "--out", half)).err).toBe(
    `apol keys: \`${half}.pub\` already exists; keys are never overwritten: choose another \`--out\` or remove it first\n`,
  );
  expect(existsSync(`${half}.key`)).toBe(false);
  expect((await run("keys", "generate", "--out", join(dir, "no", "such", "k"))).err).toBe(
    `apol keys: cannot write the keys to \`${join(dir, "no", "such", "k")}.key\`: no such folder\n`,
  );
});
