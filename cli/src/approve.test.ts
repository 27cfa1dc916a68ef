import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ed25519Approvers, generateKeys, signApproval } from "@apol/audit";
import { approvalMessage } from "@apol/runtime";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./main.js";
import { memoryIo } from "./memory-io.js";

const dir = mkdtempSync(join(tmpdir(), "apol-cli-approve-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const pair = generateKeys();
const key = join(dir, "cfo.key");
const pub = join(dir, "cfo.pub");
writeFileSync(key, pair.privateKey);
writeFileSync(pub, pair.publicKey);
const review = "0b743db8-e5e4-4f32-a2c3-77d8417f4af9";
const digest = `sha256:${"93d864a7a17b8cbe".repeat(4)}`;
const flags = ["--key", key, "--as", "cfo", "--id", review, "--digest", digest];

describe("apol approve", () => {
  it("prints the signed approval as one JSON line, which the approver's public key verifies", async () => {
    const result = await run("approve", ...flags);
    // Ed25519 signatures are deterministic: the CLI must sign exactly what `signApproval` signs.
    const expected = signApproval(pair.privateKey, review, digest, "cfo");
    expect(result).toEqual({ code: 0, out: `{"review":"${review}","digest":"${digest}","approver":"cfo","signature":"${expected.signature}"}\n`, err: "" });
    const approval = JSON.parse(result.out) as typeof expected;
    expect(ed25519Approvers({ cfo: pair.publicKey }).verify("cfo", approvalMessage(review, digest, "cfo"), approval.signature)).toBe(true);
    expect(ed25519Approvers({ cfo: pair.publicKey }).verify("cfo", approvalMessage("another-review", digest, "cfo"), approval.signature)).toBe(false);
  });

  it("writes the approval to `--out FILE`", async () => {
    const out = join(dir, "approval.json");
    expect(await run("approve", ...flags, "--out", out)).toEqual({ code: 0, out: `wrote ${out}\n`, err: "" });
    expect(readFileSync(out, "utf8")).toBe(`${JSON.stringify(signApproval(pair.privateKey, review, digest, "cfo"))}\n`);
    expect(await run("approve", ...flags, "--out", join(dir, "no-such-dir", "a.json"))).toEqual({
      code: 2,
      out: "",
      err: `apol approve: cannot write \`${join(dir, "no-such-dir", "a.json")}\`: ENOENT: no such file or directory, open '${join(dir, "no-such-dir", "a.json")}'\n`,
    });
  });

  it("names every missing flag in one line", async () => {
    expect(await run("approve")).toEqual({
      code: 2,
      out: "",
      err: "apol approve: missing `--key PRIVATE_KEY_FILE`, `--as NAME`, `--id REVIEW_ID` and `--digest DIGEST`\n",
    });
    expect(await run("approve", "--key", key, "--as", "cfo", "--id", review)).toEqual({ code: 2, out: "", err: "apol approve: missing `--digest DIGEST`\n" });
    expect((await run("approve", ...flags, "extra")).err).toBe("apol approve: unexpected operand `extra`: every input is a flag\n");
    expect((await run("approve", ...flags, "--as", " ")).err).toBe("apol approve: `--as` must not be empty\n");
    expect((await run("approve", ...flags, "--id", "")).err).toBe("apol approve: `--id` must not be empty\n");
  });

  it("refuses a malformed digest", async () => {
    for (const bad of ["93d864a7a17b8cbe", `sha256:${"a".repeat(63)}`, `sha256:${"A".repeat(64)}`, `sha1:${"a".repeat(64)}`, `sha256:${"a".repeat(64)} `]) {
      expect(await run("approve", ...flags, "--digest", bad)).toEqual({
        code: 2,
        out: "",
        err: `apol approve: malformed digest \`${bad}\`: expected \`sha256:\` and 64 lowercase hex digits, the \`approvals.digest\` of the review decision\n`,
      });
    }
  });

  it("refuses a key it cannot read or that is no Ed25519 private key", async () => {
    const missing = join(dir, "none.key");
    expect(await run("approve", ...flags, "--key", missing)).toEqual({ code: 2, out: "", err: `apol approve: cannot read the key \`${missing}\`\n` });
    expect((await run("approve", ...flags, "--key", dir)).err).toBe(`apol approve: cannot read the key \`${dir}\`\n`);
    expect((await run("approve", ...flags, "--key", pub)).err).toBe(
      `apol approve: \`${pub}\` is a public key: sign with the private key (\`apol keys generate\` wrote it to \`PREFIX.key\`)\n`,
    );
    const garbage = join(dir, "garbage.key");
    writeFileSync(garbage, "not a key\n");
    expect((await run("approve", ...flags, "--key", garbage)).err).toBe(`apol approve: \`${garbage}\` is not a private key in PEM\n`);
    const rsa = join(dir, "rsa.key");
    writeFileSync(rsa, generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }));
    expect(await run("approve", ...flags, "--key", rsa)).toEqual({
      code: 2,
      out: "",
      err: `apol approve: \`${rsa}\` is not an Ed25519 key (it is \`rsa\`): approvals are signed with Ed25519 keys (\`apol keys generate\`)\n`,
    });
  });
});
