// Reviews kept in Redis: a fleet of processes releases a call exactly once, a released call still meets its limits, and expiry follows the enforcers' clocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { ed25519Approvers, generateKeys, signApproval } from "@apol/audit";
import { RedisStore } from "@apol/redis-store";
import type { StoreConfig } from "@apol/runtime/store";
import { createEnforcer, type Approvers, type Decision, type Enforcer, type PolicyModule, type ReviewState } from "@apol/runtime";
import { paymentsPolicy } from "./policies.js";
import { ReviewFleet, type ReviewJob, type ReviewResult } from "./review-fleet.js";
import { RedisServer, redisServerFor } from "./server.js";
import { compiledModule } from "../harness/compiled-module.js";

const binary = redisServerFor("the Redis review tests");

const FINANCE = ["cfo", "controller", "treasurer"];
const WORKERS = 4;
const ROUNDS = 5;
/**
 * The approvals each round submits: every approver, two or three times. Job `k` goes
 * to worker `k % 4` after rotating the list by the round, so the copies of one
 * approver always come from different processes, and who wins changes from round to round.
 */
const SUBMITTED = ["cfo", "controller", "treasurer", "cfo", "controller", "treasurer", "cfo", "controller"];
const DECIDERS_PER_WORKER = 2;

const transfer = (session: string, amount: number) => ({ tool: "send_money", session, args: { recipient: "DE89370400440532013000", amount } });

/** Worker `w`'s `j`-th result is job `j * size + w`: the results back in job order, failing on any a worker threw. */
function inJobOrder(results: ReviewResult[][]): (ReviewState | Decision)[] {
  const flat: (ReviewState | Decision)[] = [];
  for (let j = 0; j < results[0]!.length; j++) {
    for (const worker of results) {
      const result = worker[j]!;
      if ("error" in result) throw new Error(`a worker failed: ${result.error}`);
      flat.push(result);
    }
  }
  return flat;
}

/** Job `k` to worker `k % size`. */
function dealt(jobs: readonly ReviewJob[], size: number): ReviewJob[][] {
  return Array.from({ length: size }, (_, w) => jobs.filter((_, k) => k % size === w));
}

