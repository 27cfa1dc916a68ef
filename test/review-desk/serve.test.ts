// `apol review serve` over a real Redis store: an enforcer in this process publishes a held call, the CLI's desk lists it, takes
// two signed approvals, and the call is released here; the desk's own decision log verifies with them.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ed25519Approvers, generateKeys, segments, signApproval, verifyLog } from "@apol/audit";
import { RedisStore } from "@apol/redis-store";
import { reviewFeed } from "@apol/review-desk";
import { createEnforcer } from "@apol/runtime";
import { freePort, RedisServer, redisServerFor } from "../redis/server.js";
import { POLICY_FILE } from "./fixture.js";
import { compiledModule } from "../harness/compiled-module.js";

const APOL = fileURLToPath(new URL("../../cli/bin/apol.js", import.meta.url));
const binary = redisServerFor("apol review serve over Redis");
const NAMES = ["cfo", "controller", "treasurer"] as const;

let redis: RedisServer;
let work: string;
let desk: ChildProcess | undefined;
let url: string;
const keys = Object.fromEntries(NAMES.map((n) => [n, generateKeys()])) as Record<(typeof NAMES)[number], { privateKey: string; publicKey: string }>;
const tokens = Object.fromEntries(NAMES.map((n) => [n, `serve-token-${n}-0123456789`]));
const logKeys = generateKeys();

beforeAll(async () => {
  if (!binary) return;
  redis = await RedisServer.start(binary);
  work = mkdtempSync(join(tmpdir(), "apol-serve-"));
  mkdirSync(join(work, "keys"));
  for (const name of NAMES) writeFileSync(join(work, "keys", `${name}.pub`), keys[name].publicKey);
  writeFileSync(join(work, "tokens.json"), JSON.stringify(tokens));
  writeFileSync(join(work, "log.key"), logKeys.privateKey);
  const port = await freePort();
  const args = [
    "review",
    "serve",
    "--policy",
    fileURLToPath(POLICY_FILE),
    "--approvers",
    join(work, "keys"),
    "--store",
    redis.url,
    "--port",
    String(port),
    "--tokens",
    join(work, "tokens.json"),
    "--log",
    join(work, "desk.log"),
    "--log-key",
    join(work, "log.key"),
  ];
  desk = spawn(process.execPath, [APOL, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    desk!.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const found = / on (http:\S+)\n/.exec(out);
      if (found) resolve(found[1]!);
    });
    desk!.once("exit", (code) => reject(new Error(`apol review serve exited with ${code}`)));
  });
});
afterAll(async () => {
  if (desk && desk.exitCode === null) desk.kill("SIGKILL");
  await redis?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.runIf(binary)("apol review serve", () => {
  it("lists a call an enforcer elsewhere holds, takes signed approvals, releases it there and logs them", async () => {
    const source = readFileSync(POLICY_FILE, "utf8");
    const policy = await compiledModule(source, "payments.apol");
    const store = new RedisStore({ url: redis.url, timeoutMs: 5000 });
    try {
      await store.connect();
      const feed = reviewFeed(policy, { store });
      const approvers = ed25519Approvers(Object.fromEntries(NAMES.map((n) => [n, keys[n].publicKey])));
      const enforcer = createEnforcer(policy, { store, approvers, log: feed, explain: true, onWarning: () => {} });
      const request = { tool: "pay", session: "fleet-1", args: { iban: "DE89370400440532013000", amount: 900, memo: "invoice 9" } };
      const held = await enforcer.decideAsync(request);
      expect(held.effect).toBe("review");
      await feed.published();
      const { review, digest } = held.approvals!;
      const as = (name: string) => ({ authorization: `Bearer ${tokens[name]}` });
      await expect
        .poll(
          async () =>
            ((await (await fetch(`${url}/api/reviews`, { headers: as("cfo") })).json()) as { reviews: { review: string }[] }).reviews.map((r) => r.review),
          { timeout: 10_000 },
        )
        .toEqual([review]);
      for (const name of ["cfo", "controller"] as const) {
        const { csrf } = (await (await fetch(`${url}/api/session`, { headers: as(name) })).json()) as { csrf: string };
        const response = await fetch(`${url}/api/reviews/${review}/approve`, {
          method: "POST",
          headers: { ...as(name), "content-type": "application/json", "x-csrf-token": csrf },
          body: JSON.stringify({ digest, signature: signApproval(keys[name].privateKey, review, digest, name).signature }),
        });
        expect(response.status).toBe(200);
      }
      expect((await enforcer.reviewAsync(review)).status).toBe("released");
      expect((await enforcer.decideAsync(request)).effect).toBe("allow");
    } finally {
      await store.close();
    }
    const exited = new Promise<number | null>((resolve) => desk!.once("exit", resolve));
    desk!.kill("SIGTERM");
    expect(await exited).toBe(0);
    const files = segments(join(work, "desk.log")).map((path) => ({ name: path, text: readFileSync(path, "utf8") }));
    expect(verifyLog(files, logKeys.publicKey)).toMatchObject({ closed: true });
    const approvals = files
      .flatMap((f) =>
        f.text
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { kind: string; data: { event?: string; approver?: string } }),
      )
      .filter((r) => r.kind === "entry" && r.data.event === "approval");
    expect(approvals.map((r) => r.data.approver)).toEqual(["cfo", "controller"]);
  });
});

it("refuses a missing option, naming it", () => {
  const run = spawnSync(process.execPath, [APOL, "review", "serve", "--policy", fileURLToPath(POLICY_FILE)], { encoding: "utf8" });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe("apol review: missing `--approvers KEYS`\n");
});

it("gives up on a Redis it cannot reach, saying where it looked", async () => {
  const port = await freePort();
  const folder = mkdtempSync(join(tmpdir(), "apol-serve-keys-"));
  const file = join(folder, "approvers.json");
  writeFileSync(file, JSON.stringify(Object.fromEntries(NAMES.map((n) => [n, keys[n].publicKey]))));
  const run = spawnSync(
    process.execPath,
    [APOL, "review", "serve", "--policy", fileURLToPath(POLICY_FILE), "--approvers", file, "--store", `redis://127.0.0.1:${port}`, "--port", "0"],
    { encoding: "utf8" },
  );
  rmSync(folder, { recursive: true, force: true });
  expect(run.status).toBe(2);
  expect(run.stderr).toBe(`apol review: cannot use the store \`redis://127.0.0.1:${port}\`: no answer within 5 s: is redis-server running there?\n`);
});
