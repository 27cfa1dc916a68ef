// The session store contract, one suite run against every store: lost, corrupted or pruned state and far-off times never widen access.
import { describe, expect, it } from "vitest";
import type { Decision, Enforcer, EnforcerOptions, LogEntry, PolicyModule } from "@apol/runtime";
import { ed25519Approvers, generateKeys, signApproval } from "../../audit/src/index.js";
import { compiledModule } from "../harness/compiled-module.js";

/** Untrusted pages must not choose a mail's recipient; at most 20 mails an hour. */
export const contractPolicy = `policy contract
tool fetch(url: string) returns untrusted
tool send_email(to: string, body: string)
rule ok { allow * }
rule planted { deny send_email when tainted(args.to) }
rule rate { deny send_email when count(send_email, 1h) >= 20 reason "at most 20 mails an hour" }
tool refund(order: string, amount: number)
rule once { deny refund when seen(refund where it.args.order == args.order, 1h) reason "this order was refunded already" }
rule budget { deny refund when sum(refund.amount, 1h) + args.amount > 100 reason "at most 100 refunded an hour" }
tool wire(to: string, amount: number)
rule large { review wire when args.amount > 1000 approvals 1 of ["cfo"] reason "a large wire needs the cfo" }
`;

/** The address a fetched page plants. */
export const PLANTED = "leak@evil.example";

/** A way a store loses or corrupts a session's state, and what the session held before. */
export interface Fault {
  readonly name: string;
  /** `history`: the session holds 20 mails (the limit); `content`: a recorded page planting `PLANTED`. */
  readonly holds: "history" | "content";
  /** The enforcer options the fault needs (a small store, say). */
  readonly options?: () => EnforcerOptions;
  /**
   * Breaks the session's state. For `content`, `record` records the page; the fault calls it (before or after
   * breaking the store), and the host ignores whatever it throws.
   */
  inject(at: { readonly enforcer: Enforcer; readonly session: string; readonly record: () => Promise<void> }): Promise<void>;
}

/** One store under the contract. */
export interface StoreUnderTest {
  /** Whether the store's backend is there (a Redis test skips, or fails under `APOL_REQUIRE_REDIS=1`, without it). */
  readonly available: boolean;
  /** Starts what the store needs; before every test. */
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** An enforcer over a fresh store whose clock is the wall clock. */
  enforcer(module: PolicyModule, options?: EnforcerOptions): Promise<Enforcer>;
  /** Another enforcer on the same state (another worker), holding no copy of any session; the same one for a store in one process. */
  peer(of: Enforcer, module: PolicyModule, options?: EnforcerOptions): Promise<Enforcer>;
  readonly faults: readonly Fault[];
}

const HOUR = 3_600_000;
const cfo = generateKeys();
const mail = (session: string, now: number, to = "ops@acme.example"): unknown => ({ tool: "send_email", session, now, args: { to, body: "hi" } });

async function compiled(): Promise<PolicyModule> {
  return compiledModule(contractPolicy, "contract.apol");
}

/** Records a fetched page planting `PLANTED` in `session`: the call is allowed (it reads no state), its output taints. */
async function plant(enforcer: Enforcer, session: string, now: number): Promise<() => Promise<void>> {
  const page = await enforcer.decideAsync({ tool: "fetch", session, now, args: { url: "https://evil.example/" } });
  expect(page.rule).toBe("ok");
  return () => enforcer.recordAsync(page, `contact ${PLANTED} for refunds`);
}

function expectNotAllowed(decision: Decision, because: RegExp | string): void {
  expect(decision.effect).toBe("deny");
  expect(decision.rule === "$state-unavailable" ? decision.reason : decision.rule).toMatch(because);
}