describe.skipIf(!binary)("reviews in Redis", () => {
  let server: RedisServer;
  let module: PolicyModule;
  let fleet: ReviewFleet | undefined;
  let approvers: Approvers;
  const privateKeys: Record<string, string> = {};
  const publicKeys: Record<string, string> = {};
  const stores: RedisStore[] = [];

  /** An enforcer over its own store and connection, as another process would have. */
  async function enforcerFor(clock: () => number, clockToleranceMs?: number): Promise<Enforcer> {
    const store = new RedisStore({ url: server.url, timeoutMs: 5000 });
    stores.push(store);
    await store.connect();
    return createEnforcer(module, { store, clock, approvers, ...(clockToleranceMs === undefined ? {} : { clockToleranceMs }) });
  }

  beforeAll(async () => {
    server = await RedisServer.start(binary!);
    module = await compiledModule(paymentsPolicy, "payments.apol");
    for (const name of FINANCE) {
      const keys = generateKeys();
      privateKeys[name] = keys.privateKey;
      publicKeys[name] = keys.publicKey;
    }
    approvers = ed25519Approvers(publicKeys);
    fleet = await ReviewFleet.start(server.url, WORKERS, publicKeys);
  });

  afterAll(async () => {
    await fleet?.stop();
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it("releases a call approved concurrently from 4 processes exactly once, to exactly one of 8 concurrent deciders", async () => {
    const own = await enforcerFor(Date.now);
    const admin = new Redis(server.url);
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const session = `fleet-${round}`;
        const request = transfer(session, 900 + round);
        const held = await own.decideAsync(request);
        expect(held).toMatchObject({ effect: "review", rule: "large", approvals: { required: 2, from: FINANCE } });
        const { review, digest, expiresAt } = held.approvals!;

        const names = SUBMITTED.map((_, k) => SUBMITTED[(k + round) % SUBMITTED.length]!);
        const jobs = names.map((name): ReviewJob => ({ approve: review, approval: signApproval(privateKeys[name]!, review, digest, name) }));
        const states = inJobOrder(await fleet!.run(dealt(jobs, WORKERS))) as ReviewState[];
        const outcomes = states.map((state, k) => ({ approver: names[k]!, state }));

        // Exactly two approvals were taken, by two different approvers: the first left the review pending, the second released it.
        const first = outcomes.find((o) => o.state.ok && o.state.status === "pending");
        const second = outcomes.find((o) => o.state.ok && o.state.status === "released");
        expect(outcomes.filter((o) => o.state.ok)).toHaveLength(2);
        const [a, b] = [first!.approver, second!.approver];
        expect(a).not.toBe(b);
        const report = (ok: boolean, status: string, reason: string, approvers: string[]) => ({
          ok,
          review,
          status,
          reason,
          approvers,
          required: 2,
          expiresAt,
        });
        // Every other approval was refused: a copy of the first one's while the review was pending, anything once it was released.
        const expected = outcomes.map(({ approver, state }) => {
          if (state === first!.state) return { approver: a, state: report(true, "pending", `approved by \`${a}\`: 1 of 2`, [a]) };
          if (state === second!.state) return { approver: b, state: report(true, "released", `released: approved by ${a}, ${b}`, [a, b]) };
          if (state.status === "pending") return { approver: a, state: report(false, "pending", `\`${a}\` approved review \`${review}\` already`, [a]) };
          return { approver, state: report(false, "released", `review \`${review}\` is released already`, [a, b]) };
        });
        expect(outcomes).toEqual(expected);

        const deciders = Array.from({ length: WORKERS * DECIDERS_PER_WORKER }, (): ReviewJob => ({ decide: request }));
        const decisions = inJobOrder(await fleet!.run(dealt(deciders, WORKERS))) as Decision[];
        const allowed = decisions.filter((d) => d.effect === "allow");
        const reheld = decisions.filter((d) => d.effect !== "allow");
        expect(allowed).toHaveLength(1);
        expect(allowed[0]).toMatchObject({ effect: "allow", rule: "large", tool: "send_money", session, approved: { review, digest, by: [a, b] } });
        expect(allowed[0]!.approvals).toBeUndefined();
        // Everyone else is held again, all by one new review of the same call.
        const next = reheld[0]!.approvals!.review;
        expect(next).not.toBe(review);
        expect(reheld.map((d) => [d.effect, d.rule, d.approvals?.review, d.approvals?.digest])).toEqual(
          Array.from({ length: decisions.length - 1 }, () => ["review", "large", next, digest]),
        );

        expect(await own.reviewAsync(review)).toEqual(report(true, "used", "used", [a, b]));
        expect(await own.reviewAsync(next)).toMatchObject({ ok: true, review: next, status: "pending", approvers: [] });
        const late = FINANCE.find((n) => n !== a && n !== b)!;
        expect(await own.approveAsync(review, signApproval(privateKeys[late]!, review, digest, late))).toEqual(
          report(false, "used", `review \`${review}\` was released and its call has run: a new call needs a new review`, [a, b]),
        );
        // The released call entered the session's history once.
        expect(await admin.llen(`apol:payments:{${session}}:h`)).toBe(1);
      }
    } finally {
      admin.disconnect();
    }
  });

  it("denies a released call when another worker filled a limit after the call was held: the limit holds", async () => {
    // A store that stops once, at its next review read, until let go: after the session check, before the release.
    let reached: () => void = () => {};
    let pause: Promise<void> | undefined;
    class Pausing extends RedisStore {
      override async read(config: StoreConfig, keys: readonly string[]): Promise<(string | null)[]> {
        const waiting = pause;
        pause = undefined;
        if (waiting) {
          reached();
          await waiting;
        }
        return super.read(config, keys);
      }
    }
    const store = new Pausing({ url: server.url, timeoutMs: 5000 });
    stores.push(store);
    await store.connect();
    const a = createEnforcer(module, { store, clock: Date.now, approvers });
    const b = await enforcerFor(Date.now);
    const session = "filled";
    const earlier = { tool: "send_money", args: { recipient: "DE89370400440532013000", amount: 1 }, time: Date.now() };
    await b.loadAsync(session, { history: Array.from({ length: 99 }, () => earlier) });

    const held = await a.decideAsync(transfer(session, 900));
    const { review, digest } = held.approvals!;
    for (const name of ["cfo", "controller"]) await b.approveAsync(review, signApproval(privateKeys[name]!, review, digest, name));
    let letGo!: () => void;
    pause = new Promise((resolve) => (letGo = resolve));
    const paused = new Promise<void>((resolve) => (reached = resolve));
    const released = a.decideAsync(transfer(session, 900));
    await paused;
    expect(await b.decideAsync(transfer(session, 100))).toMatchObject({ effect: "allow", rule: "small" });
    letGo();
    const decision = await released;
    expect(decision).toMatchObject({ effect: "deny", rule: "daily", reason: "at most 100 transfers a day" });
    expect(decision.approved).toBeUndefined();
    // The release was used up by the denied call: a new call needs a new review.
    expect(await a.reviewAsync(review)).toMatchObject({ status: "used", approvers: ["cfo", "controller"] });
    const admin = new Redis(server.url);
    expect(await admin.llen(`apol:payments:{${session}}:h`)).toBe(100);
    admin.disconnect();
  });

  it("refuses an approval given after `expiresAt` by the approving enforcer's clock, across two enforcers", async () => {
    const opened = Date.parse("2026-11-21T10:00:00Z");
    const hours = 3_600_000;
    let timeA = opened;
    let timeB = opened;
    // Clocks set to a fixed day, far from the server's: the clock rule is tested elsewhere.
    const a = await enforcerFor(() => timeA, Infinity);
    const b = await enforcerFor(() => timeB, Infinity);
    const sign = (name: string, held: Decision) => signApproval(privateKeys[name]!, held.approvals!.review, held.approvals!.digest, name);
    const request = transfer("expiry", 2500);

    const held = await a.decideAsync(request);
    const review = held.approvals!.review;
    expect(held.approvals).toMatchObject({ required: 2, expiresAt: "2026-11-21T14:00:00.000Z" });
    timeB = opened + 4 * hours - 1;
    expect(await b.approveAsync(review, sign("cfo", held))).toMatchObject({ ok: true, status: "pending", approvers: ["cfo"] });
    timeB = opened + 4 * hours;
    expect(await b.approveAsync(review, sign("controller", held))).toEqual({
      ok: false,
      review,
      status: "expired",
      reason: `review \`${review}\` expired at 2026-11-21T14:00:00.000Z`,
      approvers: ["cfo"],
      required: 2,
      expiresAt: "2026-11-21T14:00:00.000Z",
    });

    // The expired review releases nothing: deciding again opens a new one, which expires 4 hours on.
    timeA = opened + 4 * hours;
    expect(await a.reviewAsync(review)).toMatchObject({ status: "expired", approvers: ["cfo"] });
    const again = await a.decideAsync(request);
    expect(again).toMatchObject({ effect: "review", approvals: { expiresAt: "2026-11-21T18:00:00.000Z" } });
    expect(again.approvals!.review).not.toBe(review);

    // Released in time but not used in time: neither a late decision nor a late approval gets through.
    const renewed = again.approvals!.review;
    timeB = opened + 5 * hours;
    expect(await b.approveAsync(renewed, sign("cfo", again))).toMatchObject({ ok: true, status: "pending" });
    expect(await b.approveAsync(renewed, sign("treasurer", again))).toMatchObject({ ok: true, status: "released", approvers: ["cfo", "treasurer"] });
    timeA = opened + 8 * hours;
    const late = await a.decideAsync(request);
    expect(late).toMatchObject({ effect: "review", rule: "large" });
    expect(late.approved).toBeUndefined();
    expect([late.approvals!.review === renewed, late.approvals!.review === review]).toEqual([false, false]);
    timeB = opened + 8 * hours;
    expect(await b.approveAsync(renewed, sign("controller", again))).toMatchObject({
      ok: false,
      status: "expired",
      reason: `review \`${renewed}\` expired at 2026-11-21T18:00:00.000Z`,
    });
    expect(await b.reviewAsync(renewed)).toMatchObject({ status: "expired", approvers: ["cfo", "treasurer"] });
  });
});