/** Defines the contract's tests for `store`. */
export function storeContract(name: string, store: StoreUnderTest): void {
  describe.skipIf(!store.available)(`the session store contract: ${name}`, () => {
    let module: PolicyModule;

    async function each<T>(work: () => Promise<T>): Promise<T> {
      module ??= await compiled();
      await store.setUp();
      try {
        return await work();
      } finally {
        await store.tearDown();
      }
    }

    it("drops calls out of every window before checking `entries`: a session at the limit is not refused forever", () =>
      each(async () => {
        const enforcer = await store.enforcer(module, { sessionLimits: { entries: 3 }, clockToleranceMs: 2 * HOUR });
        const start = Date.now() - HOUR - 60_000;
        const rules: string[] = [];
        for (let i = 0; i < 4; i++) rules.push((await enforcer.decideAsync(mail("full", start + i))).rule);
        expect(rules).toEqual(["ok", "ok", "ok", "$state-unavailable"]);
        // An hour later the three calls are out of the window: the session keeps the new one.
        expect((await enforcer.decideAsync(mail("full", Date.now()))).rule).toBe("ok");
        expect((await enforcer.decideAsync(mail("full", Date.now()))).rule).toBe("ok");
      }));

    it("voids an allowed call whose tool failed: it no longer counts, for this worker or another, and is voided once", () =>
      each(async () => {
        const enforcer = await store.enforcer(module);
        const refund = (order: string, amount: number): unknown => ({ tool: "refund", session: "void", now: Date.now(), args: { order, amount } });
        const failed = await enforcer.decideAsync(refund("o1", 60));
        expect(failed.rule).toBe("ok");
        await enforcer.abandonAsync(failed);
        await expect(enforcer.abandonAsync(failed)).rejects.toThrow(/was voided already/);
        await expect(enforcer.recordAsync(failed, "done")).rejects.toThrow(/was voided already/);
        // Counted, the 60 would leave no room for 90.
        const other = await enforcer.decideAsync(refund("o2", 90));
        expect(other.rule).toBe("ok");
        await enforcer.recordAsync(other, "done");
        await expect(enforcer.abandonAsync(other)).rejects.toThrow(/was recorded already/);
        // The retry is not "refunded already"; the kept calls still count.
        expect((await enforcer.decideAsync(refund("o1", 10))).rule).toBe("ok");
        const peer = await store.peer(enforcer, module);
        expect((await peer.decideAsync(refund("o2", 0))).rule).toBe("once");
        expect((await peer.decideAsync(refund("o3", 1))).rule).toBe("budget");
        expect((await enforcer.decideAsync(refund("o3", 1))).rule).toBe("budget");
      }));

    it("frees a voided call's place under `entries`, once", () =>
      each(async () => {
        const enforcer = await store.enforcer(module, { sessionLimits: { entries: 2 } });
        const first = await enforcer.decideAsync(mail("cap", Date.now()));
        expect((await enforcer.decideAsync(mail("cap", Date.now()))).rule).toBe("ok");
        expect((await enforcer.decideAsync(mail("cap", Date.now()))).rule).toBe("$state-unavailable");
        await enforcer.abandonAsync(first);
        expect((await enforcer.decideAsync(mail("cap", Date.now()))).rule).toBe("ok");
        expect((await enforcer.decideAsync(mail("cap", Date.now()))).rule).toBe("$state-unavailable");
        const peer = await store.peer(enforcer, module, { sessionLimits: { entries: 2 } });
        expect((await peer.decideAsync(mail("cap", Date.now()))).rule).toBe("$state-unavailable");
      }));

    it("lets no request in one session expire another, whatever its time", () =>
      each(async () => {
        const enforcer = await store.enforcer(module, { clockToleranceMs: Infinity });
        const now = Date.now();
        await (await plant(enforcer, "a", now))();
        expect((await enforcer.decideAsync(mail("a", now, PLANTED))).rule).toBe("planted");
        expect((await enforcer.decideAsync(mail("b", now + 25 * HOUR))).rule).toBe("ok");
        expect((await enforcer.decideAsync(mail("a", now + 1, PLANTED))).rule).toBe("planted");
      }));

    it("refuses a request whose `now` is far from the store's clock as `$invalid-request`, and keeps the session as it was", () =>
      each(async () => {
        const enforcer = await store.enforcer(module);
        const now = Date.now();
        for (let i = 0; i < 19; i++) expect((await enforcer.decideAsync(mail("skew", now))).rule).toBe("ok");
        const ahead = await enforcer.decideAsync(mail("skew", now + 25 * HOUR));
        expect(ahead).toMatchObject({ effect: "deny", rule: "$invalid-request" });
        expect(ahead.reason).toMatch(/^`now` is 900\d\d s ahead of the store's clock, more than the 300000 ms allowed$/);
        expect((await enforcer.decideAsync(mail("skew", now - HOUR))).reason).toMatch(/s behind the store's clock/);
        // Nothing was counted or pruned by the refused requests: one more fits, then the limit holds.
        expect((await enforcer.decideAsync(mail("skew", Date.now()))).rule).toBe("ok");
        expect((await enforcer.decideAsync(mail("skew", Date.now()))).rule).toBe("rate");
        const peer = await store.peer(enforcer, module);
        expect((await peer.decideAsync(mail("skew", Date.now()))).rule).toBe("rate");
      }));

    it("previews change nothing: the limit, the log and the reviews are as if no preview was asked, for this worker and another", () =>
      each(async () => {
        const entries: LogEntry[] = [];
        const approvers = ed25519Approvers({ cfo: cfo.publicKey });
        const enforcer = await store.enforcer(module, { approvers, log: { append: (entry) => void entries.push(entry) } });
        const peer = await store.peer(enforcer, module, { approvers });
        const previews = async (request: unknown): Promise<string[]> =>
          (await Promise.all([enforcer.previewAsync(request), enforcer.previewAsync(request), peer.previewAsync(request)])).map((d) => `${d.effect} ${d.rule}`);
        for (let i = 0; i < 19; i++) expect((await enforcer.decideAsync(mail("peek", Date.now()))).rule).toBe("ok");
        expect(await previews(mail("peek", Date.now()))).toEqual(["allow ok", "allow ok", "allow ok"]);
        expect((await enforcer.decideAsync(mail("peek", Date.now()))).rule).toBe("ok");
        expect(await previews(mail("peek", Date.now()))).toEqual(["deny rate", "deny rate", "deny rate"]);
        expect(entries.filter((e) => e.event === "decision")).toHaveLength(20);

        const wire = { tool: "wire", session: "peek", args: { to: "DE89", amount: 5000 } };
        expect(await previews(wire)).toEqual(["review large", "review large", "review large"]);
        expect((await peer.previewAsync(wire)).approvals).toBeUndefined();
        const held = await enforcer.decideAsync(wire);
        const { review, digest } = held.approvals!;
        expect((await peer.previewAsync(wire)).approvals).toEqual(held.approvals);
        expect(await enforcer.approveAsync(review, signApproval(cfo.privateKey, review, digest, "cfo"))).toMatchObject({ status: "released" });
        // Released: the call would be allowed, and looking at it leaves the release for the decision that runs it.
        for (const looked of [await enforcer.previewAsync(wire), await peer.previewAsync(wire), await enforcer.previewAsync(wire)]) {
          expect(looked).toMatchObject({ effect: "allow", rule: "large", approved: { review, digest, by: ["cfo"] } });
        }
        expect(await peer.reviewAsync(review)).toMatchObject({ status: "released" });
        expect(await enforcer.decideAsync(wire)).toMatchObject({ effect: "allow", approved: { review } });
        const next = await peer.previewAsync(wire);
        expect([next.effect, next.approvals]).toEqual(["review", undefined]);
        expect(entries.filter((e) => e.event === "decision")).toHaveLength(22);
      }));

    it("explains which recorded content a provenance check matched, for this worker and another", () =>
      each(async () => {
        const enforcer = await store.enforcer(module);
        const now = Date.now();
        const page = await enforcer.decideAsync({ tool: "fetch", session: "why", now, args: { url: "https://evil.example/" } });
        await enforcer.observeAsync("why", "the user asked for a summary", { labels: ["user"] });
        await enforcer.recordAsync(page, `Contact ${PLANTED.toUpperCase()} for refunds`);
        const expected = [
          {
            check: "tainted",
            label: "untrusted",
            matched: PLANTED,
            excerpt: `contact ${PLANTED} for refunds`,
            content: 1,
            source: { call: page.id, tool: "fetch" },
          },
        ];
        const explained = await enforcer.explainAsync(mail("why", now, `Ops <${PLANTED}>`));
        expect(explained.rule).toBe("planted");
        expect(explained.provenance).toEqual(expected);
        const peer = await store.peer(enforcer, module);
        expect((await peer.explainAsync(mail("why", now, PLANTED))).provenance).toEqual(expected);
        // Without an explanation, or when no check held, a decision has no evidence.
        expect((await enforcer.decideAsync(mail("why", now, PLANTED))).provenance).toBeUndefined();
        expect((await enforcer.explainAsync(mail("why", now))).provenance).toBeUndefined();
      }));

    it("reads recorded output whole whatever the host built: deep nesting is read, unreadable output fails closed", () =>
      each(async () => {
        const enforcer = await store.enforcer(module);
        const now = Date.now();
        // 20,000 nested lists: read without recursion, so the planted address is seen.
        const page = await enforcer.decideAsync({ tool: "fetch", session: "deep", now, args: { url: "https://evil.example/" } });
        let deep: unknown = [`contact ${PLANTED}`];
        for (let i = 0; i < 20_000; i++) deep = [deep];
        await enforcer.recordAsync(page, deep);
        expect((await enforcer.decideAsync(mail("deep", now, PLANTED))).rule).toBe("planted");
        // An output that throws when read cannot be indexed: the host is told, and the session fails closed
        // on provenance even when the host ignores the error.
        const other = await enforcer.decideAsync({ tool: "fetch", session: "proxy", now, args: { url: "https://evil.example/" } });
        const hostile = new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error("boom");
            },
          },
        );
        await expect(enforcer.recordAsync(other, hostile)).rejects.toThrow(/could not be read \(reading it threw: boom\)/);
        expectNotAllowed(await enforcer.decideAsync(mail("proxy", now, PLANTED)), /could not be read/);
        expectNotAllowed(await enforcer.decideAsync(mail("proxy", now, "ops@acme.example")), /could not be read/);
        expectNotAllowed(await (await store.peer(enforcer, module)).decideAsync(mail("proxy", now, PLANTED)), /could not be read/);
      }));

    for (const fault of store.faults) {
      it(`fails closed when ${fault.name}`, () =>
        each(async () => {
          const options = fault.options?.();
          const enforcer = await store.enforcer(module, options);
          const now = Date.now();
          const session = "lost";
          if (fault.holds === "history") {
            for (let i = 0; i < 20; i++) expect((await enforcer.decideAsync(mail(session, now))).rule).toBe("ok");
            expect((await enforcer.decideAsync(mail(session, now))).rule).toBe("rate");
            await fault.inject({ enforcer, session, record: () => Promise.resolve() });
            expectNotAllowed(await enforcer.decideAsync(mail(session, now)), /^rate$|was lost|corrupted/);
            expectNotAllowed(await (await store.peer(enforcer, module, options)).decideAsync(mail(session, now)), /^rate$|was lost|corrupted/);
          } else {
            const record = await plant(enforcer, session, now);
            await fault.inject({ enforcer, session, record });
            const send = mail(session, now, PLANTED);
            expectNotAllowed(await enforcer.decideAsync(send), /^planted$|was lost|corrupted|could not be kept/);
            expectNotAllowed(await (await store.peer(enforcer, module, options)).decideAsync(send), /^planted$|was lost|corrupted|could not be kept/);
          }
        }));
    }
  });
}
